# The copy index moves from submitted versions to reports (issue 16): a report's entry is its
# text as last saved, drafts included. Existing entries are carried over from each report's
# latest version (its text, spans and MinHash rows, and its buckets), so nothing is recomputed.

import django.db.models.deletion
from django.db import migrations, models


def _latest_versions(apps):
    ReportVersion = apps.get_model("reports", "ReportVersion")
    latest = {}
    for version in ReportVersion.objects.order_by("report_id", "number").iterator():
        latest[version.report_id] = version
    return latest


def entries_from_latest_versions(apps, schema_editor):
    CopyEntry = apps.get_model("reports", "CopyEntry")
    PassageBucket = apps.get_model("reports", "PassageBucket")
    CopyEntry.objects.bulk_create(
        CopyEntry(
            report_id=report_id,
            text=version.text,
            passage_spans=version.passage_spans,
            minhashes=version.minhashes,
        )
        for report_id, version in _latest_versions(apps).items()
    )
    for bucket in PassageBucket.objects.select_related("version").iterator():
        bucket.report_id = bucket.version.report_id
        bucket.save(update_fields=["report"])


def buckets_back_to_versions(apps, schema_editor):
    PassageBucket = apps.get_model("reports", "PassageBucket")
    latest = {report_id: v.pk for report_id, v in _latest_versions(apps).items()}
    # Drafts never submitted had no entry before: their buckets go.
    PassageBucket.objects.exclude(report_id__in=list(latest)).delete()
    for bucket in PassageBucket.objects.iterator():
        bucket.version_id = latest[bucket.report_id]
        bucket.save(update_fields=["version"])


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_finding_objection"),
    ]

    operations = [
        migrations.CreateModel(
            name="CopyEntry",
            fields=[
                (
                    "report",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="copy_entry",
                        serialize=False,
                        to="reports.dutyreport",
                    ),
                ),
                ("text", models.TextField(blank=True, default="")),
                ("passage_spans", models.JSONField(blank=True, default=list)),
                ("minhashes", models.BinaryField(blank=True, default=b"")),
            ],
        ),
        migrations.RemoveIndex(model_name="passagebucket", name="report_bucket_idx"),
        migrations.AddField(
            model_name="passagebucket",
            name="report",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="buckets",
                to="reports.dutyreport",
            ),
        ),
        migrations.AlterField(
            model_name="passagebucket",
            name="version",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="reports.reportversion",
            ),
        ),
        migrations.RunPython(entries_from_latest_versions, buckets_back_to_versions),
        migrations.RemoveField(model_name="passagebucket", name="version"),
        migrations.AlterField(
            model_name="passagebucket",
            name="report",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="buckets",
                to="reports.dutyreport",
            ),
        ),
        migrations.AddIndex(
            model_name="passagebucket",
            index=models.Index(
                fields=["bucket", "-report", "passage"], name="report_bucket_idx"
            ),
        ),
    ]

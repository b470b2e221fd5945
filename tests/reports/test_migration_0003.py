"""Migration 0003 carries the copy index from submitted versions over to reports (each report's
entry is its latest version's text and signature, its buckets follow), and back."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from shuzhi.rounds.models import Reporter, Round
from tests.factories import make_org, make_person

pytestmark = pytest.mark.django_db(transaction=True)

OLD = ("reports", "0002_finding_objection")
NEW = ("reports", "0003_copy_index_per_report")


def _migrate(target: tuple[str, str]) -> Any:
    MigrationExecutor(connection).migrate([target])
    return MigrationExecutor(connection).loader.project_state([target]).apps


def test_entries_and_buckets_move_from_latest_versions_to_reports_and_back():
    apps = _migrate(OLD)
    county = make_org("迁移县委", code="M")
    town = make_org("迁移镇党委", county, code="M1")
    round_ = Round.objects.create(name="迁移考核", year=2026, hearing_organization=county)
    reporter = Reporter.objects.create(
        round=round_, organization=town, person=make_person("迁移书记", town)
    )
    report = apps.get_model("reports", "DutyReport").objects.create(
        reporter_id=reporter.pk, round_id=round_.pk, organization_id=town.pk
    )
    Version = apps.get_model("reports", "ReportVersion")
    Version.objects.create(report=report, number=1, mode="structured", text="第一版")
    latest = Version.objects.create(
        report=report,
        number=2,
        mode="structured",
        text="第二版正文",
        passage_spans=[[0, 5]],
        minhashes=b"\x01\x02\x03\x04",
    )
    apps.get_model("reports", "PassageBucket").objects.bulk_create(
        apps.get_model("reports", "PassageBucket")(version=latest, passage=0, bucket=b)
        for b in (11, 12)
    )

    apps = _migrate(NEW)
    entry = apps.get_model("reports", "CopyEntry").objects.get()
    assert entry.report_id == report.pk and entry.text == "第二版正文"
    assert entry.passage_spans == [[0, 5]] and bytes(entry.minhashes) == b"\x01\x02\x03\x04"
    Bucket = apps.get_model("reports", "PassageBucket")
    assert set(Bucket.objects.values_list("report_id", "bucket")) == {
        (report.pk, 11),
        (report.pk, 12),
    }

    apps = _migrate(OLD)
    Bucket = apps.get_model("reports", "PassageBucket")
    assert set(Bucket.objects.values_list("version_id", "bucket")) == {
        (latest.pk, 11),
        (latest.pk, 12),
    }
    _migrate(("reports", "0003_copy_index_per_report"))

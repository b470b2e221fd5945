# Problems are unique by a digest of their text: a long text cannot sit in a B-tree index.

import hashlib

from django.db import migrations, models


def fill_digests(apps, schema_editor):
    Problem = apps.get_model("rectification", "Problem")
    for problem in Problem.objects.only("pk", "text").iterator():
        digest = hashlib.sha256(problem.text.encode()).hexdigest()
        Problem.objects.filter(pk=problem.pk).update(text_digest=digest)


class Migration(migrations.Migration):
    dependencies = [("rectification", "0001_initial")]

    operations = [
        migrations.RemoveConstraint(model_name="problem", name="unique_problem_intake"),
        migrations.AddField(
            model_name="problem",
            name="text_digest",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(fill_digests, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="problem",
            constraint=models.UniqueConstraint(
                fields=("organization", "reference", "text_digest"), name="unique_problem_intake"
            ),
        ),
    ]

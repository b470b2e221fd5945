"""Fewer indexes for a vote to update, and room for PostgreSQL to update a token in place.

A vote updates one token row and inserts one ballot row; every index on those tables is paid
on each vote. The foreign-key indexes duplicate the composite indexes that start with the same
column, and the token hash needs no LIKE index. With free space left on each page of the
token table (fillfactor), marking a token used is a heap-only update that touches no index.
"""

import django.db.models.deletion
from django.db import migrations, models


def _fillfactor(value):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            table = apps.get_model("meetings", "BallotToken")._meta.db_table
            schema_editor.execute(f"ALTER TABLE {table} SET (fillfactor = {value})")

    return apply


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0002_ballot_box_without_order'),
    ]

    operations = [
        migrations.AlterField(
            model_name='ballot',
            name='box',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='ballots', to='meetings.ballotbox'),
        ),
        migrations.AlterField(
            model_name='ballottoken',
            name='meeting',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='tokens', to='meetings.meeting'),
        ),
        migrations.AlterField(
            model_name='ballottoken',
            name='token_hash',
            field=models.CharField(max_length=64),
        ),
        migrations.AddConstraint(
            model_name='ballottoken',
            constraint=models.UniqueConstraint(fields=('token_hash',), name='one_token_per_hash'),
        ),
        migrations.RunPython(_fillfactor(60), _fillfactor(100)),
    ]

"""The ballot box keeps no order and no link (docs/meetings.md, issue 15).

Forward, for every existing box: each token that has a ballot is marked used; the ballot's link
to its token, its sequence and its chain hash are dropped, and so are the box's chain head and
counter; tokens and ballots get random keys, and each box's ballots are written again in receipt
order (so neither their ids nor their physical order follow the order of voting). The ballots
themselves are untouched, so counts and tallies stay exactly as they were. A closed meeting's
digest becomes the digest over its set of ballots; the audit trail records, per meeting, the
old digest (the chain head), the new one and the counts.

Backward, the schema is restored, but the links this migration dropped cannot be: they are gone
by design. Ballots are numbered again in receipt order (not the original voting order), chained
and digested again (so a closed meeting's digest is not the original one: the audit trail has
both), and each phone ballot is tied to a randomly chosen used token of its box and category, so
that the old schema's rule (one ballot per used token) holds again without naming any voter.
"""

import hashlib
import json
import random

from django.db import migrations, models

import shuzhi.meetings.models

MIGRATION_ACTOR = "系统迁移（测评票箱去除顺序与关联）"


def _sha256(text):
    return hashlib.sha256(text.encode()).hexdigest()


def _canonical(value):
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _genesis(meeting_id, rehearsal):
    return _sha256(f"shuzhi-meeting:{meeting_id}:{'rehearsal' if rehearsal else 'formal'}")


def _record(ballot, sequence=None):
    # Frozen copies of meetings.rules.ballot_record (and, with a sequence, the retired
    # chain_record), so this migration computes the same digests whatever the rules become.
    body = {
        "ballot": json.loads(ballot.canonical),
        "category": ballot.category,
        "receipt": ballot.receipt,
        "source": ballot.source,
        "valid": ballot.valid,
    }
    if sequence is not None:
        body["sequence"] = sequence
    return _canonical(body)


def _chain(start, records):
    head = start
    for record in records:
        head = _sha256(head + "\n" + record)
    return head


def _audit(apps, meeting, action, before, after):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    AuditEntry.objects.create(
        actor_label=MIGRATION_ACTOR,
        action=action,
        object_type="meetings.Meeting",
        object_id=str(meeting.pk),
        object_repr=meeting.title[:200],
        organization_path=meeting.hosting_organization.path,
        before=before,
        after=after,
    )


def _counts(ballots):
    categories = {}
    for ballot in ballots:
        categories[ballot.category] = categories.get(ballot.category, 0) + 1
    return {
        "ballots": len(ballots),
        "valid": sum(1 for b in ballots if b.valid),
        "invalid": sum(1 for b in ballots if not b.valid),
        "by_category": dict(sorted(categories.items())),
    }


def freeze_ballot_reporters(apps, schema_editor):
    """Meetings whose formal box has opened get the agenda they opened with (it is frozen)."""
    Meeting = apps.get_model("meetings", "Meeting")
    AgendaItem = apps.get_model("meetings", "AgendaItem")
    for meeting in Meeting.objects.filter(state__in=("open", "closed")):
        meeting.ballot_reporters = list(
            AgendaItem.objects.filter(meeting=meeting)
            .order_by("position")
            .values_list("reporter_id", flat=True)
        )
        meeting.save(update_fields=["ballot_reporters"])


def _each_box(apps, action, convert):
    """Run ``convert(meeting, box, before, after)`` on every box, which returns the box's new
    digest; a closed meeting takes its formal box's, and the audit trail gets both."""
    Meeting = apps.get_model("meetings", "Meeting")
    BallotBox = apps.get_model("meetings", "BallotBox")
    for meeting in Meeting.objects.select_related("hosting_organization").order_by("pk"):
        before, after = {"digest": meeting.digest}, {}
        for box in BallotBox.objects.filter(meeting=meeting):
            digest = convert(meeting, box, before, after)
            if not box.rehearsal and meeting.state == "closed":
                meeting.digest = digest
                meeting.save(update_fields=["digest"])
        after["digest"] = meeting.digest
        _audit(apps, meeting, action, before, after)


def drop_links(apps, schema_editor):
    Ballot = apps.get_model("meetings", "Ballot")
    BallotToken = apps.get_model("meetings", "BallotToken")
    BallotToken.objects.filter(ballot__isnull=False).update(used=True)

    def convert(meeting, box, before, after):
        ballots = list(Ballot.objects.filter(box=box))
        mode = "rehearsal" if box.rehearsal else "formal"
        records = {b.receipt: _record(b) for b in ballots}
        digest = _chain(_genesis(meeting.pk, box.rehearsal), (records[r] for r in sorted(records)))
        before[f"{mode}_head"] = box.head
        before[f"{mode}_count"] = box.count
        after[f"{mode}_digest"] = digest
        after[mode] = _counts(ballots)
        return digest

    _each_box(apps, "meetings.box.convert", convert)


def restore_links(apps, schema_editor):
    Ballot = apps.get_model("meetings", "Ballot")
    BallotToken = apps.get_model("meetings", "BallotToken")
    chooser = random.SystemRandom()

    def convert(meeting, box, before, after):
        spare = {}
        for token in BallotToken.objects.filter(meeting=meeting, rehearsal=box.rehearsal, used=True):
            spare.setdefault(token.category, []).append(token.pk)
        for tokens in spare.values():
            chooser.shuffle(tokens)
        ballots = list(Ballot.objects.filter(box=box).order_by("receipt"))
        head = _genesis(meeting.pk, box.rehearsal)
        for sequence, ballot in enumerate(ballots, start=1):
            head = _sha256(head + "\n" + _record(ballot, sequence))
            ballot.sequence, ballot.chain_hash = sequence, head
            if ballot.source == "phone" and spare.get(ballot.category):
                ballot.token_id = spare[ballot.category].pop()
            ballot.save(update_fields=["sequence", "chain_hash", "token"])
        box.head, box.count = head, len(ballots)
        box.save(update_fields=["head", "count"])
        after["rehearsal_head" if box.rehearsal else "formal_head"] = head
        return head

    _each_box(apps, "meetings.box.unconvert", convert)


def random_keys(apps, schema_editor):
    """New random keys for tokens; each box's ballots written again in receipt order."""
    BallotToken = apps.get_model("meetings", "BallotToken")
    Ballot = apps.get_model("meetings", "Ballot")
    BallotBox = apps.get_model("meetings", "BallotBox")
    for pk in list(BallotToken.objects.values_list("pk", flat=True)):
        BallotToken.objects.filter(pk=pk).update(id=shuzhi.meetings.models.random_key())
    for box in BallotBox.objects.all():
        ballots = list(Ballot.objects.filter(box=box).order_by("receipt"))
        Ballot.objects.filter(box=box).delete()
        for ballot in ballots:
            ballot.pk = shuzhi.meetings.models.random_key()
        Ballot.objects.bulk_create(ballots)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_append_only_triggers"),
        ("meetings", "0001_meeting_and_ballot_box"),
    ]

    operations = [
        migrations.AddField(
            model_name="ballottoken", name="used", field=models.BooleanField(default=False)
        ),
        # Nullable (or defaulted) first, so that the reverse can add them back to full tables.
        migrations.AlterField(
            model_name="ballot",
            name="sequence",
            field=models.PositiveIntegerField(null=True),
        ),
        migrations.AlterField(
            model_name="ballot",
            name="chain_hash",
            field=models.CharField(default="", max_length=64),
        ),
        migrations.AlterField(
            model_name="ballotbox", name="head", field=models.CharField(default="", max_length=64)
        ),
        migrations.RemoveConstraint(model_name="ballot", name="one_ballot_per_link"),
        migrations.RemoveConstraint(model_name="ballot", name="ballot_from_token_or_paper_slip"),
        migrations.RunPython(drop_links, restore_links),
        migrations.RemoveField(model_name="ballot", name="token"),
        migrations.RemoveField(model_name="ballot", name="sequence"),
        migrations.RemoveField(model_name="ballot", name="chain_hash"),
        migrations.RemoveField(model_name="ballotbox", name="head"),
        migrations.RemoveField(model_name="ballotbox", name="count"),
        migrations.AlterModelOptions(name="ballot", options={"ordering": ["box", "receipt"]}),
        migrations.AddConstraint(
            model_name="ballot",
            constraint=models.UniqueConstraint(
                fields=("box", "receipt"), name="one_ballot_per_receipt"
            ),
        ),
        migrations.AddConstraint(
            model_name="ballot",
            constraint=models.CheckConstraint(
                condition=models.Q(("paper_serial__isnull", True), ("source", "phone"))
                | models.Q(("paper_serial__isnull", False), ("source", "paper")),
                name="ballot_from_phone_or_paper_slip",
            ),
        ),
        migrations.AlterField(
            model_name="ballot",
            name="id",
            field=models.BigIntegerField(
                default=shuzhi.meetings.models.random_key,
                editable=False,
                primary_key=True,
                serialize=False,
            ),
        ),
        migrations.AlterField(
            model_name="ballottoken",
            name="id",
            field=models.BigIntegerField(
                default=shuzhi.meetings.models.random_key,
                editable=False,
                primary_key=True,
                serialize=False,
            ),
        ),
        migrations.RunPython(random_keys, migrations.RunPython.noop),
        migrations.AddField(
            model_name="meeting",
            name="turnout_step",
            field=models.PositiveSmallIntegerField(default=5, verbose_name="投票进度显示步长（张）"),
        ),
        migrations.AddConstraint(
            model_name="meeting",
            constraint=models.CheckConstraint(
                condition=models.Q(("turnout_step__gte", 2), ("turnout_step__lte", 100)),
                name="turnout_never_shown_one_by_one",
            ),
        ),
        migrations.AddField(
            model_name="meeting",
            name="ballot_reporters",
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.RunPython(freeze_ballot_reporters, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="meeting",
            name="digest",
            field=models.CharField(blank=True, max_length=64, verbose_name="测评票摘要"),
        ),
    ]

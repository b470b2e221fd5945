"""Migration 0002 converts existing boxes (links and order dropped, ballots and counts kept, the
old digest in the audit trail) and goes back to the old schema as far as the links allow."""

from __future__ import annotations

import importlib
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from shuzhi.audit.models import AuditEntry
from shuzhi.meetings import box, rules
from shuzhi.meetings.models import Ballot, BallotToken, Meeting
from shuzhi.rounds.models import Round

pytestmark = pytest.mark.django_db(transaction=True)

OLD = ("meetings", "0001_meeting_and_ballot_box")
NEW = ("meetings", "0002_ballot_box_without_order")
LATEST = ("meetings", "0004_meeting_kind")
migration = importlib.import_module("shuzhi.meetings.migrations.0002_ballot_box_without_order")


def _migrate(target: tuple[str, str]) -> Any:
    executor = MigrationExecutor(connection)
    executor.migrate([target])
    return MigrationExecutor(connection).loader.project_state([target]).apps


def _old_box(apps: Any, organization: Any) -> tuple[int, str, list[str]]:
    """A closed meeting as the old code left it: a chain of 5 linked ballots (one paper)."""
    round_ = Round.objects.create(name="旧考核", year=2025, hearing_organization=organization)
    meeting = apps.get_model("meetings", "Meeting").objects.create(
        round_id=round_.pk,
        hosting_organization_id=organization.pk,
        title="旧评议会",
        held_on=date(2025, 12, 20),
        sign_in_code="old-meeting",
        state="open",
    )
    Box = apps.get_model("meetings", "BallotBox")
    formal = Box.objects.create(
        meeting=meeting, rehearsal=False, head=rules.genesis(meeting.pk, False)
    )
    Box.objects.create(meeting=meeting, rehearsal=True, head=rules.genesis(meeting.pk, True))
    Token = apps.get_model("meetings", "BallotToken")
    Ballot = apps.get_model("meetings", "Ballot")
    head, receipts = formal.head, []
    for n in range(5):
        canonical = rules.canonical_json(
            {"comment": "", "ratings": {"1": {"grade": "fair", "indicators": {}, "remark": ""}}}
        )
        paper = n == 4
        token = (
            None
            if paper
            else Token.objects.create(
                meeting=meeting, token_hash=f"{n:064d}", category="masses", batch=1
            )
        )
        receipt = rules.sha256(f"T{n}\n{canonical}")[:20].upper()
        ballot = Ballot(
            box=formal,
            token=token,
            paper_serial=n if paper else None,
            sequence=n + 1,
            category="masses",
            source="paper" if paper else "phone",
            canonical=canonical,
            receipt=receipt,
            valid=True,
        )
        head = rules.link(head, migration._record(ballot, n + 1))
        ballot.chain_hash = head
        ballot.save()
        receipts.append(receipt)
    Token.objects.create(meeting=meeting, token_hash="f" * 64, category="masses", batch=1)
    formal.head, formal.count = head, 5
    formal.save()
    meeting.state, meeting.digest = "closed", head
    meeting.save()
    return meeting.pk, head, receipts


def test_existing_boxes_are_converted_and_the_reverse_restores_the_schema(small_city):
    old_apps = _migrate(OLD)
    try:
        meeting_id, old_digest, receipts = _old_box(old_apps, small_city.city)
        _migrate(NEW)
        # The later migrations (indexes, the meeting's kind) leave the converted data alone;
        # the current models need their columns.
        _migrate(LATEST)
        meeting = Meeting.objects.get(pk=meeting_id)
        assert sorted(Ballot.objects.values_list("receipt", flat=True)) == sorted(receipts)
        assert BallotToken.objects.filter(used=True).count() == 4
        assert BallotToken.objects.filter(used=False).count() == 1
        assert meeting.digest == box.box_digest(meeting) != old_digest
        entry = AuditEntry.objects.get(action="meetings.box.convert", object_id=str(meeting_id))
        assert entry.before["digest"] == old_digest and entry.before["formal_count"] == 5
        assert entry.after["digest"] == meeting.digest
        assert entry.after["formal"] == {
            "ballots": 5,
            "valid": 5,
            "invalid": 0,
            "by_category": {"masses": 5},
        }
        assert [b.valid for b in box.counted_ballots(meeting)] == [True] * 5

        back = _migrate(OLD)
        OldBallot = back.get_model("meetings", "Ballot")
        rows = list(OldBallot.objects.order_by("sequence"))
        assert [b.sequence for b in rows] == [1, 2, 3, 4, 5]
        assert [b.receipt for b in rows] == sorted(receipts)  # numbered by receipt, not voting
        assert all(b.token_id for b in rows if b.source == "phone")
        assert len({b.token_id for b in rows if b.token_id}) == 4
        old_meeting = back.get_model("meetings", "Meeting").objects.get(pk=meeting_id)
        assert (
            old_meeting.digest
            == back.get_model("meetings", "BallotBox")
            .objects.get(meeting_id=meeting_id, rehearsal=False)
            .head
        )
        assert AuditEntry.objects.filter(action="meetings.box.unconvert").exists()
    finally:
        _migrate(LATEST)

"""Receipts are keyed (a token alone does not find its ballot), resubmission works without any
stored link, and the hall sees turnout only in coarse steps."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from shuzhi.meetings import ballots, box, queries, rules, services
from shuzhi.meetings.models import Ballot, Meeting
from tests.meetings.conftest import all_graded, issue, open_formal

pytestmark = pytest.mark.django_db


def test_the_receipt_needs_the_servers_key(world, settings):
    open_formal(world)
    (token,) = issue(world, count=1)
    data = all_graded(world, "good", "fair")
    receipt = ballots.submit_ballot(raw_token=token, data=data).code
    canonical = Ballot.objects.get().canonical
    # Whoever printed the slips knows the token, but not the key: the unkeyed hash is not it.
    assert receipt != rules.sha256(token + "\n" + canonical)[:20].upper()
    assert receipt == rules.receipt_for(ballots.receipt_key(world.meeting.pk), token, canonical)
    settings.SECRET_KEY = "another server"
    assert receipt != rules.receipt_for(ballots.receipt_key(world.meeting.pk), token, canonical)


def test_resubmission_finds_its_receipt_after_closing_and_a_different_ballot_never(world):
    open_formal(world)
    token, other = issue(world, count=2)
    data = all_graded(world, "good", "fair")
    first = ballots.submit_ballot(raw_token=token, data=data)
    ballots.submit_ballot(raw_token=other, data=all_graded(world, "poor"))
    box.close_box(actor=world.host, meeting=world.meeting)
    again = ballots.submit_ballot(raw_token=f"  {token.lower()} ", data=data)
    assert again.code == first.code and again.repeated
    with pytest.raises(ValidationError, match="已经关闭"):
        # The other voter's ballot, with this token: its receipt is not in the box.
        ballots.submit_ballot(raw_token=token, data=all_graded(world, "poor"))
    assert Ballot.objects.count() == 2


def test_one_receipt_once_per_box_by_the_database(world):
    open_formal(world)
    (token,) = issue(world, count=1)
    ballots.submit_ballot(raw_token=token, data=all_graded(world, "good"))
    ballot = Ballot.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.create(
            box=ballot.box,
            category=ballot.category,
            source=ballot.source,
            canonical=ballot.canonical,
            receipt=ballot.receipt,
            valid=True,
        )


def _live(client: Client, meeting: Meeting) -> str:
    return client.get(f"/meetings/{meeting.pk}/live/", HTTP_HX_REQUEST="true").content.decode()


def test_turnout_moves_in_steps_and_is_exact_once_closed(world):
    meeting = open_formal(world)
    tokens = issue(world, count=12)
    host = Client()
    host.force_login(world.host)
    seen = []
    for token in tokens[:11]:
        ballots.submit_ballot(raw_token=token, data=all_graded(world, "fair"))
        seen.append(queries.turnout(Meeting.objects.get(pk=meeting.pk)).cast)
    assert seen == [0, 0, 0, 0, 5, 5, 5, 5, 5, 10, 10]
    assert "10 / 12" in _live(host, meeting)
    closed = box.close_box(actor=world.host, meeting=meeting)
    assert queries.turnout(closed).cast == 11


def test_the_step_is_a_setting_never_one(world):
    with pytest.raises(ValidationError, match="turnout_never_shown_one_by_one"):
        services.update_settings(
            actor=world.host, meeting=world.meeting, values={"turnout_step": 1}
        )
    meeting = services.update_settings(
        actor=world.host,
        meeting=Meeting.objects.get(pk=world.meeting.pk),
        values={"turnout_step": 10},
    )
    world.meeting = meeting
    open_formal(world)
    for token in issue(world, count=9):
        ballots.submit_ballot(raw_token=token, data=all_graded(world, "fair"))
    assert queries.turnout(Meeting.objects.get(pk=meeting.pk)).cast == 0


def test_a_ballot_that_finds_its_box_not_open_leaves_its_token_unused(world):
    (token,) = issue(world, count=1)  # a formal token, before the box opens
    found = ballots.read_slip(token)
    assert found is not None
    with pytest.raises(IntegrityError):
        ballots._cast(found, canonical="{}", receipt="R" * 20)
    assert not Ballot.objects.exists() and not ballots.find_token(token).used


def test_closing_spends_the_unused_slips(world):
    open_formal(world)
    (token,) = issue(world, count=1)
    box.close_box(actor=world.host, meeting=world.meeting)
    assert ballots.find_token(token).used
    with pytest.raises(ValidationError, match="已经关闭"):
        ballots.submit_ballot(raw_token=token, data=all_graded(world, "good"))
    assert not Ballot.objects.exists()


def test_a_vote_costs_three_statements_and_no_lock_on_the_meeting(world):
    open_formal(world)
    (token,) = issue(world, count=1)
    data = all_graded(world, "good", "fair")
    with CaptureQueriesContext(connection) as queries_run:
        ballots.submit_ballot(raw_token=token, data=data)
    statements = [q["sql"] for q in queries_run.captured_queries if "SAVEPOINT" not in q["sql"]]
    # Read the token; consume it and insert the ballot (one statement on PostgreSQL).
    assert len(statements) == (2 if connection.vendor == "postgresql" else 3), statements
    assert not [s for s in statements if "FOR UPDATE" in s or "FOR SHARE" in s]


def test_the_published_receipt_schema_carries_no_order():
    """What the API promises its clients: a receipt says nothing of when or in which place the
    ballot entered the box (no sequence, position, number or time)."""
    schema = Client().get("/api/openapi.json").json()
    response = schema["paths"]["/api/meetings/ballots"]["post"]["responses"]["200"]
    reference = response["content"]["application/json"]["schema"]["$ref"]
    receipt = schema["components"]["schemas"][reference.rsplit("/", 1)[-1]]
    assert set(receipt["properties"]) == {"receipt", "meeting_title", "repeated"}

"""Closing never races a ballot in flight (PostgreSQL, real concurrent transactions).

A phone ballot holds no lock on the meeting, only its token's row; closing spends every unused
token first. So a ballot that has consumed its token before the close is waited
for and counted, and one that reaches its token after the close began finds it spent and is refused — never a
ballot in a closed box outside the digest.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import connection, connections, transaction

from shuzhi.meetings import archive, ballots, box, queries, rules
from shuzhi.meetings.models import Ballot, BallotToken, Meeting
from tests.meetings.conftest import all_graded, issue, open_formal

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs concurrent transactions (PostgreSQL)"
    ),
]


def _in_thread(work: Callable[[], Any]) -> tuple[threading.Thread, dict[str, Any]]:
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = work()
        except Exception as error:  # the test inspects what the thread raised
            outcome["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def _wait_until_blocked_on_a_lock(deadline: float = 20.0) -> None:
    """Until some other session of the test database waits for a row lock."""
    end = time.monotonic() + deadline
    with connection.cursor() as cursor:
        while time.monotonic() < end:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.01)
    raise AssertionError("no session ever waited for a lock")


@contextmanager
def paused_after(module: Any, name: str) -> Iterator[tuple[threading.Event, threading.Event]]:
    """Make ``module.name`` stop after it ran (the first time) until released."""
    reached, release = threading.Event(), threading.Event()
    original = getattr(module, name)

    def pausing(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        if not reached.is_set():
            reached.set()
            assert release.wait(30)
        return result

    setattr(module, name, pausing)
    try:
        yield reached, release
    finally:
        setattr(module, name, original)


def test_a_ballot_in_flight_when_closing_starts_is_waited_for_and_counted(world):
    open_formal(world)
    token, _spare = issue(world, count=2)
    data = all_graded(world, "good", "fair")
    found = ballots.read_slip(token)
    assert found is not None
    canonical = rules.canonical_ballot(rules.parse_ballot(data, found.reporter_ids, found.rules))
    reached, release = threading.Event(), threading.Event()

    def cast_slowly() -> bool:
        # The ballot's transaction has consumed its token and written the ballot, and has
        # not committed yet when closing starts.
        with transaction.atomic():
            cast = ballots._cast(found, canonical=canonical, receipt="R" * 20)
            reached.set()
            assert release.wait(30)
        return cast

    voter, voted = _in_thread(cast_slowly)
    assert reached.wait(20)
    host, closed = _in_thread(
        lambda: box.close_box(actor=world.host, meeting=Meeting.objects.get(pk=world.meeting.pk))
    )
    _wait_until_blocked_on_a_lock()  # closing waits for the ballot's token
    release.set()
    voter.join(30)
    host.join(30)
    assert voted == {"value": True} and "error" not in closed, (voted, closed)
    meeting = closed["value"]
    assert Ballot.objects.count() == 1 and box.tally_of(meeting).valid == 1
    verification = archive.verify_json(queries.export_of(meeting, "json"))
    assert verification.ok and verification.digest == meeting.digest


def test_a_ballot_reaching_its_token_while_closing_is_refused(world):
    open_formal(world)
    (token,) = issue(world, count=1)
    data = all_graded(world, "good")
    # Closing has taken the unused tokens' rows; the voter comes now.
    with paused_after(box, "_spend_unused_tokens") as (reached, release):
        host, closed = _in_thread(
            lambda: box.close_box(
                actor=world.host, meeting=Meeting.objects.get(pk=world.meeting.pk)
            )
        )
        assert reached.wait(20)
        voter, voted = _in_thread(lambda: ballots.submit_ballot(raw_token=token, data=data))
        _wait_until_blocked_on_a_lock()  # the ballot waits for its token's row
        release.set()
        host.join(30)
        voter.join(30)
    assert "error" not in closed, closed
    assert isinstance(voted.get("error"), ballots.BallotRefused)
    assert "已经关闭" in voted["error"].messages[0]
    assert not Ballot.objects.exists()  # and the slip is worthless: closing spent it
    assert BallotToken.objects.get().used

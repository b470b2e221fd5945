"""Many voters on a real gunicorn server and PostgreSQL; the server is killed with SIGKILL in
the middle and restarted. Every ballot that got a receipt is counted exactly once, and no
ballot is counted without one (voters whose answer was lost retry and get the same receipt)."""

from __future__ import annotations

import http.client
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from bench.server import Server, request
from django.db import connection

from shuzhi.meetings import archive, box, queries, rules
from shuzhi.meetings.models import Ballot, BallotToken, Meeting
from tests.meetings.conftest import issue, open_formal

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs a real server on PostgreSQL"
    ),
]

VOTERS = 120
CONCURRENCY = 24


def _database_url() -> str:
    s = connection.settings_dict
    port = s.get("PORT") or 5432
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{port}/{s['NAME']}"


class Voters:
    """Each voter retries until it holds a receipt; a lost answer is never a lost ballot."""

    def __init__(self, server: Server, tokens: list[str], reporter_ids: list[int]) -> None:
        self.server = server
        self.reporter_ids = reporter_ids
        self.tokens = tokens
        self.receipts: dict[str, str] = {}
        self.repeated = 0
        self.failures = 0
        self.lock = threading.Lock()

    def ballot(self, n: int) -> dict[str, Any]:
        grades = rules.GRADES
        return {
            "token": self.tokens[n],
            "ratings": {
                str(rid): {"grade": grades[(n + i) % 4]} for i, rid in enumerate(self.reporter_ids)
            },
            "comment": f"第{n}号",
        }

    def vote(self, n: int) -> None:
        payload = self.ballot(n)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                status, body = request(
                    self.server.host, "POST", "/api/meetings/ballots", payload, 10
                )
            except (OSError, http.client.HTTPException):
                # Refused, reset, or cut mid-response (IncompleteRead): no receipt, so retry.
                status, body = 0, None
            if status == 200:
                with self.lock:
                    self.receipts[self.tokens[n]] = body["receipt"]
                    self.repeated += int(body["repeated"])
                return
            assert status in (0, 500, 502, 503), (status, body)
            with self.lock:
                self.failures += 1
            time.sleep(0.05)  # the server is down or restarting; a phone would retry too
        raise AssertionError(f"voter {n} never got a receipt")


def test_sigkill_mid_vote_loses_no_receipted_ballot_and_counts_none_twice(world):
    meeting = open_formal(world)
    tokens = issue(world, "masses", VOTERS // 2) + issue(world, "representative", VOTERS // 2)
    server = Server(_database_url(), workers=2, threads=4)
    server.start()
    voters = Voters(server, tokens, [r.pk for r in world.reporters])
    try:
        with ThreadPoolExecutor(CONCURRENCY) as pool:
            futures = [pool.submit(voters.vote, n) for n in range(VOTERS)]
            while len(voters.receipts) < VOTERS // 3:
                time.sleep(0.01)
            server.kill()  # SIGKILL to master and workers, with requests in flight
            killed_at = len(voters.receipts)
            server.start()
            for future in futures:
                future.result()
    finally:
        server.stop()

    assert killed_at < VOTERS and voters.failures > 0  # the kill really interrupted voting
    stored = list(
        Ballot.objects.filter(box__meeting=meeting, box__rehearsal=False).values_list(
            "receipt", flat=True
        )
    )
    assert len(voters.receipts) == VOTERS
    assert sorted(stored) == sorted(voters.receipts.values())  # once each, none without one
    # Every ballot consumed its token and no token was consumed without a ballot.
    assert BallotToken.objects.filter(meeting=meeting, used=True).count() == VOTERS
    closed = box.close_box(actor=world.host, meeting=Meeting.objects.get(pk=meeting.pk))
    verification = archive.verify_json(queries.export_of(closed, "json"))
    assert verification.ok, verification.problems
    assert verification.result is not None and verification.result.valid == VOTERS

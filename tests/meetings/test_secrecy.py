"""No order survives: a box filled in a known order keeps nothing that follows that order (no
column, no index, not the key, not the rows' physical order once closed), the slips are printed
in an order unrelated to the stored one, and submitting writes no log line about the ballot.

Each stored ordering is compared with the order of voting by Spearman's rank correlation. For
n = 200 independent orders |rho| has a standard deviation of about 1/sqrt(n-1) ≈ 0.07; the bound
0.25 is 3.5 of those. The randomness (keys, tokens, contents) is seeded, so the test is stable.
"""

from __future__ import annotations

import logging
import random

import numpy as np
import pytest
from django.db import connection

from shuzhi.meetings import ballots, box, models
from shuzhi.meetings.models import Ballot, BallotToken
from tests.meetings.conftest import MeetingWorld, issue, open_formal

pytestmark = pytest.mark.django_db

VOTERS = 200
BOUND = 0.25
CATEGORIES = ("leader", "representative", "member", "masses")


def spearman(ranks: list[float], order: list[int]) -> float:
    """Rank correlation (average ranks for ties) of two sequences of the same items."""
    a = _ranks(ranks)
    b = _ranks([float(o) for o in order])
    if a.std() == 0 or b.std() == 0:
        return 0.0  # a constant ordering carries no information about the order of voting
    return float(np.corrcoef(a, b)[0, 1])


def _ranks(values: list[float]) -> np.ndarray:
    array = np.asarray(values, dtype=float)
    order = array.argsort(kind="stable")
    ranks = np.empty(len(array))
    ranks[order] = np.arange(len(array))
    for value in np.unique(array):  # ties share their average rank
        tied = array == value
        ranks[tied] = ranks[tied].mean()
    return ranks


@pytest.fixture
def seeded(monkeypatch: pytest.MonkeyPatch, settings) -> random.Random:  # type: ignore[no-untyped-def]
    rng = random.Random(15)
    settings.SECRET_KEY = "a fixed key for a reproducible test"
    monkeypatch.setattr(models, "KEY_BYTES", rng.randbytes)
    monkeypatch.setattr(ballots.secrets, "token_bytes", rng.randbytes)
    monkeypatch.setattr(ballots, "SLIP_ORDER", random.Random(rng.random()))
    return rng


def fill(world: MeetingWorld, rng: random.Random) -> list[str]:
    """Issue tokens per category and cast one ballot per token, in a shuffled (known) order;
    returns the receipts in the order of voting."""
    open_formal(world)
    tokens = [(c, t) for c in CATEGORIES for t in issue(world, c, VOTERS // len(CATEGORIES))]
    rng.shuffle(tokens)
    ids = [r.pk for r in world.reporters]
    receipts = []
    for _category, token in tokens:
        ratings = {str(rid): {"grade": rng.choice(("good", "fair", "average"))} for rid in ids}
        receipt = ballots.submit_ballot(raw_token=token, data={"ratings": ratings})
        receipts.append(receipt.code)
    return receipts


def _orderings(physical: bool) -> dict[str, str]:
    """Every ordering a reader of the ballot table could use: each column (and so each index),
    the key, and — once the box is closed — the rows' physical order."""
    orderings = {f.column: f'"{f.column}"' for f in Ballot._meta.concrete_fields}
    if physical and connection.vendor == "postgresql":
        orderings["ctid (heap position)"] = "ctid"
        orderings["xmin (writing transaction)"] = "xmin::text::bigint"
    elif physical:
        orderings["rowid"] = "rowid"
    return orderings


def _ranks_under(expression: str) -> dict[str, float]:
    """Each receipt's rank under one ordering; equal keys share a rank (ties tell nothing)."""
    table = Ballot._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT receipt, {expression} FROM "{table}" ORDER BY {expression}')
        rows = cursor.fetchall()
    rank: dict[str, float] = {}
    previous, position = object(), -1
    for n, (receipt, key) in enumerate(rows):
        if key != previous:
            previous, position = key, n
        rank[receipt] = float(position)
    return rank


def _assert_unordered(receipts: list[str], physical: bool) -> None:
    correlations = {}
    for name, expression in _orderings(physical).items():
        rank = _ranks_under(expression)
        assert sorted(rank) == sorted(receipts)
        correlations[name] = spearman([rank[r] for r in receipts], list(range(len(receipts))))
    assert all(abs(rho) < BOUND for rho in correlations.values()), correlations


def test_no_column_or_key_of_an_open_box_follows_the_order_of_voting(world, seeded):
    receipts = fill(world, seeded)
    _assert_unordered(receipts, physical=False)


def test_a_closed_box_keeps_no_order_not_even_physically(world, seeded):
    receipts = fill(world, seeded)
    box.close_box(actor=world.host, meeting=world.meeting)
    _assert_unordered(receipts, physical=True)


def test_spearman_sees_an_order_when_there_is_one():
    # The measure itself must be able to fail: an ordering that follows voting is caught.
    n = list(range(VOTERS))
    assert spearman([float(x) for x in n], n) > 0.99
    noisy = [x + random.Random(1).gauss(0, 60) for x in n]
    assert spearman(noisy, n) > BOUND


def test_slips_are_printed_in_an_order_unrelated_to_the_stored_one(world, seeded):
    printed = issue(world, "masses", VOTERS // 2) + issue(world, "leader", VOTERS // 2)
    position = {ballots.hash_token(t): n for n, t in enumerate(printed)}
    table = BallotToken._meta.db_table
    physical = "ctid" if connection.vendor == "postgresql" else "rowid"
    correlations = {}
    for expression in ("id", "token_hash", physical):
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT token_hash FROM "{table}" ORDER BY {expression}')
            stored = [row[0] for row in cursor.fetchall()]
        # Within one batch (the only order the slips have is within their sheet).
        for category_tokens in (printed[: VOTERS // 2], printed[VOTERS // 2 :]):
            hashes = {ballots.hash_token(t) for t in category_tokens}
            in_batch = [h for h in stored if h in hashes]
            correlations[expression] = spearman(
                [float(n) for n in range(len(in_batch))], [position[h] for h in in_batch]
            )
            assert abs(correlations[expression]) < BOUND, correlations


def test_a_used_token_records_only_that_it_is_used(world):
    open_formal(world)
    (token,) = issue(world, count=1)
    before = BallotToken.objects.values().get()
    ballots.submit_ballot(raw_token=token, data={"ratings": {str(world.reporters[0].pk): "fair"}})
    after = BallotToken.objects.values().get()
    assert {k for k in after if after[k] != before[k]} == {"used"}
    names = {f.name for f in Ballot._meta.get_fields()}
    assert not names & {"token", "sequence", "chain_hash", "created_at", "submitted_at"}


def test_submitting_writes_no_log_line_about_the_ballot(world, caplog):
    open_formal(world)
    tokens = issue(world, count=5)
    caplog.set_level(logging.DEBUG)
    caplog.clear()
    receipts = [
        ballots.submit_ballot(
            raw_token=t, data={"ratings": {str(world.reporters[0].pk): "good"}}
        ).code
        for t in tokens
    ]
    text = "\n".join(r.getMessage() for r in caplog.records)
    secrets_seen = [*tokens, *receipts, *(ballots.hash_token(t) for t in tokens)]
    assert not [s for s in secrets_seen if s in text]
    assert not [r for r in caplog.records if r.name.startswith("shuzhi")]

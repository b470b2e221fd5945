"""The democratic evaluation's voter pages are throttled per client address: unknown slips
(over every evaluation) and names and codes not on the roll (per evaluation); a Chinese
refusal when blocked, successes and other refusals do not count, one warning per block."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from shuzhi.villages import evaluation
from shuzhi.villages.models import EvaluationBallot
from tests.villages.dual_world import open_village_round, roll_of

pytestmark = pytest.mark.django_db

WRONG = [f"WRONGSLIP{n:023d}" for n in range(6)]


@pytest.fixture
def world(small_city, county_admin, settings):  # type: ignore[no-untyped-def]
    settings.VILLAGES_TOKEN_MAX_FAILURES = 3
    settings.VILLAGES_ROLL_MAX_FAILURES = 3
    return open_village_round(small_city.town_a1, county_admin)


def _open_now(world, mode: str):  # type: ignore[no-untyped-def]
    """An evaluation whose window is open now (the pages vote at the current time)."""
    now = timezone.now()
    (found,) = evaluation.open_evaluations(
        actor=world.actor,
        village_round=world.village_round,
        villages=world.villages[:1],
        mode=mode,
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=1),
    )
    return found


def test_unknown_slips_from_one_address_end_in_a_chinese_429(world) -> None:  # type: ignore[no-untyped-def]
    found = _open_now(world, "tokens")
    (token,) = evaluation.issue_tokens(
        actor=world.actor, evaluation=found, category="member", count=1
    )
    guesser = Client(REMOTE_ADDR="10.0.0.7")
    for wrong in WRONG[:3]:
        assert guesser.get(f"/villages/e/{wrong}/").status_code == 404
    blocked = guesser.post(f"/villages/e/{token}/", {"grade": "good"})  # even a real slip
    assert blocked.status_code == 429
    assert "测评码尝试错误次数过多，请 10 分钟后再试" in blocked.content.decode()
    assert not EvaluationBallot.objects.exists()
    # Another address is not affected and votes.
    voter = Client(REMOTE_ADDR="10.0.0.8")
    assert voter.post(f"/villages/e/{token}/", {"grade": "good"}).status_code == 200
    assert EvaluationBallot.objects.count() == 1


def test_refusals_with_a_real_slip_do_not_count(world) -> None:  # type: ignore[no-untyped-def]
    found = _open_now(world, "tokens")
    (token,) = evaluation.issue_tokens(
        actor=world.actor, evaluation=found, category="masses", count=1
    )
    voter = Client(REMOTE_ADDR="10.0.0.9")
    for _ in range(5):  # no grade chosen: refused, but the slip is known
        assert voter.post(f"/villages/e/{token}/", {}).status_code == 400
    assert voter.post(f"/villages/e/{token}/", {"grade": "fair"}).status_code == 200


def test_names_not_on_the_roll_are_throttled_per_evaluation(world) -> None:  # type: ignore[no-untyped-def]
    found = _open_now(world, "roll")
    member, other = roll_of(found, world.actor, 2)
    page = f"/villages/evaluations/{found.pk}/vote/"
    guesser = Client(REMOTE_ADDR="10.0.0.7")
    # A correct vote and a second vote by the same member (refused) do not count.
    assert (
        guesser.post(
            page, {"name": member.name, "person_code": member.code, "grade": "good"}
        ).status_code
        == 200
    )
    again = {"name": member.name, "person_code": member.code, "grade": "good"}
    assert guesser.post(page, again).status_code == 400
    for n in range(3):
        wrong = {"name": other.name, "person_code": f"GUESS{n}", "grade": "poor"}
        refused = guesser.post(page, wrong)
        assert refused.status_code == 400 and "名单中没有" in refused.content.decode()
    right = {"name": other.name, "person_code": other.code, "grade": "good"}
    blocked = guesser.post(page, right)
    assert blocked.status_code == 429
    assert "姓名和人员编码核对失败次数过多，请 10 分钟后再试" in blocked.content.decode()
    assert EvaluationBallot.objects.count() == 1
    # The page itself still opens; another address votes.
    assert guesser.get(page).status_code == 200
    assert Client(REMOTE_ADDR="10.0.0.8").post(page, right).status_code == 200
    assert EvaluationBallot.objects.count() == 2


def test_a_block_is_warned_once_and_guesses_are_not_logged(world, caplog) -> None:  # type: ignore[no-untyped-def]
    _open_now(world, "tokens")
    caplog.set_level(logging.INFO)
    guesser = Client(REMOTE_ADDR="10.0.0.7")
    for wrong in WRONG:
        guesser.get(f"/villages/e/{wrong}/")
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1
    assert "3 failed attempts from 10.0.0.7" in warnings[0].getMessage()
    assert not any(wrong in caplog.text for wrong in WRONG)

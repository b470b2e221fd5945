"""The democratic evaluation (民主评议): the window, one vote per member, secrecy."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from shuzhi.villages import evaluation
from shuzhi.villages.models import ElectorVoted, EvaluationBallot, EvaluationToken
from tests.villages.dual_world import CLOSES, DURING, OPENS, open_village_round, roll_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(small_city, county_admin):  # type: ignore[no-untyped-def]
    return open_village_round(small_city.town_a1, county_admin)


def _open(world, mode: str):  # type: ignore[no-untyped-def]
    (found,) = evaluation.open_evaluations(
        actor=world.actor,
        village_round=world.village_round,
        villages=world.villages[:1],
        mode=mode,
        opens_at=OPENS,
        closes_at=CLOSES,
    )
    return found


def test_votes_before_the_window_are_refused_in_chinese(world) -> None:  # type: ignore[no-untyped-def]
    found = _open(world, "tokens")
    (token,) = evaluation.issue_tokens(
        actor=world.actor, evaluation=found, category="member", count=1
    )
    with pytest.raises(ValidationError, match="将于2026年7月1日 08:00开始，现在还不能投票"):
        evaluation.vote_with_token(raw_token=token, grade="good", now=OPENS - timedelta(minutes=1))
    assert not EvaluationBallot.objects.exists()
    assert not EvaluationToken.objects.get().used


def test_votes_after_the_window_are_refused_in_chinese(world) -> None:  # type: ignore[no-untyped-def]
    found = _open(world, "roll")
    (member,) = roll_of(found, world.actor, 1)
    with pytest.raises(ValidationError, match="已于2026年7月4日 18:00结束，不能再投票"):
        evaluation.vote_by_roll(
            evaluation=found, name=member.name, code=member.code, grade="good", now=CLOSES
        )
    assert not ElectorVoted.objects.exists() and not EvaluationBallot.objects.exists()


def test_a_window_must_end_after_it_opens(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match="结束时间应晚于开始时间"):
        evaluation.open_evaluations(
            actor=world.actor,
            village_round=world.village_round,
            villages=world.villages,
            mode="tokens",
            opens_at=CLOSES,
            closes_at=OPENS,
        )


def test_a_member_on_the_roll_votes_once(world) -> None:  # type: ignore[no-untyped-def]
    found = _open(world, "roll")
    member, other = roll_of(found, world.actor, 2)
    receipt = evaluation.vote_by_roll(
        evaluation=found, name=member.name, code=member.code, grade="good", now=DURING
    )
    assert len(receipt.receipt) == 20
    with pytest.raises(ValidationError, match="您已经投过票"):
        evaluation.vote_by_roll(
            evaluation=found, name=member.name, code=member.code, grade="poor", now=DURING
        )
    evaluation.vote_by_roll(
        evaluation=found, name=other.name, code=other.code, grade="fair", now=DURING
    )
    assert sorted(EvaluationBallot.objects.values_list("grade", flat=True)) == ["fair", "good"]
    assert ElectorVoted.objects.count() == 2


def test_someone_not_on_the_roll_cannot_vote(world) -> None:  # type: ignore[no-untyped-def]
    found = _open(world, "roll")
    roll_of(found, world.actor, 1)
    with pytest.raises(ValidationError, match="名单中没有"):
        evaluation.vote_by_roll(
            evaluation=found, name="路人甲", code="NOPE", grade="good", now=DURING
        )


def test_a_slip_votes_once_and_a_resubmission_gets_its_receipt_back(world) -> None:  # type: ignore[no-untyped-def]
    found = _open(world, "tokens")
    (token,) = evaluation.issue_tokens(
        actor=world.actor, evaluation=found, category="masses", count=1
    )
    first = evaluation.vote_with_token(raw_token=token, grade="good", now=DURING)
    again = evaluation.vote_with_token(raw_token=token, grade="good", now=DURING)
    assert again.repeated and again.receipt == first.receipt
    with pytest.raises(ValidationError, match="此测评码已经投过票"):
        evaluation.vote_with_token(raw_token=token, grade="poor", now=DURING)
    assert EvaluationBallot.objects.count() == 1


def test_no_column_links_a_voter_or_a_slip_to_a_ballot(world) -> None:  # type: ignore[no-untyped-def]
    ballot_columns = {f.column for f in EvaluationBallot._meta.concrete_fields}
    assert ballot_columns == {"id", "evaluation_id", "category", "grade", "receipt"}
    voted_columns = {f.column for f in ElectorVoted._meta.concrete_fields}
    assert voted_columns == {"id", "evaluation_id", "person_id"}
    token_columns = {f.column for f in EvaluationToken._meta.concrete_fields}
    assert token_columns == {"id", "evaluation_id", "token_hash", "category", "used"}


def test_a_roll_receipt_cannot_be_recomputed_from_the_member(world) -> None:  # type: ignore[no-untyped-def]
    """The receipt is keyed over a nonce that is thrown away: the same member and grade give
    different receipts in two evaluations' worth of trials, so nothing leads back to them."""
    from shuzhi.meetings.rules import receipt_for

    found = _open(world, "roll")
    (member,) = roll_of(found, world.actor, 1)
    receipt = evaluation.vote_by_roll(
        evaluation=found, name=member.name, code=member.code, grade="good", now=DURING
    ).receipt
    key = evaluation.receipt_key(found.pk)
    guesses = {
        receipt_for(key, text, evaluation.canonical("good"))
        for text in (member.code, member.name, f"{member.name}{member.code}", str(member.pk))
    }
    assert receipt not in guesses


def test_counting_waits_for_the_window_then_spends_slips_and_fixes_the_digest(world) -> None:  # type: ignore[no-untyped-def]
    found = _open(world, "tokens")
    tokens = evaluation.issue_tokens(
        actor=world.actor, evaluation=found, category="member", count=3
    )
    for token, grade in zip(tokens[:2], ["good", "fair"], strict=True):
        evaluation.vote_with_token(raw_token=token, grade=grade, now=DURING)
    with pytest.raises(ValidationError, match="尚未结束"):
        evaluation.count_evaluation(actor=world.actor, evaluation=found, now=DURING)
    counted = evaluation.count_evaluation(actor=world.actor, evaluation=found, now=CLOSES)
    assert counted.digest == evaluation.box_digest(counted) and len(counted.digest) == 64
    assert not EvaluationToken.objects.filter(used=False).exists()
    with pytest.raises(ValidationError, match="已经计票"):
        evaluation.vote_with_token(raw_token=tokens[2], grade="good", now=DURING)
    # Ballots are stored again in receipt order: their physical order follows receipts.
    position = "rowid" if connection.vendor == "sqlite" else "ctid"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT receipt FROM {EvaluationBallot._meta.db_table} ORDER BY {position}")
        physical = [row[0] for row in cursor.fetchall()]
    assert physical == sorted(physical) and len(physical) == 2


def test_the_slips_page_prints_qr_codes_once_and_keeps_only_hashes(world) -> None:  # type: ignore[no-untyped-def]
    import re

    from django.test import Client

    found = _open(world, "tokens")
    client = Client()
    client.force_login(world.actor)
    response = client.post(
        f"/villages/evaluations/{found.pk}/tokens/", {"category": "masses", "count": 3}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    links = re.findall(r'href="http://testserver/villages/e/([A-Z2-7]{32})/"', html)
    assert len(links) == 3 and html.count("<svg") == 3 and html.count('data-testid="slip"') == 3
    assert "群众代表" in html and found.village.name in html and "window.print()" in html
    assert set(EvaluationToken.objects.values_list("token_hash", flat=True)) == {
        evaluation.hash_token(t) for t in links
    }

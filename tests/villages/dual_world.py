"""A township's half-year round with its villages enrolled, and 双述双评 opened on it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from shuzhi.accounts.models import User
from shuzhi.meetings import ballots, box, services
from shuzhi.meetings.models import Meeting
from shuzhi.orgs.models import Organization, Person, Representative
from shuzhi.rounds.models import Period
from shuzhi.rounds.services import create_round, enroll_reporters
from shuzhi.villages import dual, evaluation
from shuzhi.villages.models import DemocraticEvaluation, VillageRound
from tests.factories import make_person, make_post

OPENS = timezone.make_aware(datetime(2026, 7, 1, 8, 0))
CLOSES = timezone.make_aware(datetime(2026, 7, 4, 18, 0))
DURING = OPENS + timedelta(days=1)


@dataclass
class DualWorld:
    village_round: VillageRound
    villages: list[Organization]
    actor: User


def open_village_round(town: Organization, actor: User, year: int = 2026) -> DualWorld:
    villages = list(town.children.filter(level="village").order_by("path"))
    for v in villages:
        make_post(v, make_person(f"{v.name}书记", v))
    round_ = create_round(
        actor=actor, hearing_organization=town, year=year, period=Period.FIRST_HALF
    )
    enroll_reporters(actor=actor, round=round_, organizations=villages)
    return DualWorld(dual.create_village_round(actor=actor, round=round_), villages, actor)


def hold_hearing(meeting: Meeting, actor: User, grades: list[str]) -> Meeting:
    """Sign in the village's members, open the box, cast one ballot per grade, close it."""
    village = meeting.hosting_organization
    for n in range(3):
        person = make_person(f"{village.name}党员{n}", village)
        Representative.objects.create(
            organization=village, person=person, category="grassroots_member"
        )
        services.sign_in(actor=actor, meeting=meeting, person=person)
    meeting = box.open_box(actor=actor, meeting=meeting)
    (reporter_id,) = ballots.reporter_ids(meeting)
    for grade, token in zip(
        grades,
        ballots.issue_tokens(actor=actor, meeting=meeting, category="member", count=len(grades)),
        strict=True,
    ):
        ballots.submit_ballot(
            raw_token=token, data={"ratings": {str(reporter_id): {"grade": grade}}, "comment": ""}
        )
    return box.close_box(actor=actor, meeting=meeting)


def roll_of(evaluation_: DemocraticEvaluation, actor: User, size: int) -> list[Person]:
    people = [
        make_person(f"党员{n}", evaluation_.village, code=f"{evaluation_.village.code}-M{n}")
        for n in range(size)
    ]
    evaluation.add_electors(
        actor=actor, evaluation=evaluation_, people=[(p, "member") for p in people]
    )
    return people


def evaluate_and_count(world: DualWorld, grades: dict[Organization, list[str]]) -> None:
    """A token evaluation per village, the given votes inside the window, then counted."""
    evaluations = evaluation.open_evaluations(
        actor=world.actor,
        village_round=world.village_round,
        villages=list(grades),
        mode="tokens",
        opens_at=OPENS,
        closes_at=CLOSES,
    )
    for found in evaluations:
        votes = grades[found.village]
        tokens = evaluation.issue_tokens(
            actor=world.actor, evaluation=found, category="member", count=len(votes)
        )
        for token, grade in zip(tokens, votes, strict=True):
            evaluation.vote_with_token(raw_token=token, grade=grade, now=DURING)
        evaluation.count_evaluation(actor=world.actor, evaluation=found, now=CLOSES)


def score_all(world: DualWorld, scores: dict[Organization, str]) -> None:
    for kind in ("township_cadre", "department", "deputy"):
        dual.enter_assessor_scores(
            actor=world.actor,
            village_round=world.village_round,
            kind=kind,
            assessor=f"{kind}评分人",
            scores={v: Decimal(s) for v, s in scores.items()},
        )


def published(world: DualWorld, on: date = date(2026, 7, 10)) -> VillageRound:
    dual.rank_villages(actor=world.actor, village_round=world.village_round)
    return dual.publish_results(
        actor=world.actor, village_round=world.village_round, published_on=on
    )

"""What the 双述双评 pages need, each in a fixed number of queries whatever the township's size."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core import signing
from django.db.models import Count, Q, QuerySet

from shuzhi.accounts.access import scope_filter
from shuzhi.core.vocabulary.grades import EvaluationGrade
from shuzhi.meetings.rules import GRADES, coarse
from shuzhi.orgs.models import Person
from shuzhi.rounds.models import Round
from shuzhi.villages.dual import HALF_YEARS, village_reporters
from shuzhi.villages.models import (
    AssessorScore,
    DemocraticEvaluation,
    Elector,
    ElectorVoted,
    EvaluationBallot,
    Objection,
    VillageHearing,
    VillageRound,
    VillageRoundResult,
)

#: While an evaluation runs, turnout is shown rounded down to this many votes.
TURNOUT_STEP = 5


def visible_rounds(user: Any) -> QuerySet[VillageRound]:
    return VillageRound.objects.filter(
        scope_filter(user, "villages.view", "township__path")
    ).select_related("round", "township")


def visible_round(user: Any, round_id: int) -> VillageRound | None:
    return visible_rounds(user).filter(pk=round_id).first()


def open_candidates(user: Any) -> QuerySet[Round]:
    """Half-year township rounds the user manages and that have no 双述双评 yet."""
    return (
        Round.objects.filter(
            scope_filter(user, "villages.manage", "hearing_organization__path"),
            period__in=HALF_YEARS,
            hearing_organization__level="township",
        )
        .exclude(pk__in=VillageRound.objects.values("round_id"))
        .select_related("hearing_organization")
        .order_by("-year", "hearing_organization__path")
    )


def visible_evaluation(user: Any, evaluation_id: int) -> DemocraticEvaluation | None:
    return (
        DemocraticEvaluation.objects.filter(
            scope_filter(user, "villages.view", "village_round__township__path"), pk=evaluation_id
        )
        .select_related("village", "village_round__round", "village_round__township")
        .first()
    )


def visible_objection(user: Any, objection_id: int) -> Objection | None:
    return (
        Objection.objects.filter(
            scope_filter(user, "villages.view", "village_round__township__path"), pk=objection_id
        )
        .select_related("village_round__township")
        .first()
    )


@dataclass
class EvaluationRow:
    evaluation: DemocraticEvaluation
    votes: int  # exact after counting, rounded down to the step while open
    electors: int
    counts: dict[str, int]  # per grade, only once counted
    score: Decimal | None


@dataclass
class VillageRow:
    village: Any
    reporter: Any
    hearing: VillageHearing | None
    evaluation: EvaluationRow | None
    assessor_scores: list[AssessorScore]
    hearing_counts: list[tuple[str, int]]  # (grade label, ballots) once the hearing closed


def evaluation_rows(village_round: VillageRound) -> dict[int, EvaluationRow]:
    """Each village's evaluation with turnout and, once counted, its counts (four queries)."""
    evaluations = list(
        DemocraticEvaluation.objects.filter(village_round=village_round)
        .select_related("village")
        .annotate(electors_n=Count("electors", distinct=True))
    )
    ballots = Counter(
        dict(
            EvaluationBallot.objects.filter(evaluation__village_round=village_round)
            .values_list("evaluation_id")
            .annotate(n=Count("pk"))
            .values_list("evaluation_id", "n")
        )
    )
    grades: dict[int, Counter[str]] = {}
    for evaluation_id, grade, n in (
        EvaluationBallot.objects.filter(
            evaluation__village_round=village_round, evaluation__counted_at__isnull=False
        )
        .values_list("evaluation_id", "grade")
        .annotate(n=Count("pk"))
        .values_list("evaluation_id", "grade", "n")
    ):
        grades.setdefault(evaluation_id, Counter())[grade] = n
    scores = dict(
        VillageRoundResult.objects.filter(village_round=village_round).values_list(
            "village_id", "evaluation_score"
        )
    )
    rows = {}
    for e in evaluations:
        counted = e.counted_at is not None
        n = ballots[e.pk]
        rows[e.village_id] = EvaluationRow(
            evaluation=e,
            votes=n if counted else coarse(n, TURNOUT_STEP),
            electors=e.electors_n,
            counts={g: grades.get(e.pk, Counter())[g] for g in GRADES} if counted else {},
            score=scores.get(e.village_id),
        )
    return rows


def round_page(village_round: VillageRound) -> dict[str, Any]:
    """The round's villages with hearing, evaluation and assessors' scores; the ranking and the
    objections: a fixed number of queries."""
    hearings = {h.village_id: h for h in VillageHearing.objects.filter(village_round=village_round)}
    evaluations = evaluation_rows(village_round)
    scores: dict[int, list[AssessorScore]] = {}
    for score in village_round.assessor_scores.all():
        scores.setdefault(score.village_id, []).append(score)
    labels = dict(EvaluationGrade.choices)
    rows = []
    for reporter in village_reporters(village_round):
        hearing = hearings.get(reporter.organization_id)
        rows.append(
            VillageRow(
                village=reporter.organization,
                reporter=reporter,
                hearing=hearing,
                evaluation=evaluations.get(reporter.organization_id),
                assessor_scores=scores.get(reporter.organization_id, []),
                hearing_counts=[(labels[g], hearing.counts.get(g, 0)) for g in GRADES]
                if hearing and hearing.counts
                else [],
            )
        )
    return {
        "rows": rows,
        "results": list(
            VillageRoundResult.objects.filter(village_round=village_round).select_related("village")
        ),
        "objections": list(
            Objection.objects.filter(village_round=village_round).select_related(
                "village", "recorded_by", "answered_by"
            )
        ),
    }


def has_voted(evaluation: DemocraticEvaluation, person_id: int) -> bool:
    return ElectorVoted.objects.filter(evaluation=evaluation, person_id=person_id).exists()


def unanswered(village_round: VillageRound) -> int:
    return village_round.objections.filter(Q(answered_by__isnull=True)).count()


def round_villages(village_round: VillageRound) -> list[tuple[str, str]]:
    """(code, name) of the round's villages in tree order, for its score sheet."""
    return [(r.organization.code, r.organization.name) for r in village_reporters(village_round)]


def roll_people(evaluation: DemocraticEvaluation, limit: int = 20000) -> list[tuple[str, str, str]]:
    """(code, name, category on the roll or "") of the people kept by the village (its subtree),
    then anyone else already on the roll, for the roll's sheet (two queries)."""
    on_roll = dict(
        Elector.objects.filter(evaluation=evaluation).values_list("person__code", "category")
    )
    rows = [
        (code, name, on_roll.pop(code, ""))
        for code, name in Person.objects.filter(unit__path__startswith=evaluation.village.path)
        .order_by("code")
        .values_list("code", "name")[:limit]
    ]
    if on_roll:
        names = dict(Person.objects.filter(code__in=on_roll).values_list("code", "name"))
        rows += [(code, names.get(code, ""), category) for code, category in on_roll.items()]
    return rows


# The public objection page is reached by a signed key of the round (printed on the 公示 as
# a QR code), not by its number: rounds cannot be walked through by counting.
PUBLIC_SALT = "shuzhi.villages.objection-page"


def public_key(village_round: VillageRound) -> str:
    return signing.Signer(salt=PUBLIC_SALT).sign(str(village_round.pk))


def public_round(key: str) -> VillageRound | None:
    """The published round of a public key (None for a bad key or a round not yet posted)."""
    try:
        pk = int(signing.Signer(salt=PUBLIC_SALT).unsign(key))
    except (signing.BadSignature, ValueError):
        return None
    return (
        VillageRound.objects.filter(pk=pk, published_on__isnull=False)
        .select_related("round", "township")
        .first()
    )


def posted_villages(village_round: VillageRound) -> list[Any]:
    """The villages of the posted ranking, in rank order (what an objection may name)."""
    return [
        r.village
        for r in VillageRoundResult.objects.filter(village_round=village_round).select_related(
            "village"
        )
    ]

"""The demo city's villages: a 100-point assessment of each county with pay and 十佳, the
lagging villages it identifies (with plans in the ledger), two years of star ratings, and a
township's 双述双评 with its village hearings convened, assessors' scores entered and the
democratic evaluation in progress (deterministic: fixed window, seeded votes)."""

from __future__ import annotations

import random
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from shuzhi.accounts.models import User
from shuzhi.core.events import ProblemsRaised, problems_raised
from shuzhi.core.vocabulary.grades import EvaluationGrade
from shuzhi.core.vocabulary.sources import ProblemSource
from shuzhi.orgs.choices import PostRole
from shuzhi.orgs.models import Organization, Person, Post
from shuzhi.rounds.models import Period, Round
from shuzhi.rounds.services import create_round, enroll_reporters
from shuzhi.villages import dual, evaluation, rules
from shuzhi.villages.models import (
    CommitteeMember,
    DemocraticEvaluation,
    LaggingOrganization,
    StarRating,
    VillageAssessment,
    VillageRound,
    VillageScore,
)
from shuzhi.villages.rules import AssessorKind, CommitteeRole, IdentifiedBy, LaggingKind

#: At most this many branches are rated per year, so the demo builds in seconds.
RATED_BRANCHES = 3000
PLAN = ("调整充实村“两委”班子", "恢复“三会一课”并留存记录", "清理村级财务，公开“三资”台账")

ROLES = (CommitteeRole.SECRETARY, CommitteeRole.DIRECTOR, CommitteeRole.MEMBER)
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡"
GIVEN = "建国秀英海燕志强桂兰红梅德明玉华"


def build_demo(seed: int) -> None:
    """Assessments with pay, the lagging list and star ratings of the demo city."""
    actor = User.objects.filter(is_superuser=True).first()
    _assessments(seed, actor)
    _lagging(actor)
    _star_ratings(seed, actor)
    _village_round(seed, actor)


def _assessments(seed: int, actor: User | None) -> None:
    """A computed assessment per county (the latest year), three members per village."""
    rng = random.Random(seed + 13)
    year = 2025
    for county in Organization.objects.filter(level="county").order_by("path")[:3]:
        villages = list(
            Organization.objects.filter(
                path__startswith=county.path, level="village", is_active=True
            ).order_by("path")
        )
        if not villages:
            continue
        assessment, _ = VillageAssessment.objects.get_or_create(
            organization=county, year=year, defaults={"created_by": actor}
        )
        if assessment.scores.exists():
            continue
        scores = VillageScore.objects.bulk_create(
            VillageScore(
                assessment=assessment,
                village=v,
                township_id=v.parent_id or v.pk,
                score=Decimal(rng.randint(6000, 9900)) / 100,
            )
            for v in villages
        )
        outcomes = rules.classify([s.score for s in scores])
        members = []
        for score, outcome in zip(scores, outcomes, strict=True):
            score.rank, score.klass = outcome.rank, str(outcome.klass)
            score.top_ten, score.pay_share = outcome.top_ten, outcome.pay_share
            for role in ROLES:
                pay = Decimal(rng.randrange(18000, 36000, 100))
                name = rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, 2))
                members.append(
                    CommitteeMember(
                        score=score,
                        name=f"{name}{role.value[:1]}",
                        role=role.value,
                        base_pay=pay,
                        bonus=rules.bonus(pay, outcome.pay_share),
                    )
                )
        VillageScore.objects.bulk_update(scores, ["rank", "klass", "top_ten", "pay_share"])
        CommitteeMember.objects.bulk_create(members)


def _lagging(actor: User | None) -> None:
    """The bottom ~5% of each assessment, listed by rank a year ago, with a plan in the ledger."""
    for assessment in VillageAssessment.objects.select_related("organization"):
        scores = list(assessment.scores.select_related("village").order_by("-rank"))
        chosen = rules.bottom_by_rank(
            [(s, s.rank or 0) for s in scores], rules.DEFAULT_LAGGING_PERCENT
        )
        for offset, score in enumerate(chosen):
            if LaggingOrganization.objects.filter(organization=score.village).exists():
                continue
            listing = LaggingOrganization.objects.create(
                organization=score.village,
                county=assessment.organization,
                kind=LaggingKind.LAGGING.value if offset % 2 == 0 else LaggingKind.WEAK.value,
                identified_by=IdentifiedBy.RANK.value,
                reason=f"{assessment.year}年百分制考评第 {score.rank} 名（共 {len(scores)} 名）",
                # Some have been on the list for years: the county's "three years or more".
                year_listed=assessment.year - (offset % 4),
                responsible_leader="县委常委、组织部部长" if offset % 3 == 0 else "",
            )
            problems_raised.publish(
                ProblemsRaised.numbered(
                    PLAN[: 1 + offset % len(PLAN)],
                    organization_id=score.village_id,
                    source=ProblemSource.SUPERIOR.value,
                    year=listing.year_listed,
                    reference=listing.reference,
                    raised_by_id=actor.pk if actor else None,
                )
            )


def _star_ratings(seed: int, actor: User | None) -> None:
    """Ratings of 2024 and 2025 for the first branches, so the change since last year shows."""
    if actor is None or StarRating.objects.exists():
        return
    rng = random.Random(seed + 31)
    branches = list(
        Organization.objects.filter(level="branch", is_active=True).order_by("path")[
            :RATED_BRANCHES
        ]
    )
    above = {
        o.path: o
        for o in Organization.objects.filter(level__in=("township", "county")).only("path", "level")
    }
    ratings = []
    for branch in branches:
        places = {above[p].level: above[p] for p in branch.ancestor_paths if p in above}
        drift = 0
        for year in (2024, 2025):
            share = min(Decimal("0.99"), Decimal(rng.randint(50, 97) + drift) / 100)
            points = {
                s.key: (s.max_points * share).quantize(Decimal("0.5")) for s in rules.SIX_STANDARDS
            }
            total = rules.rating_total(points, rules.SIX_STANDARDS, Decimal(0))
            ratings.append(
                StarRating(
                    branch=branch,
                    year=year,
                    township=places.get("township"),
                    county=places.get("county"),
                    field=branch.field,
                    points={k: str(v) for k, v in points.items()},
                    total=total,
                    stars=rules.stars_for(total),
                    evidence="年度星级评定检查记录",
                    rated_by=actor,
                )
            )
            drift = 5
    StarRating.objects.bulk_create(ratings, batch_size=2000)


#: The demo's democratic evaluation runs over December 2026, so it is in progress on the demo.
EVALUATION_OPENS = datetime(2026, 12, 1, 8, 0)
EVALUATION_CLOSES = datetime(2026, 12, 31, 18, 0)
VOTES_AT = datetime(2026, 12, 2, 9, 0)


def _village_round(seed: int, actor: User | None) -> None:
    """The first township with enrolled-able villages holds the 2026 first half's 双述双评."""
    if actor is None:
        return
    rng = random.Random(seed + 61)
    staffed = Post.objects.current().filter(role=PostRole.SECRETARY, organization__level="village")
    township = (
        Organization.objects.filter(level="township", children__in=staffed.values("organization"))
        .order_by("path")
        .first()
    )
    if township is None:
        return
    villages = list(
        Organization.objects.filter(
            parent=township, pk__in=staffed.values("organization")
        ).order_by("path")[:8]
    )
    round_ = Round.objects.filter(
        hearing_organization=township, year=2026, period=Period.FIRST_HALF
    ).first() or create_round(
        actor=actor, hearing_organization=township, year=2026, period=Period.FIRST_HALF
    )
    _posted_round(township, villages, actor, rng)
    if VillageRound.objects.filter(round=round_).exists():
        return
    enroll_reporters(actor=actor, round=round_, organizations=villages)
    village_round = dual.create_village_round(actor=actor, round=round_)
    dual.convene_hearings(actor=actor, village_round=village_round, held_on=date(2026, 6, 20))
    _assessors(actor, village_round, villages, rng, lowest=7200)
    opens, closes = (timezone.make_aware(t) for t in (EVALUATION_OPENS, EVALUATION_CLOSES))
    roll_village, *slip_villages = villages
    (by_roll,) = evaluation.open_evaluations(
        actor=actor,
        village_round=village_round,
        villages=[roll_village],
        mode="roll",
        opens_at=opens,
        closes_at=closes,
    )
    members = [
        Person.objects.get_or_create(
            code=f"DEMO-{roll_village.code}-M{n:02d}",
            defaults={
                "name": SURNAMES[n % len(SURNAMES)]
                + GIVEN[(2 * n) % len(GIVEN) : (2 * n) % len(GIVEN) + 2],
                "unit": roll_village,
            },
        )[0]
        for n in range(30)
    ]
    evaluation.add_electors(
        actor=actor, evaluation=by_roll, people=[(p, "member") for p in members]
    )
    moment = timezone.make_aware(VOTES_AT)
    for person in members[: len(members) * 2 // 3]:
        evaluation.vote_by_roll(
            evaluation=by_roll,
            name=person.name,
            code=person.code,
            grade=rng.choices(EvaluationGrade.values, weights=[6, 3, 1, 0])[0],
            now=moment,
        )
    _slip_votes(actor, village_round, slip_villages, (opens, closes, moment), rng, (40, 15, 35))


def _assessors(
    actor: User,
    village_round: VillageRound,
    villages: list[Organization],
    rng: random.Random,
    lowest: int,
) -> None:
    """Each kind of assessor scores every village (``lowest`` … 98, in hundredths)."""
    for kind in AssessorKind:
        dual.enter_assessor_scores(
            actor=actor,
            village_round=village_round,
            kind=kind.value,
            assessor=f"{kind.label}评分组",
            scores={v: Decimal(rng.randint(lowest, 9800)) / 100 for v in villages},
        )


def _slip_votes(
    actor: User,
    village_round: VillageRound,
    villages: list[Organization],
    times: tuple[datetime, datetime, datetime],
    rng: random.Random,
    slips: tuple[int, int, int],
) -> list[DemocraticEvaluation]:
    """Slip evaluations of ``villages`` over (opens, closes), ``slips`` = (printed, fewest
    voted, most voted) each, the votes cast at the third time."""
    opens, closes, moment = times
    printed, fewest, most = slips
    found = evaluation.open_evaluations(
        actor=actor,
        village_round=village_round,
        villages=villages,
        mode="tokens",
        opens_at=opens,
        closes_at=closes,
    )
    for each in found:
        tokens = evaluation.issue_tokens(
            actor=actor, evaluation=each, category="member", count=printed
        )
        for token in tokens[: rng.randint(fewest, most)]:
            grade = rng.choices(EvaluationGrade.values, weights=[5, 4, 2, 1])[0]
            evaluation.vote_with_token(raw_token=token, grade=grade, now=moment)
    return found


#: The township's 2025 second half went through to the end: counted, ranked, posted on
#: 10 January 2026, an objection filed on the public page during 公示, answered, made final.
POSTED_ON = date(2026, 1, 10)
LAST_HALF_OPENS = datetime(2025, 12, 20, 8, 0)
LAST_HALF_CLOSES = datetime(2025, 12, 27, 18, 0)


def _posted_round(
    township: Organization, villages: list[Organization], actor: User, rng: random.Random
) -> None:
    round_ = Round.objects.filter(
        hearing_organization=township, year=2025, period=Period.SECOND_HALF
    ).first() or create_round(
        actor=actor, hearing_organization=township, year=2025, period=Period.SECOND_HALF
    )
    if VillageRound.objects.filter(round=round_).exists():
        return
    enroll_reporters(actor=actor, round=round_, organizations=villages)
    village_round = dual.create_village_round(actor=actor, round=round_)
    _assessors(actor, village_round, villages, rng, lowest=7000)
    opens, closes = (timezone.make_aware(t) for t in (LAST_HALF_OPENS, LAST_HALF_CLOSES))
    for found in _slip_votes(
        actor, village_round, villages, (opens, closes, opens), rng, (12, 6, 10)
    ):
        evaluation.count_evaluation(actor=actor, evaluation=found, now=closes)
    dual.rank_villages(actor=actor, village_round=village_round)
    dual.publish_results(actor=actor, village_round=village_round, published_on=POSTED_ON)
    objection = dual.file_objection(
        village_round=village_round,
        name="张秀英",
        contact="13800138000",
        filer_kind="masses",
        text="民主评议当天有外出务工的党员由家属代填，请核实。",
        village=villages[-1],
        today=date(2026, 1, 12),
    )
    dual.answer_objection(
        actor=actor,
        objection=objection,
        answer="经镇党委派员核实，代填的 2 张评议票已在计票前作废，结果不受影响。",
        now=timezone.make_aware(datetime(2026, 1, 13, 16, 30)),
    )
    dual.finalize(actor=actor, village_round=village_round, today=date(2026, 1, 15))

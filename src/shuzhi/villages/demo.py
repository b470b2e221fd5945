"""The demo city's villages: a 100-point assessment of each county with pay and 十佳, the
lagging villages it identifies (with plans in the ledger), and two years of star ratings."""

from __future__ import annotations

import random
from decimal import Decimal

from shuzhi.accounts.models import User
from shuzhi.core.events import ProblemsRaised, problems_raised
from shuzhi.core.vocabulary.sources import ProblemSource
from shuzhi.orgs.models import Organization
from shuzhi.villages import rules
from shuzhi.villages.models import (
    CommitteeMember,
    LaggingOrganization,
    StarRating,
    VillageAssessment,
    VillageScore,
)
from shuzhi.villages.rules import CommitteeRole, IdentifiedBy, LaggingKind

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

"""The demo city's villages: a 100-point assessment of each county with pay and 十佳."""

from __future__ import annotations

import random
from decimal import Decimal

from shuzhi.accounts.models import User
from shuzhi.orgs.models import Organization
from shuzhi.villages import rules
from shuzhi.villages.models import CommitteeMember, VillageAssessment, VillageScore
from shuzhi.villages.rules import CommitteeRole

ROLES = (CommitteeRole.SECRETARY, CommitteeRole.DIRECTOR, CommitteeRole.MEMBER)
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡"
GIVEN = "建国秀英海燕志强桂兰红梅德明玉华"


def build_demo(seed: int) -> None:
    """A computed assessment per county (the latest year), three members per village."""
    rng = random.Random(seed + 13)
    actor = User.objects.filter(is_superuser=True).first()
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

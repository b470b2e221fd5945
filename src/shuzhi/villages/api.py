"""The villages API: assessments with classes and pay."""

from __future__ import annotations

from decimal import Decimal

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from shuzhi.accounts.access import require
from shuzhi.villages import queries

router = Router(tags=["村级考评"])


class VillageScoreOut(Schema):
    village_code: str
    village: str
    township_code: str
    score: Decimal
    rank: int | None
    klass: str
    top_ten: bool


class AssessmentOut(Schema):
    id: int
    organization_code: str
    year: int
    top_n: int
    prize_amount: Decimal
    computed: bool
    bonus_total: Decimal
    villages: list[VillageScoreOut]


@router.get("/assessments/{assessment_id}", response=AssessmentOut)
def assessment(request: HttpRequest, assessment_id: int) -> AssessmentOut:
    found = queries.visible_assessment(request.user, assessment_id)
    if found is None:
        raise Http404
    require(request.user, "villages.view", found.organization)
    page = queries.assessment_page(found, limit=100_000)
    return AssessmentOut(
        id=found.pk,
        organization_code=found.organization.code,
        year=found.year,
        top_n=found.top_n,
        prize_amount=found.prize_amount,
        computed=found.computed_at is not None,
        bonus_total=page.bonus_total,
        villages=[
            VillageScoreOut(
                village_code=s.village.code,
                village=s.village.name,
                township_code=s.township.code,
                score=s.score,
                rank=s.rank,
                klass=s.klass,
                top_ten=s.top_ten,
            )
            for s in page.scores
        ],
    )

"""Services of the 100-point village assessment: create, import, compute, sign pay sheets.

One function per user action, keyword-only, one transaction, permission first, audited.
The lagging list is in ``listing.py``, star ratings and points in ``ratings.py``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import IO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from shuzhi.accounts.access import require
from shuzhi.accounts.models import User
from shuzhi.audit.services import record
from shuzhi.orgs.models import Organization
from shuzhi.orgs.queries import subtree_filter
from shuzhi.villages import rules
from shuzhi.villages.models import CommitteeMember, PaySheetSignOff, VillageAssessment, VillageScore
from shuzhi.villages.rules import SignOffLevel
from shuzhi.villages.workbook import read_assessment

VILLAGE = "village"


def villages_under(organization: Organization) -> dict[str, Organization]:
    """The villages and communities of a subtree by code (with their parent, the township)."""
    found = Organization.objects.filter(
        subtree_filter(organization.path), level=VILLAGE, is_active=True
    ).select_related("parent")
    return {village.code: village for village in found}


@transaction.atomic
def create_assessment(
    *,
    actor: User,
    organization: Organization,
    year: int,
    top_n: int = rules.DEFAULT_TOP_N,
    prize_amount: Decimal = rules.DEFAULT_PRIZE,
) -> VillageAssessment:
    """Open a year's 100-point assessment of the villages under a county or city."""
    require(actor, "villages.manage", organization)
    if VillageAssessment.objects.filter(organization=organization, year=year).exists():
        raise ValidationError(f"{organization.name}{year}年的百分制考评已经存在")
    assessment = VillageAssessment.objects.create(
        organization=organization,
        year=year,
        top_n=top_n,
        prize_amount=prize_amount,
        created_by=actor,
    )
    record(
        actor=actor,
        action="villages.assessment.create",
        target=assessment,
        organization=organization,
        after={"year": year, "top_n": top_n, "prize_amount": str(prize_amount)},
    )
    return assessment


def _unsigned(assessment: VillageAssessment) -> VillageAssessment:
    locked = VillageAssessment.objects.select_for_update().get(pk=assessment.pk)
    if PaySheetSignOff.objects.filter(assessment=locked).exists():
        raise ValidationError("已有乡镇签署发放表，不能再修改得分或重新计算")
    return locked


@transaction.atomic
def import_assessment(
    *, actor: User, assessment: VillageAssessment, stream: IO[bytes]
) -> dict[str, int]:
    """Replace the scores and committee members by a workbook; a bad row writes nothing."""
    require(actor, "villages.manage", assessment.organization)
    assessment = _unsigned(assessment)
    villages = villages_under(assessment.organization)
    sheet = read_assessment(stream, villages)  # WorkbookInvalid before anything is written
    VillageScore.objects.filter(assessment=assessment).delete()
    scores = VillageScore.objects.bulk_create(
        VillageScore(
            assessment=assessment,
            village=villages[code],
            township_id=villages[code].parent_id or villages[code].pk,
            score=score,
        )
        for code, score in sheet.scores.items()
    )
    by_code = dict(zip(sheet.scores, scores, strict=True))
    members = CommitteeMember.objects.bulk_create(
        CommitteeMember(score=by_code[code], name=m.name, role=m.role, base_pay=m.base_pay)
        for code, rows in sheet.members.items()
        for m in rows
    )
    assessment.computed_at = None
    assessment.save(update_fields=["computed_at"])
    counts = {"villages": len(scores), "members": len(members)}
    record(
        actor=actor,
        action="villages.assessment.import",
        target=assessment,
        organization=assessment.organization,
        after=counts,
    )
    return counts


@transaction.atomic
def compute_assessment(*, actor: User, assessment: VillageAssessment) -> dict[str, int]:
    """Rank and class every village, mark 十佳, and each member's bonus (rules.bonus)."""
    require(actor, "villages.manage", assessment.organization)
    assessment = _unsigned(assessment)
    scores = list(VillageScore.objects.filter(assessment=assessment).order_by("pk"))
    if not scores:
        raise ValidationError("尚未导入村级得分")
    outcomes = rules.classify([s.score for s in scores], rules.assessment_rules(assessment.top_n))
    share_of: dict[int, Decimal] = {}
    for score, outcome in zip(scores, outcomes, strict=True):
        score.rank, score.klass = outcome.rank, str(outcome.klass)
        score.top_ten, score.pay_share = outcome.top_ten, outcome.pay_share
        share_of[score.pk] = outcome.pay_share
    VillageScore.objects.bulk_update(scores, ["rank", "klass", "top_ten", "pay_share"])
    members = list(CommitteeMember.objects.filter(score__assessment=assessment))
    for member in members:
        member.bonus = rules.bonus(member.base_pay, share_of[member.score_id])
    CommitteeMember.objects.bulk_update(members, ["bonus"], batch_size=2000)
    assessment.computed_at = timezone.now()
    assessment.save(update_fields=["computed_at"])
    counts = {f"class_{k}": sum(1 for o in outcomes if o.klass == k) for k in (1, 2, 3)}
    counts["top_ten"] = sum(1 for o in outcomes if o.top_ten)
    record(
        actor=actor,
        action="villages.assessment.compute",
        target=assessment,
        organization=assessment.organization,
        after=counts,
    )
    return counts


@transaction.atomic
def sign_pay_sheet(
    *, actor: User, assessment: VillageAssessment, township: Organization, level: str
) -> PaySheetSignOff:
    """The township signs its pay sheet, then the county (the assessing organisation) does."""
    level = SignOffLevel(level)
    where = township if level is SignOffLevel.TOWNSHIP else assessment.organization
    require(actor, "villages.sign_off", where)
    assessment = VillageAssessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.computed_at is None:
        raise ValidationError("考评结果尚未计算，不能签署发放表")
    if not VillageScore.objects.filter(assessment=assessment, township=township).exists():
        raise ValidationError(f"{township.name}没有参加本次考评的村（社区）")
    signed = set(
        PaySheetSignOff.objects.filter(assessment=assessment, township=township).values_list(
            "level", flat=True
        )
    )
    if level.value in signed:
        raise ValidationError(f"{level.label}已签署")
    if level is SignOffLevel.COUNTY and SignOffLevel.TOWNSHIP.value not in signed:
        raise ValidationError("须先经乡镇（街道）审核签署")
    sign_off = PaySheetSignOff.objects.create(
        assessment=assessment, township=township, level=level.value, signed_by=actor
    )
    record(
        actor=actor,
        action="villages.pay_sheet.sign",
        target=sign_off,
        organization=township,
        after={"assessment": assessment.pk, "level": level.value},
    )
    return sign_off

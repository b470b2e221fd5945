"""Services of the lagging list (后进村 / 软弱涣散): identify, pair, plan, request and approve
de-listing. The plan's items live in the rectification ledger, reached only through
``core.events`` (``problems_raised`` to add them, ``ledger_progress_requested`` to read them).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from shuzhi.accounts.access import require
from shuzhi.accounts.models import User
from shuzhi.audit.services import record
from shuzhi.core.events import (
    LedgerProgress,
    LedgerProgressRequest,
    ProblemsRaised,
    ledger_progress_requested,
    problems_raised,
)
from shuzhi.core.vocabulary.sources import ProblemSource
from shuzhi.orgs.models import Organization
from shuzhi.orgs.queries import ancestors
from shuzhi.villages import rules
from shuzhi.villages.models import LaggingOrganization, VillageAssessment, VillageScore
from shuzhi.villages.rules import IdentifiedBy, LaggingKind, ListingStatus

REFERENCE_PREFIX = "villages.lagging"
NO_PROGRESS = LedgerProgress(total=0, open=0)


def plan_progress(listings: Iterable[LaggingOrganization]) -> dict[int, LedgerProgress]:
    """Each listing's plan in the ledger, by listing id, in one question (one query)."""
    listings = list(listings)
    if not listings:
        return {}
    answers = ledger_progress_requested.ask(
        LedgerProgressRequest(
            organization_ids=tuple({x.organization_id for x in listings}),
            reference_prefix=REFERENCE_PREFIX,
        )
    )
    merged: dict[str, LedgerProgress] = {}
    for answer in answers:
        merged.update(answer)
    # A listing whose stem no ledger answered has no items: it cannot be de-listed.
    return {x.pk: merged.get(x.reference, NO_PROGRESS) for x in listings}


def county_of(organization: Organization) -> Organization:
    county = ancestors(organization).filter(level="county").first()
    if county is None:
        raise ValidationError(f"{organization.name}不在任何县（市、区）之下")
    return county


def _audit(actor: User, listing: LaggingOrganization, action: str, **after: object) -> None:
    record(
        actor=actor,
        action=f"villages.lagging.{action}",
        target=listing,
        organization=listing.organization,
        after={key: str(value) for key, value in after.items()},
    )


@transaction.atomic
def list_organization(
    *,
    actor: User,
    organization: Organization,
    kind: str,
    identified_by: str,
    reason: str,
    year: int,
) -> LaggingOrganization:
    """Put an organisation on its county's list (by inspection or by hand, with a reason)."""
    county = county_of(organization)
    require(actor, "villages.manage", county)
    if not reason.strip():
        raise ValidationError("请写明认定理由")
    if (
        LaggingOrganization.objects.filter(organization=organization)
        .exclude(status=ListingStatus.DELISTED.value)
        .exists()
    ):
        raise ValidationError(f"{organization.name}已在整顿名单中")
    listing = LaggingOrganization.objects.create(
        organization=organization,
        county=county,
        kind=LaggingKind(kind).value,
        identified_by=IdentifiedBy(identified_by).value,
        reason=reason.strip(),
        year_listed=year,
    )
    _audit(actor, listing, "list", kind=kind, identified_by=identified_by, year=year)
    return listing


@transaction.atomic
def identify_by_rank(
    *,
    actor: User,
    assessment: VillageAssessment,
    percent: Decimal = rules.DEFAULT_LAGGING_PERCENT,
) -> list[LaggingOrganization]:
    """List the bottom ~5% of a computed assessment as lagging villages (ties at the cut too)."""
    require(actor, "villages.manage", assessment.organization)
    assessment = VillageAssessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.computed_at is None:
        raise ValidationError("考评结果尚未计算")
    ranked = list(
        VillageScore.objects.filter(assessment=assessment).values_list("village_id", "rank")
    )
    chosen = rules.bottom_by_rank([(v, r or 0) for v, r in ranked], percent)
    already = set(
        LaggingOrganization.objects.filter(organization_id__in=chosen)
        .exclude(status=ListingStatus.DELISTED.value)
        .values_list("organization_id", flat=True)
    )
    county = assessment.organization if assessment.organization.level == "county" else None
    rank_of = dict(ranked)
    created = []
    for village in Organization.objects.filter(pk__in=set(chosen) - already).order_by("path"):
        listing = LaggingOrganization.objects.create(
            organization=village,
            county=county or county_of(village),
            kind=LaggingKind.LAGGING.value,
            identified_by=IdentifiedBy.RANK.value,
            reason=f"{assessment.year}年百分制考评第 {rank_of[village.pk]} 名（共 {len(ranked)} 名）",
            year_listed=assessment.year,
        )
        _audit(actor, listing, "list", kind="lagging", identified_by="rank", year=assessment.year)
        created.append(listing)
    return created


@transaction.atomic
def pair(
    *, actor: User, listing: LaggingOrganization, department: Organization, responsible_leader: str
) -> LaggingOrganization:
    """Pair a listed organisation with a county department and a responsible county leader."""
    require(actor, "villages.manage", listing.county)
    listing.department, listing.responsible_leader = department, responsible_leader.strip()
    listing.save(update_fields=["department", "responsible_leader"])
    _audit(actor, listing, "pair", department=department.code, leader=responsible_leader)
    return listing


@transaction.atomic
def add_plan_items(*, actor: User, listing: LaggingOrganization, texts: Iterable[str]) -> int:
    """Send the rectification plan's items to the ledger (source: the superior's findings)."""
    require(actor, "villages.manage", listing.county)
    listing = LaggingOrganization.objects.select_for_update().get(pk=listing.pk)
    if listing.status == ListingStatus.DELISTED.value:
        raise ValidationError("已摘帽，不能再添加整改事项")
    items = [t.strip() for t in texts if t.strip()]
    if not items:
        raise ValidationError("请至少填写一项整改事项")
    # Numbered from 1 in each batch: intake is idempotent on (reference, text), so a batch sent
    # twice adds nothing, and every item shares the listing's stem for the progress question.
    problems_raised.publish(
        ProblemsRaised.numbered(
            items,
            organization_id=listing.organization_id,
            source=ProblemSource.SUPERIOR.value,
            year=listing.year_listed,
            reference=listing.reference,
            raised_by_id=actor.pk,
        )
    )
    if listing.status == ListingStatus.DELIST_REQUESTED.value:
        listing.status = ListingStatus.LISTED.value  # new work reopens the request
        listing.save(update_fields=["status"])
    _audit(actor, listing, "plan", items=len(items))
    return len(items)


def _gate(listing: LaggingOrganization, approved: bool) -> None:
    progress = plan_progress([listing])[listing.pk]
    refusal = rules.delisting_refusal(
        open_items=progress.open, total_items=progress.total, approved=approved
    )
    if refusal:
        raise ValidationError(refusal)


@transaction.atomic
def request_delisting(*, actor: User, listing: LaggingOrganization) -> LaggingOrganization:
    """Ask the county to de-list: only once every plan item is signed off in the ledger."""
    require(actor, "villages.sign_off", listing.organization)
    listing = LaggingOrganization.objects.select_for_update().get(pk=listing.pk)
    if listing.status != ListingStatus.LISTED.value:
        raise ValidationError("当前状态不能申请摘帽")
    _gate(listing, approved=True)
    listing.status, listing.delist_requested_by = ListingStatus.DELIST_REQUESTED.value, actor
    listing.save(update_fields=["status", "delist_requested_by"])
    _audit(actor, listing, "request_delisting")
    return listing


@transaction.atomic
def approve_delisting(
    *, actor: User, listing: LaggingOrganization, today: date
) -> LaggingOrganization:
    """The superior (the listing county) approves; the gate is checked again, at approval."""
    require(actor, "villages.approve", listing.county)
    listing = LaggingOrganization.objects.select_for_update().get(pk=listing.pk)
    if listing.status != ListingStatus.DELIST_REQUESTED.value:
        raise ValidationError("尚未申请摘帽")
    if listing.delist_requested_by_id == actor.pk:
        raise ValidationError("申请人不能审批自己的摘帽申请")
    _gate(listing, approved=True)
    listing.status, listing.approved_by, listing.delisted_on = (
        ListingStatus.DELISTED.value,
        actor,
        today,
    )
    listing.save(update_fields=["status", "approved_by", "delisted_on"])
    _audit(actor, listing, "delist", delisted_on=today)
    return listing

"""What pages, the API and other apps' questions read, in a bounded number of queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet

from shuzhi.accounts.access import scope_filter
from shuzhi.core.events import FactFindingScore, FindingItem
from shuzhi.factfinding import rules
from shuzhi.factfinding.models import Audit, Finding, InspectionGroup, Rating, Visit
from shuzhi.factfinding.rules import Acknowledgement, AuditState, VisitKind

#: Audit states in which the audited unit sees the audit's findings (issue 11: after the report).
REPORTED = (AuditState.ISSUED, AuditState.RECTIFIED)


def either(*conditions: Q) -> Q:
    """OR of filters where an empty ``Q()`` (a superuser's whole scope) means everything:
    Django drops an empty operand of ``|``, which would narrow the superuser instead."""
    if any(not condition for condition in conditions):
        return Q()
    combined = conditions[0]
    for condition in conditions[1:]:
        combined |= condition
    return combined


def unit_may_see() -> Q:
    """Findings the unit itself may see: a visit's, or an audit's once its report is issued."""
    return Q(audit__isnull=True) | Q(audit__state__in=REPORTED)


def visible_findings(user: Any) -> QuerySet[Finding]:
    """Findings in the user's subtree; an audit's before its report only to its auditors."""
    auditor = scope_filter(user, "factfinding.audit", "round__hearing_organization__path")
    return Finding.objects.filter(
        scope_filter(user, "factfinding.view", "organization__path")
    ).filter(either(unit_may_see(), auditor))


def visible_audits(user: Any) -> QuerySet[Audit]:
    """Audits of the user's subtree, and those the user conducts (over the hearing body)."""
    return Audit.objects.filter(
        either(
            scope_filter(user, "factfinding.view", "organization__path"),
            scope_filter(user, "factfinding.audit", "round__hearing_organization__path"),
        )
    ).select_related("organization", "round__hearing_organization")


def sees_sample(user: Any, audit: Audit) -> bool:
    """The sample stays hidden from the audited unit until the audit starts (004: 不打招呼)."""
    if audit.state != AuditState.PLANNED:
        return True
    return Audit.objects.filter(
        scope_filter(user, "factfinding.audit", "round__hearing_organization__path"), pk=audit.pk
    ).exists()


def visible_visits(user: Any) -> QuerySet[Visit]:
    return Visit.objects.filter(scope_filter(user, "factfinding.view", "organization__path"))


def finding_items(
    round_id: int, organization_ids: Sequence[int], unacknowledged_only: bool = False
) -> dict[int, tuple[FindingItem, ...]]:
    """Each organisation's findings the unit may see, oldest first, as the events' items."""
    findings = Finding.objects.filter(
        unit_may_see(), round_id=round_id, organization_id__in=organization_ids
    ).exclude(acknowledgement=Acknowledgement.DISPUTE_UPHELD)
    if unacknowledged_only:
        findings = findings.filter(acknowledgement__in=rules.UNACKNOWLEDGED)
    grouped: dict[int, list[FindingItem]] = defaultdict(list)
    for f in findings.order_by("pk"):
        grouped[f.organization_id].append(
            FindingItem(
                key=f"finding:{f.pk}",
                source=f.source,
                text=f.text,
                responsibility=f.responsibility,
                acknowledged=f.acknowledgement in rules.STANDING,
                status=Acknowledgement(f.acknowledgement).label,
            )
        )
    return {org: tuple(items) for org, items in grouped.items()}


def inspection_ratings(round_id: int) -> dict[int, list[Decimal]]:
    """Every member's rating of each unit in the round's inspections."""
    ratings: dict[int, list[Decimal]] = defaultdict(list)
    for org, score in Rating.objects.filter(
        visit__round_id=round_id, visit__kind=VisitKind.INSPECTION
    ).values_list("visit__organization_id", "score"):
        ratings[org].append(score)
    return ratings


def inspection_scores(round_id: int) -> dict[int, FactFindingScore]:
    """The combined 百分测评 of each inspected unit (``rules.combine_ratings``)."""
    answer = {}
    for org, scores in inspection_ratings(round_id).items():
        combined = rules.combine_ratings(scores)
        if combined is not None:
            answer[org] = FactFindingScore(combined, f"视察百分测评（{len(scores)} 人评分）")
    return answer


def audit_ranking(round_id: int) -> list[tuple[Audit, int]]:
    """The round's reported audits by score, with their rank (a scoring source, 004)."""
    audits = list(
        Audit.objects.filter(round_id=round_id, state__in=REPORTED, score__isnull=False)
        .select_related("organization")
        .order_by("-score", "organization__path")
    )
    places = rules.rank({a.pk: a.score or Decimal(0) for a in audits})
    return [(a, places[a.pk]) for a in audits]


def audit_scores(round_id: int) -> dict[int, FactFindingScore]:
    ranking = audit_ranking(round_id)
    return {
        a.organization_id: FactFindingScore(
            a.score or Decimal(0), f"党建审计得分，第 {place} 名（共 {len(ranking)} 个）"
        )
        for a, place in ranking
    }


def scores(round_id: int, kind: str) -> Mapping[int, FactFindingScore] | None:
    if kind == "inspection":
        return inspection_scores(round_id)
    if kind == "audit":
        return audit_scores(round_id)
    return None


# --- Pages ---------------------------------------------------------------------------------


def my_groups(user: Any) -> QuerySet[InspectionGroup]:
    """The groups the user sits in (as a person), newest rounds first."""
    if getattr(user, "person_id", None) is None:
        return InspectionGroup.objects.none()
    return (
        InspectionGroup.objects.filter(members__representative__person_id=user.person_id)
        .select_related("round")
        .order_by("-round__year", "name")
    )


def visible_groups(user: Any) -> QuerySet[InspectionGroup]:
    mine = Q(members__representative__person_id=user.person_id) if user.person_id else Q(pk__in=[])
    return (
        InspectionGroup.objects.filter(
            either(
                scope_filter(user, "factfinding.view", "round__hearing_organization__path"), mine
            )
        )
        .select_related("round__hearing_organization")
        .distinct()
    )


def round_overview(round_id: int) -> dict[str, Any]:
    """The round page: groups, audits and each unit's finding counts, in five queries."""
    groups = (
        InspectionGroup.objects.filter(round_id=round_id)
        .annotate(
            member_count=Count("members", distinct=True), unit_count=Count("units", distinct=True)
        )
        .order_by("name")
    )
    audits = Audit.objects.filter(round_id=round_id).select_related("organization")
    units = (
        Finding.objects.filter(round_id=round_id)
        .values("organization__code", "organization__name", "organization__path")
        .annotate(
            total=Count("pk"),
            pending=Count("pk", filter=Q(acknowledgement__in=rules.UNACKNOWLEDGED)),
        )
        .order_by("organization__path")
    )
    visits = Visit.objects.filter(round_id=round_id).select_related("organization", "group")[:50]
    return {
        "groups": list(groups),
        "audits": list(audits),
        "units": list(units),
        "visits": list(visits),
    }


def group_detail(group: InspectionGroup) -> dict[str, Any]:
    return {
        "members": list(group.members.select_related("representative__person")),
        "units": list(group.units.select_related("organization")),
        "visits": list(
            group.visits.select_related("organization").annotate(finding_count=Count("findings"))
        ),
    }


def visit_detail(visit: Visit) -> dict[str, Any]:
    ratings = list(visit.ratings.select_related("rater"))
    return {
        "findings": list(visit.findings.order_by("pk")),
        "opinions": list(visit.opinions.select_related("author")),
        "ratings": ratings,
        "combined": rules.combine_ratings([r.score for r in ratings]),
        "evidence": list(visit.evidence.all()),
    }


def findings_page(user: Any, round_id: int | None = None) -> QuerySet[Finding]:
    findings = visible_findings(user).select_related("organization__parent", "round", "audit")
    if round_id is not None:
        findings = findings.filter(round_id=round_id)
    return findings.order_by("acknowledgement", "organization__path", "pk")


def audit_detail(audit: Audit) -> dict[str, Any]:
    return {
        "samples": list(audit.samples.select_related("organization")),
        "checklist": list(audit.checklist.all()),
        "findings": list(audit.findings.select_related("sampled").order_by("pk")),
    }

"""What the village pages need, each in a fixed number of queries whatever the tree's size."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet

from shuzhi.accounts.access import has_permission, scope_filter
from shuzhi.core.events import PointsLine, SecretaryPoints
from shuzhi.orgs.choices import Field, Level
from shuzhi.orgs.models import Organization
from shuzhi.orgs.queries import subtree_filter
from shuzhi.villages.listing import plan_progress
from shuzhi.villages.models import (
    CommitteeMember,
    LaggingOrganization,
    PaySheetSignOff,
    PointsEntry,
    StarRating,
    VillageAssessment,
    VillageScore,
)
from shuzhi.villages.rules import (
    CLEARING_BAR,
    MAX_STARS,
    RECTIFICATION_TARGET,
    ListingStatus,
    PointsStatus,
    SignOffLevel,
    points_total,
    rectification_rate,
    years_listed,
)
from shuzhi.villages.rules import change_since as rules_change
from shuzhi.villages.workbook import PayLine


def visible_organization(
    user: Any, code: str, permission: str = "villages.view"
) -> Organization | None:
    """The organisation with ``code`` if ``user`` may see it for villages, else None."""
    organization = Organization.objects.select_related("parent").filter(code=code).first()
    if organization is None or not has_permission(user, permission, organization):
        return None
    return organization


def visible_assessments(user: Any) -> QuerySet[VillageAssessment]:
    return VillageAssessment.objects.filter(
        scope_filter(user, "villages.view", "organization__path")
    ).select_related("organization")


def visible_assessment(user: Any, assessment_id: int) -> VillageAssessment | None:
    return visible_assessments(user).filter(pk=assessment_id).first()


def township_assessments(user: Any) -> QuerySet[VillageAssessment]:
    """Assessments over the user's townships (a township cadre sees their own pay sheet)."""
    townships = VillageScore.objects.filter(
        scope_filter(user, "villages.view", "township__path")
    ).values("assessment_id")
    return VillageAssessment.objects.filter(pk__in=townships).select_related("organization")


@dataclass
class TownshipRow:
    township: Organization
    villages: int
    signed: dict[str, str] = field(default_factory=dict)  # level -> signer's name


@dataclass
class AssessmentPage:
    assessment: VillageAssessment
    scores: list[VillageScore]
    class_counts: dict[str, int]
    top_ten: list[VillageScore]
    townships: list[TownshipRow]
    members: int
    bonus_total: Decimal


def assessment_page(assessment: VillageAssessment, limit: int = 500) -> AssessmentPage:
    """Ranked villages (the first ``limit``), class counts, 十佳, townships and sign-offs."""
    scores = VillageScore.objects.filter(assessment=assessment)
    ranked = list(
        scores.select_related("village", "township").order_by("rank", "-score", "pk")[:limit]
    )
    class_counts = dict(
        scores.values_list("klass").annotate(n=Count("pk")).values_list("klass", "n")
    )
    top_ten = [s for s in ranked if s.top_ten] or list(
        scores.filter(top_ten=True).select_related("village").order_by("rank")
    )
    per_township = Counter(
        dict(scores.values_list("township").annotate(n=Count("pk")).values_list("township", "n"))
    )
    townships = {
        t.pk: TownshipRow(t, per_township[t.pk])
        for t in Organization.objects.filter(pk__in=per_township).order_by("path")
    }
    for sign in PaySheetSignOff.objects.filter(assessment=assessment).select_related("signed_by"):
        townships[sign.township_id].signed[sign.level] = str(sign.signed_by)
    members = CommitteeMember.objects.filter(score__assessment=assessment)
    bonus_total = sum((b for b in members.values_list("bonus", flat=True) if b), Decimal(0))
    return AssessmentPage(
        assessment,
        ranked,
        class_counts,
        top_ten,
        list(townships.values()),
        members.count(),
        bonus_total,
    )


def pay_lines(assessment: VillageAssessment, township: Organization) -> list[PayLine]:
    """One line per committee member of the township's villages, by rank then village."""
    members = (
        CommitteeMember.objects.filter(score__assessment=assessment, score__township=township)
        .select_related("score__village")
        .order_by("score__rank", "score__village__code", "pk")
    )
    return [
        PayLine(
            rank=m.score.rank,
            village=m.score.village.name,
            score=m.score.score,
            klass=m.score.klass,
            top_ten=m.score.top_ten,
            name=m.name,
            role=m.role,
            base_pay=m.base_pay,
            pay_share=m.score.pay_share,
            bonus=m.bonus,
        )
        for m in members
    ]


def sign_offs(assessment: VillageAssessment, township: Organization) -> dict[str, str]:
    """Each sign-off level's label → who signed and when ("" while unsigned)."""
    signed = {
        s.level: f"{s.signed_by} {s.signed_at:%Y-%m-%d}"
        for s in PaySheetSignOff.objects.filter(
            assessment=assessment, township=township
        ).select_related("signed_by")
    }
    return {level.label: signed.get(level.value, "") for level in SignOffLevel}


def assessment_villages(assessment: VillageAssessment) -> list[tuple[str, str]]:
    """(code, name) of every village under the assessing organisation, for the template."""
    return list(
        Organization.objects.filter(
            subtree_filter(assessment.organization.path), level="village", is_active=True
        )
        .order_by("path")
        .values_list("code", "name")
    )


def visible_listings(user: Any) -> QuerySet[LaggingOrganization]:
    """Listings of organisations in the user's subtrees (a township sees its own villages)."""
    return LaggingOrganization.objects.filter(
        scope_filter(user, "villages.view", "organization__path")
    ).select_related("organization__parent", "county", "department")


def visible_listing(user: Any, listing_id: int) -> LaggingOrganization | None:
    return visible_listings(user).filter(pk=listing_id).first()


@dataclass
class ListingRow:
    listing: LaggingOrganization
    years: int
    total: int
    open: int


def lagging_rows(
    listings: QuerySet[LaggingOrganization], this_year: int, min_years: int = 0, limit: int = 500
) -> list[ListingRow]:
    """Still-listed organisations with years on the list and plan progress (two queries)."""
    current = listings.exclude(status=ListingStatus.DELISTED.value)
    if min_years:
        current = current.filter(year_listed__lte=this_year - min_years + 1)
    found = list(current.order_by("year_listed", "organization__path")[:limit])
    progress = plan_progress(found)
    return [
        ListingRow(
            x, years_listed(x.year_listed, this_year), progress[x.pk].total, progress[x.pk].open
        )
        for x in found
    ]


def rate_by_year(listings: QuerySet[LaggingOrganization]) -> list[dict[str, Any]]:
    """Per year of listing: listed, de-listed and the rectification rate (one query)."""
    rows = (
        listings.values("year_listed")
        .annotate(
            listed=Count("pk"),
            delisted=Count("pk", filter=Q(status=ListingStatus.DELISTED.value)),
        )
        .order_by("year_listed")
    )
    return [{**row, "rate": rectification_rate(row["listed"], row["delisted"])} for row in rows]


def county_figures(listings: QuerySet[LaggingOrganization]) -> dict[str, Any]:
    """All years together: the rate against the 95% target (003), in one query."""
    totals = listings.aggregate(
        listed=Count("pk"), delisted=Count("pk", filter=Q(status=ListingStatus.DELISTED.value))
    )
    rate = rectification_rate(totals["listed"], totals["delisted"])
    return {
        **totals,
        "rate": rate,
        "target": RECTIFICATION_TARGET,
        "meets_target": rate is not None and rate >= RECTIFICATION_TARGET,
    }


def secretary_points(person_id: int, year: int) -> SecretaryPoints | None:
    """A secretary's confirmed points of a year (for records), or None without any (one query)."""
    entries = list(
        PointsEntry.objects.filter(
            secretary_id=person_id, year=year, status=PointsStatus.CONFIRMED.value
        ).order_by("occurred_on", "pk")
    )
    if not entries:
        return None
    return SecretaryPoints(
        year=year,
        total=str(points_total(e.points for e in entries)),
        lines=tuple(
            PointsLine(e.occurred_on.isoformat(), e.rule_label, str(e.points)) for e in entries
        ),
    )


@dataclass
class StarTable:
    """Branches per star level in each group (township or field), with the totals."""

    groups: list[tuple[str, list[int], int]]  # (label, count for 1..5 stars, total)
    totals: list[int]
    previous: list[int]  # last year's totals, for the change
    change: list[int]
    clearing: int  # branches at two stars or below


def _counts(rows: Any) -> dict[Any, Counter[int]]:
    result: dict[Any, Counter[int]] = {}
    for key, stars, n in rows:
        result.setdefault(key, Counter())[stars] += n
    return result


def _current_ratings(root: Organization, year: int) -> list[QuerySet[StarRating]]:
    """The current ratings of ``year`` under ``root``, as disjoint querysets on the indexes."""
    current = StarRating.objects.filter(year=year, is_current=True)
    if root.level == Level.TOWNSHIP:
        return [current.filter(township_id=root.pk)]
    if root.level == Level.COUNTY:
        return [current.filter(county_id=root.pk)]
    if root.level in (Level.VILLAGE, Level.BRANCH):
        return [current.filter(subtree_filter(root.path, "branch__path"))]
    counties = Organization.objects.filter(subtree_filter(root.path), level=Level.COUNTY)
    outside = current.filter(subtree_filter(root.path, "branch__path"), county__isnull=True)
    return [current.filter(county_id__in=counties.values("pk")), outside]


def _year_counter(root: Organization) -> Callable[[int, str], dict[Any, Counter[int]]]:
    def counts(year: int, key: str) -> dict[Any, Counter[int]]:
        merged: dict[Any, Counter[int]] = {}
        for part in _current_ratings(root, year):
            rows = part.values_list(key, "stars").annotate(n=Count("pk")).order_by()
            for k, c in _counts(rows).items():
                merged.setdefault(k, Counter()).update(c)
        return merged

    return counts


def star_distribution(root: Organization, year: int, by: str = "township") -> StarTable:
    """Current ratings under ``root`` by township, county or field, and the change since last
    year.

    A fixed number of queries whatever the number of branches: grouped counts, not rows. The
    ratings are found by their stored township or county (indexed with the year), not by
    joining every branch's path: under a township or a county directly; above, by the
    counties of the subtree, plus the few branches outside any county by path.
    """
    year_counts = _year_counter(root)
    key = {"township": "township_id", "county": "county_id"}.get(by, "field")
    grouped = year_counts(year, key)
    before = year_counts(year - 1, "year").get(year - 1, Counter())
    if by in ("township", "county"):
        names = dict(
            Organization.objects.filter(pk__in=[k for k in grouped if k]).values_list("pk", "name")
        )
        labels = {k: names.get(k, "（未归属）") for k in grouped}
    else:
        labels = {k: dict(Field.choices).get(k, k) for k in grouped}
    levels = range(1, MAX_STARS + 1)
    groups = [
        (labels[k], [c[s] for s in levels], sum(c.values()))
        for k, c in sorted(grouped.items(), key=lambda kv: labels[kv[0]])
    ]
    totals = [sum(c[s] for c in grouped.values()) for s in levels]
    previous = [before[s] for s in levels]
    change = rules_change(dict(zip(levels, totals, strict=True)), dict(before))
    return StarTable(
        groups,
        totals,
        previous,
        [change[s] for s in levels],
        sum(totals[:CLEARING_BAR]),
    )


def branch_ratings(branch: Organization) -> list[StarRating]:
    return list(StarRating.objects.filter(branch=branch).select_related("rated_by")[:20])


def branch_points(branch: Organization, year: int) -> list[PointsEntry]:
    return list(
        PointsEntry.objects.filter(branch=branch, year=year).select_related(
            "entered_by", "confirmed_by"
        )
    )


def pending_points(user: Any, limit: int = 100) -> list[PointsEntry]:
    """Entries waiting for a township the user rates in (two queries: scope, rows)."""
    return list(
        PointsEntry.objects.filter(
            scope_filter(user, "villages.rate", "branch__path"), status=PointsStatus.PENDING.value
        )
        .select_related("branch", "entered_by")
        .order_by("occurred_on", "pk")[:limit]
    )


def branches_under(root: Organization, limit: int = 5000) -> list[tuple[str, str]]:
    """(code, name) of the party branches in ``root``'s subtree, in tree order, for a sheet."""
    return list(
        Organization.objects.filter(subtree_filter(root.path), kind="branch", is_active=True)
        .order_by("path")
        .values_list("code", "name")[:limit]
    )

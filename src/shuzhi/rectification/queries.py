"""Reads for the rectification pages, API and other apps; scoped by ``accounts.access``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Substr
from django.urls import reverse
from django.utils import timezone

from shuzhi.accounts.access import has_permission, scope_filter
from shuzhi.core.events import LedgerProgress, PriorItem
from shuzhi.core.home import Todo
from shuzhi.core.vocabulary.sources import ProblemSource
from shuzhi.orgs import tree
from shuzhi.orgs.models import Organization
from shuzhi.orgs.queries import subtree_filter
from shuzhi.rectification import rules
from shuzhi.rectification.chart import Bar
from shuzhi.rectification.models import (
    Problem,
    RectificationItem,
    ReportDeadline,
    active_condition,
    finished_condition,
    overdue_condition,
    report_overdue_condition,
)
from shuzhi.rectification.rules import Status
from shuzhi.rounds.queries import rounds_reported_before

CLOSED = Status.CLOSED


def visible_items(user: Any, permission: str = "rectification.view") -> QuerySet[RectificationItem]:
    return RectificationItem.objects.filter(scope_filter(user, permission, "organization__path"))


def visible_problems(user: Any) -> QuerySet[Problem]:
    return Problem.objects.filter(scope_filter(user, "rectification.view", "organization__path"))


def problem_list(organization: Organization) -> list[Problem]:
    """The organisation's problem list: active problems first by year, with their items."""
    return list(
        Problem.objects.filter(active_condition(), organization=organization)
        .select_related("item", "escalated_to__organization", "raised_by")
        .prefetch_related("merged")
        .order_by("-year", "pk")
    )


def withdrawn_problems(organization: Organization) -> QuerySet[Problem]:
    """Problems taken off the organisation's list by their source, newest first, kept on record."""
    return Problem.objects.filter(organization=organization, withdrawn_at__isnull=False).order_by(
        "-withdrawn_at", "pk"
    )


def ledger(organization: Organization, subtree: bool = False) -> QuerySet[RectificationItem]:
    """The ledger rows (整改台账) of one organisation or its whole subtree."""
    items = RectificationItem.objects.all()
    if subtree:
        items = items.filter(subtree_filter(organization.path, "organization__path"))
    else:
        items = items.filter(organization=organization)
    return items.select_related(
        "problem", "organization", "first_responsible", "direct_responsible"
    ).order_by("organization__path", "deadline", "pk")


def duplicate_suggestions(organization: Organization) -> list[tuple[Problem, Problem, float]]:
    """Pairs of active problems of one organisation whose texts look alike."""
    problems = {
        p.pk: p for p in Problem.objects.filter(active_condition(), organization=organization)
    }
    candidates = [rules.Candidate(pk, p.text) for pk, p in problems.items()]
    return [
        (problems[a.key], problems[b.key], score)
        for a, b, score in rules.duplicate_pairs(candidates)
    ]


# --- Dashboards ----------------------------------------------------------------------------


@dataclass
class Tally:
    closed_on_time: int = 0
    closed_late: int = 0
    overdue: int = 0
    open: int = 0

    @property
    def total(self) -> int:
        return self.closed_on_time + self.closed_late + self.overdue + self.open

    @property
    def closed(self) -> int:
        return self.closed_on_time + self.closed_late

    def add(self, other: Tally) -> None:
        self.closed_on_time += other.closed_on_time
        self.closed_late += other.closed_late
        self.overdue += other.overdue
        self.open += other.open

    def as_dict(self) -> dict[str, int]:
        return {
            "closed_on_time": self.closed_on_time,
            "closed_late": self.closed_late,
            "overdue": self.overdue,
            "open": self.open,
        }


@dataclass
class DashboardRow:
    organization: Organization
    own_only: bool  # True for the root's own items ("本级"), False for a child's whole subtree
    tally: Tally = field(default_factory=Tally)

    @property
    def label(self) -> str:
        return f"{self.organization.name}（本级）" if self.own_only else self.organization.name


def _tally_aggregates(today: date) -> dict[str, Count]:
    # A withdrawn item counts in no column: its problem is off the list.
    open_ = ~finished_condition()
    return {
        "closed_on_time": Count("pk", filter=Q(status=CLOSED, closed_on__lte=F("deadline"))),
        "closed_late": Count("pk", filter=Q(status=CLOSED, closed_on__gt=F("deadline"))),
        "overdue": Count("pk", filter=overdue_condition(today)),
        "open": Count("pk", filter=open_ & ~overdue_condition(today)),
    }


def subtree_dashboard(root: Organization, today: date | None = None) -> list[DashboardRow]:
    """The root's own items and each child's whole subtree, tallied in ONE grouped query."""
    today = today or timezone.localdate()
    width = len(root.path) + tree.STEP_WIDTH
    grouped = (
        RectificationItem.objects.filter(subtree_filter(root.path, "organization__path"))
        .annotate(branch=Substr("organization__path", 1, width))
        .values("branch")
        .annotate(**_tally_aggregates(today))
        .order_by()  # the model's default ordering would split the groups
    )
    by_branch: dict[str, Tally] = {}
    for row in grouped:
        figures: dict[str, Any] = dict(row)
        branch = figures.pop("branch")
        by_branch[branch] = Tally(**figures)
    rows = [DashboardRow(root, own_only=True, tally=by_branch.get(root.path, Tally()))]
    for child in root.children.order_by("path"):
        rows.append(DashboardRow(child, own_only=False, tally=by_branch.get(child.path, Tally())))
    return rows


def subtree_dashboard_by_loop(root: Organization, today: date | None = None) -> list[DashboardRow]:
    """The same figures, one organisation at a time (the benchmark's baseline; do not use)."""
    today = today or timezone.localdate()
    rows = [DashboardRow(root, own_only=True, tally=organization_tally(root, today))]
    for child in root.children.order_by("path"):
        row = DashboardRow(child, own_only=False)
        for organization in Organization.objects.filter(subtree_filter(child.path)):
            row.tally.add(organization_tally(organization, today))
        rows.append(row)
    return rows


def organization_tally(organization: Organization, today: date | None = None) -> Tally:
    """One organisation's own items, tallied."""
    today = today or timezone.localdate()
    figures = RectificationItem.objects.filter(organization=organization).aggregate(
        **_tally_aggregates(today)
    )
    return Tally(**figures)


def total_of(rows: list[DashboardRow]) -> Tally:
    total = Tally()
    for row in rows:
        total.add(row.tally)
    return total


def chart_bars(rows: list[DashboardRow]) -> list[Bar]:
    return [Bar(row.label, row.tally.as_dict()) for row in rows]


# --- Owner and superior views --------------------------------------------------------------


def overdue_items(user: Any, today: date | None = None) -> QuerySet[RectificationItem]:
    """Open items past their deadline that ``user`` sees (as owner or as superior)."""
    today = today or timezone.localdate()
    return (
        visible_items(user)
        .filter(overdue_condition(today))
        .select_related("problem", "organization", "first_responsible")
        .order_by("deadline", "pk")
    )


def overdue_reports(user: Any, today: date | None = None) -> QuerySet[ReportDeadline]:
    """Written rectification reports past their due date, not delivered, within scope."""
    today = today or timezone.localdate()
    return (
        ReportDeadline.objects.filter(
            scope_filter(user, "rectification.view", "organization__path")
        )
        .filter(report_overdue_condition(today))
        .select_related("organization")
        .order_by("due_date")
    )


def my_items(user: Any) -> QuerySet[RectificationItem]:
    """Items the user is personally responsible for."""
    person_id = getattr(user, "person_id", None)
    if person_id is None:
        return RectificationItem.objects.none()
    return (
        RectificationItem.objects.filter(
            Q(first_responsible_id=person_id) | Q(direct_responsible_id=person_id)
        )
        .select_related("problem", "organization")
        .order_by("status", "deadline")
    )


def awaiting_sign_off(user: Any) -> list[RectificationItem]:
    """Submitted items whose PARENT organisation lies in the user's sign-off scope."""
    candidates = (
        RectificationItem.objects.filter(status=Status.SUBMITTED)
        .filter(scope_filter(user, "rectification.sign_off", "organization__parent__path"))
        .exclude(submitted_by=user)
        .select_related("problem", "organization")
    )
    person_id = getattr(user, "person_id", None)
    return [
        item
        for item in candidates
        if person_id is None
        or person_id not in (item.first_responsible_id, item.direct_responsible_id)
    ]


@dataclass(frozen=True)
class RaisedSummary:
    year: int
    raised: int
    closed: int

    @property
    def open(self) -> int:
        return self.raised - self.closed

    def sentence(self) -> str:
        return f"{self.year}年我点评指出 {self.raised} 个问题：已销号 {self.closed} 个，未销号 {self.open} 个"


def raised_by_me(user: Any, year: int) -> RaisedSummary:
    """What a superior raised in critiques of ``year``: how many since closed, how many open."""
    figures = Problem.objects.filter(
        active_condition(), raised_by=user, source=ProblemSource.SUPERIOR, year=year
    ).aggregate(raised=Count("pk"), closed=Count("pk", filter=Q(item__status=CLOSED)))
    return RaisedSummary(year, figures["raised"], figures["closed"])


# --- Next year's report --------------------------------------------------------------------


def problem_status(problem: Problem, today: date | None = None) -> str:
    """A problem's status in Chinese, as the next report and its review show it."""
    if problem.withdrawn_at is not None:
        return f"已撤销（{problem.withdrawal_reason}）"
    if problem.escalated_to_id is not None:
        return f"已上移至{problem.escalated_to.organization.name}"  # type: ignore[union-attr]
    item = getattr(problem, "item", None)
    if item is None:
        return "未立整改事项"
    return item_status(item, today or timezone.localdate())


def item_status(item: RectificationItem, today: date) -> str:
    """An item's status label, marked when it is open past its deadline (pages, ledger, report)."""
    label = str(Status(item.status).label)
    return f"{label}（已逾期）" if item.is_overdue_on(today) else label


def _prior_problems(organization_id: int, year: int, round_id: int | None) -> Q:
    """Which problems the report of ``round_id`` (or, without one, of ``year``) must answer."""
    still_open = Q(item__isnull=True) | ~Q(item__status=CLOSED)
    earlier = rounds_reported_before(organization_id, round_id) if round_id is not None else []
    if not earlier:
        return Q(year=year - 1) | (Q(year__lt=year - 1) & still_open)
    previous, older = earlier[0], [r.pk for r in earlier[1:]]
    of_previous = Q(round_id=previous.pk) | Q(round_id__isnull=True, year__gte=previous.year)
    older_open = (Q(round_id__in=older) | Q(year__lt=previous.year)) & still_open
    return (of_previous | older_open) & ~Q(round_id=round_id)


def prior_items(*, organization_id: int, year: int, round_id: int | None = None) -> list[PriorItem]:
    """Problems of the organisation's previous round and older ones still open, for its report.

    With ``round_id``, the previous round is the latest earlier one (by year and period) in which
    the organisation reported: its problems, problems without a round raised since its year, and
    older ones still open. Without one (or no earlier round): ``year - 1`` and older open ones."""
    problems = (
        Problem.objects.filter(active_condition(), organization_id=organization_id)
        .filter(_prior_problems(organization_id, year, round_id))
        .select_related("item", "escalated_to__organization")
        .order_by("year", "pk")
    )
    answer = []
    for problem in problems:
        item = getattr(problem, "item", None)
        extra = {"year": str(problem.year)}
        if item is not None:
            extra |= {"deadline": item.deadline.isoformat(), "measures": item.measures}
        answer.append(
            PriorItem(
                key=f"problem:{problem.pk}",
                source=problem.source,
                text=problem.text,
                status=problem_status(problem),
                extra=extra,
            )
        )
    return answer


# --- Single objects, for pages and the API -------------------------------------------------


def visible_organization(user: Any, code: str) -> Organization | None:
    """The organisation with ``code`` if ``user`` may see its rectification work, else None."""
    organization = Organization.objects.select_related("parent").filter(code=code).first()
    if organization is None or not has_permission(user, "rectification.view", organization):
        return None
    return organization


def visible_item(user: Any, item_id: int) -> RectificationItem | None:
    """The ledger item with its people and organisation, if ``user`` may see it."""
    item = (
        RectificationItem.objects.select_related(
            "problem", "organization__parent", "first_responsible", "direct_responsible"
        )
        .filter(pk=item_id)
        .first()
    )
    if item is None or not has_permission(user, "rectification.view", item.organization):
        return None
    return item


def home_todos(user: Any, today: date) -> list[Todo]:
    """The home page's counts: items awaiting the user's sign-off, overdue items in scope."""
    todos = []
    url = reverse("rectification:home")
    if has_permission(user, "rectification.sign_off"):
        todos.append(
            Todo("待我销号的整改事项", len(awaiting_sign_off(user)), f"{url}#awaiting", 20)
        )
    if has_permission(user, "rectification.view"):
        overdue = overdue_items(user, today).count()
        todos.append(Todo("已逾期的整改事项", overdue, f"{url}#overdue", 30, urgent=True))
    return todos


def ledger_progress(
    organization_ids: tuple[int, ...], reference_prefix: str
) -> dict[str, LedgerProgress]:
    """Signed-off and open problems per reference stem (the villages' de-listing gate), in one
    query. A merged problem stands or falls with the one it was merged into."""
    rows = Problem.objects.filter(
        organization_id__in=organization_ids,
        reference__startswith=f"{reference_prefix}:",
        withdrawn_at__isnull=True,
    ).values_list("reference", "merged_into_id", "item__status", "merged_into__item__status")
    totals: dict[str, list[int]] = {}
    for reference, merged, own, via in rows:
        tally = totals.setdefault(reference.rsplit(":", 1)[0], [0, 0])
        tally[0] += 1
        tally[1] += (via if merged is not None else own) != Status.CLOSED.value
    return {stem: LedgerProgress(total, still_open) for stem, (total, still_open) in totals.items()}

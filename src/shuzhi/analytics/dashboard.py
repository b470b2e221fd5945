"""The department's dashboard (工作大屏) of a round in progress: stage figures asked of each app,
overdue items by unit below in warning colours. No app answers with a ballot result."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from shuzhi.analytics import warnings
from shuzhi.core.events import (
    OverdueRequest,
    ProgressFigure,
    ProgressRequest,
    overdue_items_requested,
    round_progress_requested,
)
from shuzhi.orgs.models import Organization
from shuzhi.orgs.tree import STEP_WIDTH
from shuzhi.rounds.models import Round


@dataclass
class UnitWarnings:
    organization: Organization
    counts: dict[warnings.WarningLevel, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class Dashboard:
    round: Round
    organization: Organization
    figures: list[ProgressFigure]
    units: list[UnitWarnings]
    totals: dict[warnings.WarningLevel, int]
    today: date


def figures(round_: Round, organization: Organization) -> list[ProgressFigure]:
    request = ProgressRequest(round_.pk, organization.path, tuple(organization.ancestor_paths))
    found = [f for answer in round_progress_requested.ask(request) for f in answer]
    return sorted(found, key=lambda f: (f.order, f.key))


def overdue_by_unit(organization: Organization, today: date) -> list[UnitWarnings]:
    """Overdue items grouped by the unit just below ``organization`` (a city: its counties)."""
    items = [
        i
        for answer in overdue_items_requested.ask(OverdueRequest(organization.path, today))
        for i in answer
    ]
    width = len(organization.path) + STEP_WIDTH
    deadlines: dict[str, list[date]] = defaultdict(list)
    for item in items:
        deadlines[item.organization_path[:width]].append(item.deadline)
    places = {o.path: o for o in Organization.objects.filter(path__in=list(deadlines))}
    rows = [
        UnitWarnings(places[path], warnings.tally(found, today))
        for path, found in deadlines.items()
        if path in places
    ]
    return sorted(
        rows, key=lambda r: (-r.counts[warnings.WarningLevel.RED], -r.total, r.organization.path)
    )


def dashboard(round_: Round, organization: Organization, today: date) -> Dashboard:
    units = overdue_by_unit(organization, today)
    totals = {c: sum(u.counts[c] for u in units) for c in warnings.WarningLevel}
    return Dashboard(round_, organization, figures(round_, organization), units, totals, today)

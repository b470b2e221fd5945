"""Reads for round pages, scoped along the organisation tree."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Max, QuerySet
from django.http import Http404
from django.urls import reverse

from shuzhi.accounts.access import has_permission, scope_filter
from shuzhi.core import events
from shuzhi.core.home import CurrentRound
from shuzhi.rounds.models import Period, Reporter, Round, RoundStatus, StageSchedule

# Within a year: the two halves, then the annual round that concludes the year.
PERIOD_ORDER = {Period.FIRST_HALF: 0, Period.SECOND_HALF: 1, Period.ANNUAL: 2}


def visible_rounds(user: Any, permission: str = "rounds.view") -> QuerySet[Round]:
    """Rounds whose hearing organisation lies within the user's scope."""
    return (
        Round.objects.filter(scope_filter(user, permission, "hearing_organization__path"))
        .select_related("hearing_organization")
        .annotate(reporter_count=Count("reporters"))
    )


def visible_round(user: Any, round_id: int, permission: str = "rounds.view") -> Round:
    """The round, if the user may see it; another subtree's round answers 404."""
    round_ = Round.objects.select_related("hearing_organization").filter(pk=round_id).first()
    if round_ is None or not has_permission(user, permission, round_.hearing_organization):
        raise Http404
    return round_


def reporters_of(round: Round) -> QuerySet[Reporter]:
    return round.reporters.select_related("person", "organization").order_by(
        "peer_group", "speaking_order", "organization__path"
    )


def rounds_before(round: Round, user: Any) -> QuerySet[Round]:
    """Earlier rounds the user can see, for copying an indicator system."""
    return visible_rounds(user).exclude(pk=round.pk).filter(year__lte=round.year)


def _sequence(round: Round) -> tuple[int, int]:
    return (round.year, PERIOD_ORDER.get(Period(round.period), 2))


def rounds_reported_before(organization_id: int, round_id: int) -> list[Round]:
    """Earlier rounds, by (year, period), in which the organisation was a reporter; latest first.

    Empty when ``round_id`` names no round."""
    current = Round.objects.filter(pk=round_id).first()
    if current is None:
        return []
    candidates = Round.objects.filter(
        reporters__organization_id=organization_id, year__lte=current.year
    ).distinct()
    earlier = [r for r in candidates if _sequence(r) < _sequence(current)]
    return sorted(earlier, key=lambda r: (_sequence(r), r.pk), reverse=True)


@dataclass(frozen=True)
class RoundRow:
    round: Round
    status: RoundStatus
    current: bool  # the newest round of its hearing body and period
    stage: str  # what runs today, or what comes next


def stage_today(schedules: list[StageSchedule], today: date) -> str:
    """The stage running today, else the next one, in Chinese."""
    running = [s for s in schedules if s.starts_on <= today <= s.ends_on]
    if running:
        stage = running[-1]
        return f"{stage.get_stage_display()}（至 {stage.ends_on:%m月%d日}）"
    upcoming = sorted((s for s in schedules if s.starts_on > today), key=lambda s: s.starts_on)
    if upcoming:
        stage = upcoming[0]
        return f"下一阶段：{stage.get_stage_display()}（{stage.starts_on:%m月%d日} 起）"
    return "各阶段均已结束" if schedules else "尚未安排阶段"


def round_rows(user: Any, today: date, rounds: list[Round] | None = None) -> list[RoundRow]:
    """Each visible round with its status, in four queries whatever the number of rounds."""
    rounds = list(visible_rounds(user)) if rounds is None else rounds
    newest = {
        (row["hearing_organization_id"], row["period"]): row["newest"]
        for row in Round.objects.filter(
            hearing_organization_id__in={r.hearing_organization_id for r in rounds}
        )
        .values("hearing_organization_id", "period")
        .annotate(newest=Max("year"))
    }
    ids = [r.pk for r in rounds]
    published: set[int] = set()
    for answer in events.round_publications_requested.ask(events.PublicationsRequest(tuple(ids))):
        published |= answer
    schedules: dict[int, list[StageSchedule]] = {pk: [] for pk in ids}
    for schedule in StageSchedule.objects.filter(round_id__in=ids).order_by("starts_on"):
        schedules[schedule.round_id].append(schedule)
    rows = []
    for r in rounds:
        current = r.year >= newest.get((r.hearing_organization_id, r.period), r.year)
        if not current:
            status = RoundStatus.ARCHIVED
        elif r.pk in published:
            status = RoundStatus.PUBLISHED
        else:
            status = RoundStatus.IN_PROGRESS
        rows.append(RoundRow(r, status, current, stage_today(schedules[r.pk], today)))
    return rows


def home_rounds(user: Any, today: date) -> list[CurrentRound]:
    """The home page's current rounds: the newest of each hearing body in the user's scope."""
    if not has_permission(user, "rounds.view"):
        return []
    rounds = list(visible_rounds(user).order_by("-year", "hearing_organization__path")[:50])
    return [
        CurrentRound(
            name=row.round.name,
            hearing_organization=row.round.hearing_organization.name,
            status=row.status.label,
            stage=row.stage,
            url=reverse("rounds:detail", args=[row.round.pk]),
        )
        for row in round_rows(user, today, rounds)
        if row.current
    ][:6]

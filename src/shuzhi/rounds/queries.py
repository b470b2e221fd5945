"""Reads for round pages, scoped along the organisation tree."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404

from shuzhi.accounts.access import has_permission, scope_filter
from shuzhi.rounds.models import Period, Reporter, Round

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

"""Reads for round pages, scoped along the organisation tree."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404

from shuzhi.accounts.access import has_permission, scope_filter
from shuzhi.rounds.models import Reporter, Round


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

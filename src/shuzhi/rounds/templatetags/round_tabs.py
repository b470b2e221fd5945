"""The round's tab bar, showing only the pages the signed-in user may open."""

from __future__ import annotations

from typing import Any

from django import template

from shuzhi.accounts.access import has_permission

register = template.Library()


@register.inclusion_tag("rounds/_tabs.html", takes_context=True)
def round_tabs(context: dict[str, Any], round: Any) -> dict[str, Any]:
    user = context["request"].user
    body = round.hearing_organization
    return {
        "round": round,
        "can_view": has_permission(user, "rounds.view", body),
        "can_enter": has_permission(user, "scoring.enter", body),
        "can_see_scores": has_permission(user, "scoring.view", body),
    }

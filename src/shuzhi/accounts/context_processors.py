"""What every page shows of the signed-in user: the navigation they may use and their grants."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from shuzhi.accounts.access import held_permissions
from shuzhi.accounts.queries import grants_of
from shuzhi.core.navigation import links_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    if not user.is_authenticated:
        return {"nav_links": []}
    return {
        "nav_links": links_for(request.path, held_permissions(user), user.is_superuser),
        # Lazy: only the pages that list the user's grants (the home page) query them.
        "grants": SimpleLazyObject(lambda: list(grants_of(user))),
    }

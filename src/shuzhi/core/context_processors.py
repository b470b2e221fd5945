from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from shuzhi.accounts.access import held_permissions
from shuzhi.core.navigation import links_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    if not user.is_authenticated:
        return {"nav_links": []}
    return {
        "nav_links": links_for(request.path, held_permissions(user), user.is_superuser),
    }

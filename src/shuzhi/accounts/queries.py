from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from shuzhi.accounts.access import scope_filter
from shuzhi.accounts.models import RoleGrant


def grants_of(user: Any) -> QuerySet[RoleGrant]:
    if not user.is_authenticated:
        return RoleGrant.objects.none()
    return user.grants.select_related("organization").order_by("organization__path", "role")


def grants_within_scope(user: Any) -> QuerySet[RoleGrant]:
    """Grants an administrator may see and revoke: those at organisations in their scope."""
    return (
        RoleGrant.objects.filter(scope_filter(user, "accounts.grant", "organization__path"))
        .select_related("user", "organization", "granted_by")
        .order_by("organization__path", "user__username", "role")
    )

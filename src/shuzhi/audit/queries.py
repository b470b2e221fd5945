from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from shuzhi.accounts.access import scope_filter
from shuzhi.audit.models import AuditEntry


def visible_entries(user: Any, action_prefix: str = "") -> QuerySet[AuditEntry]:
    """Entries about organisations in the user's scope; system-wide ones only for superusers."""
    queryset = AuditEntry.objects.filter(scope_filter(user, "audit.view", "organization_path"))
    if not user.is_superuser:
        queryset = queryset.exclude(organization_path="")
    if action_prefix:
        queryset = queryset.filter(action__startswith=action_prefix)
    return queryset.order_by("-at", "-id")

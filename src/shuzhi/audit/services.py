"""Writing the audit trail. Every service that changes scores, results, sign-offs,
organisations, posts or grants calls ``record`` inside its own transaction, so the change and
its audit entry commit or roll back together."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models

from shuzhi.accounts.models import User
from shuzhi.audit.models import AuditEntry


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The named fields of ``instance`` as JSON-ready values (foreign keys by id)."""
    values: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        attname = getattr(field, "attname", name)
        value = getattr(instance, attname)
        if isinstance(value, (date, datetime, Decimal)):
            value = value.isoformat() if not isinstance(value, Decimal) else str(value)
        values[name] = value
    return values


def changed(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, Any]:
    return {key: after[key] for key in after if before.get(key) != after[key]}


def _organization_path(target: models.Model | None, organization: Any) -> str:
    if organization is not None:
        return str(organization.path)
    path = getattr(target, "path", None)
    return str(path) if isinstance(path, str) else ""


def build(
    *,
    actor: User | str | None,  # a person, or who acted for the system (e.g. "系统")
    action: str,
    target: models.Model | None = None,
    organization: Any = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    reason: str = "",
) -> AuditEntry:
    """An unsaved entry, for ``record_many``."""
    user = actor if isinstance(actor, User) else None
    return AuditEntry(
        actor_id=user.pk if user is not None else None,
        actor_label=(user.get_username() if user is not None else str(actor or "系统"))[:150],
        action=action,
        object_type=target._meta.label if target is not None else "",
        object_id=str(target.pk) if target is not None and target.pk is not None else "",
        object_repr=str(target)[:200] if target is not None else "",
        organization_path=_organization_path(target, organization),
        before=dict(before) if before is not None else None,
        after=dict(after) if after is not None else None,
        reason=reason,
    )


def record(**kwargs: Any) -> AuditEntry:
    """Append one entry (same arguments as ``build``)."""
    entry = build(**kwargs)
    entry.save()
    return entry


def record_many(entries: list[AuditEntry]) -> None:
    AuditEntry.objects.bulk_create(entries, batch_size=1000)

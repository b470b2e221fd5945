"""Roles and the permission registry that apps contribute to."""

from __future__ import annotations

from functools import cache

from django.apps import apps
from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "组织部管理员"
    SECRETARY = "secretary", "书记"
    REVIEWER = "reviewer", "审核人"
    HOST = "host", "会议主持人"
    INSPECTOR = "inspector", "视察督查人员"
    VIEWER = "viewer", "只读查看"


@cache
def permission_registry() -> dict[str, frozenset[str]]:
    """Every permission any app declares, with the roles that hold it."""
    registry: dict[str, set[str]] = {}
    for config in apps.get_app_configs():
        for permission, roles in getattr(config, "role_permissions", {}).items():
            unknown = set(roles) - set(Role.values)
            if unknown:
                raise ValueError(f"{config.name}: unknown roles {unknown} for {permission}")
            registry.setdefault(permission, set()).update(roles)
    return {permission: frozenset(roles) for permission, roles in registry.items()}


def roles_with(permission: str) -> frozenset[str]:
    try:
        return permission_registry()[permission]
    except KeyError:
        raise LookupError(f"permission {permission!r} is not declared by any app") from None


def permissions_of(role: str) -> frozenset[str]:
    return frozenset(p for p, roles in permission_registry().items() if role in roles)

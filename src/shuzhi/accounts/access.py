"""Access along the organisation tree.

A user holds a permission over an organisation when one of their role grants carries that
permission and is at that organisation or one of its ancestors. Every view, API endpoint and
service asks here; nothing else decides access.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from shuzhi.accounts.roles import permissions_of, roles_with
from shuzhi.orgs.tree import is_within, successor

if TYPE_CHECKING:
    from django.http import HttpRequest

    from shuzhi.accounts.models import User
    from shuzhi.orgs.models import Organization

_CACHE_ATTRIBUTE = "_shuzhi_grant_scopes"


@dataclass(frozen=True)
class GrantScope:
    role: str
    organization_id: int
    path: str


def grant_scopes(user: Any) -> list[GrantScope]:
    """The user's grants, read once per request (cached on the user object)."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = [
            GrantScope(role, org_id, path)
            for role, org_id, path in user.grants.values_list(
                "role", "organization_id", "organization__path"
            )
        ]
        setattr(user, _CACHE_ATTRIBUTE, cached)
    return list(cached)


def forget_grants(user: Any) -> None:
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def held_permissions(user: Any) -> set[str]:
    """Permissions the user holds anywhere (used to build navigation)."""
    held: set[str] = set()
    for scope in grant_scopes(user):
        held |= permissions_of(scope.role)
    return held


def root_paths(user: Any, permission: str) -> list[str]:
    """Paths of the organisations under which ``permission`` holds, without nested repeats."""
    roles = roles_with(permission)
    paths = sorted({s.path for s in grant_scopes(user) if s.role in roles})
    roots: list[str] = []
    for path in paths:
        if not any(is_within(path, root) for root in roots):
            roots.append(path)
    return roots


def has_permission(user: Any, permission: str, organization: Organization | None = None) -> bool:
    """Whether ``user`` holds ``permission`` over ``organization`` (or anywhere, if None)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    roles_with(permission)  # an undeclared permission is a programming error, even for superusers
    if user.is_superuser:
        return True
    roots = root_paths(user, permission)
    if organization is None:
        return bool(roots)
    return any(is_within(organization.path, root) for root in roots)


def require(user: Any, permission: str, organization: Organization | None = None) -> None:
    if not has_permission(user, permission, organization):
        raise PermissionDenied(permission)


def scope_filter(user: Any, permission: str, path_field: str = "path") -> Q:
    """A filter on ``path_field`` (a materialised path) limiting rows to the user's scope.

    For models that hang off an organisation, pass e.g. ``"organization__path"``.
    """
    roles_with(permission)
    if getattr(user, "is_superuser", False) and user.is_active:
        return Q()
    condition = Q(pk__in=[])
    for root in root_paths(user, permission):
        upper = successor(root)
        bounds = {f"{path_field}__gte": root}
        if upper is not None:
            bounds[f"{path_field}__lt"] = upper
        condition |= Q(**bounds)
    return condition


def signed_in_user(request: HttpRequest) -> User:
    """The request's user, for views already behind ``login_required``."""
    from shuzhi.accounts.models import User

    if not isinstance(request.user, User):
        raise PermissionDenied("sign-in required")
    return request.user

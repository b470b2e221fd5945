"""Reads of the organisation tree, each in a bounded number of queries."""

from __future__ import annotations

from typing import Any

from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from shuzhi.accounts.access import has_permission, root_paths, scope_filter
from shuzhi.orgs import tree
from shuzhi.orgs.choices import PostRole
from shuzhi.orgs.models import Organization, Person, Post, Representative

SEARCH_LIMIT = 50

# Posts are listed by rank, not alphabetically: the secretary (first responsible person) first.
ROLE_RANK = Case(
    *(When(role=role, then=Value(rank)) for rank, role in enumerate(PostRole.values)),
    default=Value(len(PostRole.values)),
    output_field=IntegerField(),
)


def subtree_filter(path: str, field: str = "path") -> Q:
    """Rows whose ``field`` lies in the subtree rooted at ``path`` (root included)."""
    upper = tree.successor(path)
    condition = Q(**{f"{field}__gte": path})
    if upper is not None:
        condition &= Q(**{f"{field}__lt": upper})
    return condition


def visible_organizations(user: Any, permission: str = "orgs.view") -> QuerySet[Organization]:
    return Organization.objects.filter(scope_filter(user, permission))


def subtree(root: Organization) -> QuerySet[Organization]:
    return Organization.objects.filter(subtree_filter(root.path))


def with_child_counts(queryset: QuerySet[Organization]) -> QuerySet[Organization]:
    return queryset.annotate(child_count=Count("children"))


def with_parent_code(queryset: QuerySet[Organization]) -> QuerySet[Organization]:
    """Annotate ``parent_code`` as a subquery rather than a join, so that ``count()`` (which
    drops unused annotations) stays a plain index range count on a large subtree."""
    parent = Organization.objects.filter(pk=OuterRef("parent_id")).values("code")[:1]
    return queryset.annotate(parent_code=Subquery(parent))


def grant_roots(user: Any, permission: str) -> QuerySet[Organization]:
    """The highest organisations where ``user`` holds ``permission``: the roots of their grants
    (every root of the tree for superusers), by path."""
    if user.is_superuser:
        roots = Organization.objects.filter(parent__isnull=True)
    else:
        roots = Organization.objects.filter(path__in=root_paths(user, permission))
    return roots.order_by("path")


def tree_roots(user: Any) -> QuerySet[Organization]:
    """The highest organisations the user may see in the tree, with their child counts."""
    return with_child_counts(grant_roots(user, "orgs.view"))


def children(organization: Organization) -> QuerySet[Organization]:
    return with_child_counts(Organization.objects.filter(parent=organization)).order_by("path")


def ancestors(organization: Organization) -> QuerySet[Organization]:
    return Organization.objects.filter(path__in=organization.ancestor_paths).order_by("path")


def organizations_under(user: Any, under: Organization) -> QuerySet[Organization]:
    """The subtree of ``under`` if the user may see ``under``, else nothing.

    Visibility is checked first; only then is the subtree's single path range used (it lies
    wholly inside the user's scope, so no scope ranges need to be added to the query).
    """
    if not has_permission(user, "orgs.view", under):
        return Organization.objects.none()
    return subtree(under)


def search(user: Any, text: str, under: Organization | None = None) -> QuerySet[Organization]:
    """Organisations in scope (and under ``under``) whose name or code matches, in tree order."""
    text = text.strip()
    queryset = visible_organizations(user) if under is None else organizations_under(user, under)
    if text:
        queryset = queryset.filter(Q(name__icontains=text) | Q(code__iexact=text))
    return queryset.select_related("parent").order_by("path")[:SEARCH_LIMIT]


def search_people(user: Any, text: str) -> QuerySet[Person]:
    """People kept in the user's scope whose name contains ``text`` or whose code is ``text``."""
    text = text.strip()
    if not text:
        return Person.objects.none()
    return (
        Person.objects.filter(scope_filter(user, "orgs.view", "unit__path"))
        .filter(Q(name__icontains=text) | Q(code__iexact=text))
        .select_related("unit")
        .order_by("name", "code")[:SEARCH_LIMIT]
    )


def organization_detail(organization: Organization) -> dict[str, Any]:
    """Everything the organisation page shows, in a fixed number of queries."""
    posts = (
        Post.objects.filter(organization=organization)
        .select_related("person")
        .order_by(ROLE_RANK, "-start_date")
    )
    return {
        "ancestors": list(ancestors(organization)),
        "children": list(children(organization)),
        "current_posts": [p for p in posts if p.end_date is None],
        "past_posts": [p for p in posts if p.end_date is not None],
        "representatives": list(
            Representative.objects.filter(organization=organization)
            .select_related("person")
            .order_by("category", "person__name")
        ),
        "subtree_size": subtree(organization).count(),
    }


def visible_person(user: Any, person_id: int) -> Person | None:
    """A person whose record is kept in the user's scope, with their posts."""
    return (
        Person.objects.filter(scope_filter(user, "orgs.view", "unit__path"), pk=person_id)
        .select_related("unit")
        .prefetch_related(
            Prefetch(
                "posts",
                queryset=Post.objects.select_related("organization").order_by("-start_date"),
            ),
            Prefetch(
                "representations", queryset=Representative.objects.select_related("organization")
            ),
        )
        .first()
    )

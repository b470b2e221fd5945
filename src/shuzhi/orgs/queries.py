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
from shuzhi.orgs.grams import CODE_MARK, prefix_bounds, query_bigrams
from shuzhi.orgs.models import (
    Organization,
    OrganizationNameGram,
    Person,
    PersonNameGram,
    Post,
    Representative,
)

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


#: Bigram rows counted per candidate when choosing the rarest bigram of a query: past a few
#: hundred, a bigram is common either way, and counting further costs more than it saves.
PROBE = 250


def _name_rows(
    model: type[OrganizationNameGram] | type[PersonNameGram], text: str, scope: Q
) -> QuerySet[Any]:
    """Index rows that may carry ``text`` in their name: one bigram (the rarest within
    ``scope``) for two or more characters, every gram starting with it for one."""
    rows = model.objects.filter(scope)
    if len(text) == 1:
        lower, upper = prefix_bounds(text)
        return rows.filter(gram__gte=lower, gram__lt=upper)
    bigrams = query_bigrams(text)
    if len(bigrams) > 1:
        # Counted on the index's own columns: an index-only scan, no table row read.
        bigrams.sort(key=lambda gram: rows.filter(gram=gram).values("path")[:PROBE].count())
    return rows.filter(gram=bigrams[0])


#: Index rows read at a time when a longer name is matched in tree order: the first window
#: small (the rarest bigram of a common name mostly matches, and a page shows 50), each next
#: one larger, up to the last.
WINDOWS = (200, 1000)
MAX_WINDOWS = 20


def _named_in_tree_order(rows: QuerySet[Any], text: str) -> list[int]:
    """Organisations whose name contains ``text`` (two or more characters), in tree order, up
    to the limit: ``rows`` (one bigram's index rows, one per organisation) walked in path order.
    A two-character text is its own bigram: every row is a match. A longer one is checked
    window by window, because PostgreSQL misjudges ``name LIKE '%…%'`` as rare and, given the
    join, scans every organisation (5 s for a common name across a province)."""
    ordered = rows.order_by("path")
    if len(text) == 2:
        return list(ordered.values_list("organization_id", flat=True)[:SEARCH_LIMIT])
    found: list[int] = []
    after = ""
    for number in range(MAX_WINDOWS):
        size = WINDOWS[min(number, len(WINDOWS) - 1)]
        window = list(ordered.filter(path__gt=after).values_list("organization_id", "path")[:size])
        ids = [organization_id for organization_id, _ in window]
        named = set(
            Organization.objects.filter(pk__in=ids, name__icontains=text).values_list(
                "pk", flat=True
            )
        )
        found += [organization_id for organization_id in ids if organization_id in named]
        if len(found) >= SEARCH_LIMIT or len(window) < size:
            return found[:SEARCH_LIMIT]
        after = window[-1][1]
    # Many windows without enough matches: let the database join the rest.
    rest = ordered.filter(path__gt=after, organization__name__icontains=text)
    found += rest.values_list("organization_id", flat=True)[: SEARCH_LIMIT - len(found)]
    return found


def search(user: Any, text: str, under: Organization | None = None) -> QuerySet[Organization]:
    """Organisations in scope (and under ``under``) whose name contains ``text`` or whose code
    is ``text``, in tree order — found through the name index, not by scanning every name."""
    text = text.strip()
    if under is not None and not has_permission(user, "orgs.view", under):
        return Organization.objects.none()
    scope = subtree_filter(under.path) if under is not None else scope_filter(user, "orgs.view")
    if not text:
        return (
            Organization.objects.filter(scope)
            .select_related("parent")
            .order_by("path")[:SEARCH_LIMIT]
        )
    rows = _name_rows(OrganizationNameGram, text, scope)
    if len(text) > 1:
        by_name = _named_in_tree_order(rows, text)
    else:
        by_name = list(
            Organization.objects.filter(pk__in=rows.values("organization_id"), name__icontains=text)
            .order_by("path")
            .values_list("pk", flat=True)[:SEARCH_LIMIT]
        )
    by_code = OrganizationNameGram.objects.filter(
        scope, gram=CODE_MARK + text.lower(), organization__code__iexact=text
    ).values_list("organization_id", flat=True)
    found = {*by_name, *by_code[:SEARCH_LIMIT]}
    return (
        Organization.objects.filter(pk__in=found)
        .select_related("parent")
        .order_by("path")[:SEARCH_LIMIT]
    )


def search_people(user: Any, text: str) -> QuerySet[Person]:
    """People kept in the user's scope whose name contains ``text`` or whose code is ``text``
    (through the name index)."""
    text = text.strip()
    if not text:
        return Person.objects.none()
    scope = scope_filter(user, "orgs.view", "path")
    candidates = _name_rows(PersonNameGram, text, scope).values("person_id")
    codes = PersonNameGram.objects.filter(scope, gram=CODE_MARK + text.lower())
    # Name and code matches are found apart: joined by OR in one query, PostgreSQL scans every
    # person and tests both subqueries on each (1.2 s at a million people).
    by_name = (
        Person.objects.filter(pk__in=candidates, name__icontains=text)
        .order_by("name", "code")
        .values_list("pk", flat=True)[:SEARCH_LIMIT]
    )
    by_code = Person.objects.filter(
        pk__in=codes.values("person_id"), code__iexact=text
    ).values_list("pk", flat=True)[:SEARCH_LIMIT]
    return (
        Person.objects.filter(pk__in=[*by_name, *by_code])
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


def pickable(
    user: Any, text: str, permission: str, under: Organization | None = None
) -> QuerySet[Organization]:
    """Organisations a picker offers: where ``user`` holds ``permission`` (below ``under`` if
    given), whose name contains ``text`` or whose code is ``text``; in tree order."""
    text = text.strip()
    if not text:
        return Organization.objects.none()
    queryset = Organization.objects.filter(scope_filter(user, permission))
    if under is not None:
        queryset = queryset.filter(subtree_filter(under.path))
    return (
        queryset.filter(Q(name__icontains=text) | Q(code__iexact=text))
        .select_related("parent")
        .order_by("path")[:SEARCH_LIMIT]
    )

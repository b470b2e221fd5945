"""What the analytics pages show, each in a bounded number of queries, scoped to the user."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import Http404

from shuzhi.accounts.access import has_permission
from shuzhi.analytics.models import Theme, ThemeMember, ThemeSet
from shuzhi.core.events import RoundProblemsRequest, rectified_problems_requested
from shuzhi.orgs.models import Organization
from shuzhi.orgs.queries import grant_roots
from shuzhi.rounds.models import Round

VIEW = "analytics.view"
EXAMPLES = 3


def visible_organization(user: Any, code: str) -> Organization | None:
    """The organisation with ``code`` if ``user`` may see its figures (else None: a 404)."""
    organization = Organization.objects.filter(code=code).first()
    if organization is None or not has_permission(user, VIEW, organization):
        return None
    return organization


def related_round(organization: Organization, round_id: int) -> Round | None:
    """The round if it concerns the organisation: held by it, above it or below it."""
    round_ = Round.objects.select_related("hearing_organization").filter(pk=round_id).first()
    if round_ is None:
        return None
    hearing = round_.hearing_organization.path
    if organization.path.startswith(hearing) or hearing.startswith(organization.path):
        return round_
    return None


def scope_of(
    user: Any, code: str, round_id: int | None = None
) -> tuple[Organization, Round | None]:
    """The organisation (``Http404`` outside the user's subtree) and the round it is seen in."""
    organization = visible_organization(user, code)
    if organization is None:
        raise Http404
    if round_id is None:
        return organization, None
    round_ = related_round(organization, round_id)
    if round_ is None:
        raise Http404
    return organization, round_


def rounds_of(organization: Organization) -> QuerySet[Round]:
    """The rounds held by the organisation, by a body above it or below it, newest first."""
    return (
        Round.objects.filter(
            Q(hearing_organization__path__in=[*organization.ancestor_paths, organization.path])
            | Q(hearing_organization__path__startswith=organization.path)
        )
        .select_related("hearing_organization")
        .order_by("-year", "hearing_organization__path", "period")
    )


def home(user: Any) -> list[tuple[Organization, list[Round]]]:
    return [(root, list(rounds_of(root)[:12])) for root in grant_roots(user, VIEW)[:5]]


@dataclass
class ThemeRow:
    theme: Theme
    count: int
    units: int
    rectified: int
    examples: list[ThemeMember] = field(default_factory=list)
    previous_name: str = ""

    @property
    def rectified_share(self) -> float:
        return self.rectified / self.count if self.count else 0.0


def theme_set_of(round_: Round, organization: Organization) -> ThemeSet | None:
    return ThemeSet.objects.filter(round=round_, organization=organization).first()


def theme_rows(theme_set: ThemeSet) -> list[ThemeRow]:
    """Each theme with its count, units, examples and the share rectified: seven queries,
    whatever the number of problems (the rectified ones are asked of rectification once)."""
    themes = list(
        Theme.objects.filter(theme_set=theme_set)
        .select_related("previous")
        .order_by("position", "pk")
    )
    # Counted apart from the themes' own columns, on the (theme, organization) index alone:
    # grouped with them, every member row was joined to its theme's columns first.
    counts = {
        theme_id: (count, units)
        for theme_id, count, units in ThemeMember.objects.filter(theme__in=[t.pk for t in themes])
        .order_by()
        .values("theme_id")
        .annotate(count=Count("pk"), units=Count("organization_id", distinct=True))
        .values_list("theme_id", "count", "units")
    }
    rows = {
        t.pk: ThemeRow(
            t, *counts.get(t.pk, (0, 0)), 0, previous_name=t.previous.name if t.previous else ""
        )
        for t in themes
    }
    # The first few members of each theme, ranked over the narrow index columns only: ranking
    # whole rows (texts, their units) sorted a province's 100,000 problems for each page.
    first_ids = (
        ThemeMember.objects.filter(theme_set=theme_set)
        .annotate(n=Window(RowNumber(), partition_by=[F("theme_id")], order_by=F("pk").asc()))
        .filter(n__lte=EXAMPLES)
        .order_by()
        .values_list("pk", flat=True)
    )
    examples = (
        ThemeMember.objects.filter(pk__in=list(first_ids))
        .select_related("organization")
        .order_by("pk")
    )
    for member in examples:
        rows[member.theme_id].examples.append(member)
    round_ = theme_set.round
    rectified: set[int] = set()
    for answer in rectified_problems_requested.ask(
        RoundProblemsRequest(round_.pk, round_.year, theme_set.organization.path)
    ):
        rectified |= answer
    if rectified:
        per_theme = Counter(
            theme_id
            for theme_id, problem_id in ThemeMember.objects.filter(theme_set=theme_set).values_list(
                "theme_id", "problem_id"
            )
            if problem_id in rectified
        )
        for theme_id, count in per_theme.items():
            rows[theme_id].rectified = count
    return list(rows.values())


def theme_units(theme: Theme) -> list[tuple[Organization, int]]:
    """The units a theme appears in, with how many of its problems each has."""
    counts = dict(
        ThemeMember.objects.filter(theme=theme)
        .values_list("organization_id")
        .annotate(n=Count("pk"))
        .values_list("organization_id", "n")
    )
    places = Organization.objects.in_bulk(list(counts))
    return sorted(
        ((places[pk], n) for pk, n in counts.items()), key=lambda pair: (-pair[1], pair[0].path)
    )


def visible_theme(user: Any, theme_id: int) -> Theme | None:
    theme = (
        Theme.objects.select_related("theme_set__organization", "theme_set__round")
        .filter(pk=theme_id)
        .first()
    )
    if theme is None or not has_permission(user, VIEW, theme.theme_set.organization):
        return None
    return theme


def recurring_units(theme_set: ThemeSet) -> dict[int, set[int]]:
    """Per theme of the set, the units that had a problem in the theme it continues last round."""
    links = dict(
        Theme.objects.filter(theme_set=theme_set, previous__isnull=False).values_list(
            "pk", "previous_id"
        )
    )
    if not links:
        return {}
    before: dict[int, set[int]] = defaultdict(set)
    for theme_id, organization_id in ThemeMember.objects.filter(
        theme_id__in=set(links.values())
    ).values_list("theme_id", "organization_id"):
        before[theme_id].add(organization_id)
    found: dict[int, set[int]] = defaultdict(set)
    for theme_id, organization_id in ThemeMember.objects.filter(
        theme_id__in=list(links)
    ).values_list("theme_id", "organization_id"):
        if organization_id in before[links[theme_id]]:
            found[theme_id].add(organization_id)
    return found

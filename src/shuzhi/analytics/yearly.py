"""Year over year (逐年对比) for a subtree, a unit and a person: a few queries and questions.

Figures are per year: in one year a city's units report to several bodies (the city hears the
counties, each county its townships), so the subtree's year is all its annual rounds together.
Results come from scoring (published rounds only), themes from this app.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from shuzhi.accounts.access import has_permission
from shuzhi.analytics import years
from shuzhi.analytics.models import Theme, ThemeMember, ThemeSet
from shuzhi.analytics.queries import VIEW, recurring_units, rounds_of
from shuzhi.core.events import (
    OutcomesRequest,
    ReporterOutcome,
    RoundProblemsRequest,
    round_outcomes_requested,
    round_problems_requested,
)
from shuzhi.core.vocabulary.grades import Grade
from shuzhi.orgs.models import Organization, Person
from shuzhi.rounds.models import Period, Reporter, Round

YEARS = 5


def outcomes(request: OutcomesRequest) -> list[ReporterOutcome]:
    return [o for answer in round_outcomes_requested.ask(request) for o in answer]


def annual_rounds(organization: Organization) -> list[Round]:
    rounds = list(rounds_of(organization).filter(period=Period.ANNUAL))
    recent = sorted({r.year for r in rounds})[-YEARS:]
    return [r for r in rounds if r.year in recent]


@dataclass
class RecurringTheme:
    theme: Theme
    previous: Theme
    units: int  # units with a problem in both years' theme


@dataclass
class SubtreeYears:
    organization: Organization
    figures: list[years.RoundFigures]  # one per year, oldest first (round_id: the first round)
    movers: years.Movers
    names: dict[int, str]  # organisation id -> name, for the movers
    recurring: list[RecurringTheme]
    latest_pair: tuple[int, int] | None  # the two years the movers compare


def theme_problem_counts(
    organization: Organization, year_of: dict[int, int]
) -> tuple[dict[int, int], dict[int, int], ThemeSet | None]:
    """Problems grouped and problems recurring per year, for the theme sets of ``organization``."""
    sets = list(
        ThemeSet.objects.filter(organization=organization, round_id__in=list(year_of))
        .select_related("round")
        .order_by("round__year", "pk")
    )
    problems: dict[int, int] = defaultdict(int)
    recurred: dict[int, int] = defaultdict(int)
    for theme_set in sets:
        problems[theme_set.round.year] += theme_set.problem_count
        for theme_id, units in recurring_units(theme_set).items():
            recurred[theme_set.round.year] += ThemeMember.objects.filter(
                theme_id=theme_id, organization_id__in=units
            ).count()
    return problems, recurred, (sets[-1] if sets else None)


def subtree_years(organization: Organization) -> SubtreeYears:
    rounds = annual_rounds(organization)
    year_of = {r.pk: r.year for r in rounds}
    found = outcomes(OutcomesRequest(tuple(year_of), organization_path=organization.path))
    by_year: dict[int, list[ReporterOutcome]] = defaultdict(list)
    for outcome in found:
        by_year[year_of[outcome.round_id]].append(outcome)
    problems, recurred, latest = theme_problem_counts(organization, year_of)
    shown = sorted(set(by_year) | set(problems))
    figures = [
        years.round_figures(
            0, year, by_year.get(year, []), problems.get(year, 0), recurred.get(year, 0)
        )
        for year in shown
    ]
    pair = (shown[-2], shown[-1]) if len(shown) >= 2 else None
    moved = years.movers(by_year[pair[0]], by_year[pair[1]]) if pair else years.Movers()
    ids = {m.organization_id for m in [*moved.improved, *moved.fell]}
    names = dict(Organization.objects.filter(pk__in=ids).values_list("pk", "name"))
    return SubtreeYears(organization, figures, moved, names, recurring_themes(latest), pair)


def recurring_themes(theme_set: ThemeSet | None) -> list[RecurringTheme]:
    if theme_set is None:
        return []
    units = recurring_units(theme_set)
    themes = Theme.objects.filter(pk__in=list(units)).select_related("previous")
    found = [RecurringTheme(t, t.previous, len(units[t.pk])) for t in themes if t.previous]
    return sorted(found, key=lambda r: (-r.units, r.theme.position))


def unit_series(organization: Organization) -> list[years.SeriesRow]:
    """The unit's own record, one row per annual round it reported in (or was grouped in)."""
    reported = Reporter.objects.filter(organization=organization, round__period=Period.ANNUAL)
    rounds = dict(reported.values_list("round_id", "round__year"))
    found = [
        o
        for o in outcomes(OutcomesRequest(tuple(rounds), organization_path=organization.path))
        if o.organization_id == organization.pk
    ]
    problems: dict[int, int] = {}
    for round_ in Round.objects.filter(pk__in=list(rounds)):
        request = RoundProblemsRequest(round_.pk, round_.year, organization.path)
        problems[round_.pk] = sum(
            1
            for answer in round_problems_requested.ask(request)
            for fact in answer
            if fact.organization_id == organization.pk
        )
    return years.series(
        list(rounds.items()), found, problems, unit_recurrences(organization, set(rounds))
    )


def unit_recurrences(organization: Organization, round_ids: set[int]) -> dict[int, int]:
    """Per round, the unit's problems in a theme continuing one it already had a problem in."""
    mine = ThemeMember.objects.filter(organization=organization, theme_set__round_id__in=round_ids)
    earlier_themes = set(
        ThemeMember.objects.filter(organization=organization).values_list("theme_id", flat=True)
    )
    counts: dict[int, int] = defaultdict(int)
    for round_id, previous_id in mine.filter(theme__previous__isnull=False).values_list(
        "theme_set__round_id", "theme__previous_id"
    ):
        if previous_id in earlier_themes:
            counts[round_id] += 1
    return counts


@dataclass
class PersonYears:
    person: Person
    rows: list[tuple[years.SeriesRow, str]]  # with the organisation reported for


def visible_person_reporters(user: Any, person_id: int) -> list[Reporter]:
    reporters = list(
        Reporter.objects.filter(person_id=person_id, round__period=Period.ANNUAL).select_related(
            "organization", "round", "person"
        )
    )
    return [r for r in reporters if has_permission(user, VIEW, r.organization)]


def person_years(reporters: list[Reporter]) -> PersonYears:
    person = reporters[0].person
    rounds = {r.round_id: r.round.year for r in reporters}
    found = outcomes(OutcomesRequest(tuple(rounds), person_id=person.pk))
    where = {r.round_id: r.organization.name for r in reporters}
    rows = years.series(list(rounds.items()), found, {}, {})
    return PersonYears(person, [(row, where[row.round_id]) for row in rows])


def grade_counts(figures: list[years.RoundFigures]) -> list[str]:
    """The grades present in any year, best first (the columns of the classes chart)."""
    present = {g for f in figures for g in f.grades}
    return [g.value for g in Grade if g.value in present]

"""The analytics part of the demo city: three years (2023–2025) of county QL-01's problems,
grouped into themes year by year (so themes continue and problems recur), one theme merged and
one rooted above in 2025. Runs after scoring built the county's rounds; deterministic per seed."""

from __future__ import annotations

from datetime import date

from shuzhi.accounts.models import User
from shuzhi.analytics import corpus, services
from shuzhi.analytics.models import ThemeSet
from shuzhi.core.events import ProblemsRaised, problems_raised
from shuzhi.core.vocabulary.sources import ProblemSource
from shuzhi.orgs.models import Organization
from shuzhi.rounds.models import Period, Round

YEARS = (2023, 2024, 2025)
PER_UNIT = 2  # problems each unit of the county raises a year
SOURCES = (ProblemSource.SUPERIOR, ProblemSource.SELF, ProblemSource.MASSES)


def build_demo(seed: int) -> None:
    county = Organization.objects.filter(code="QL-01").first()
    actor = User.objects.filter(username="county_admin").first()
    if county is None or actor is None or ThemeSet.objects.filter(organization=county).exists():
        return  # not the demo city, or already built
    rounds = {
        r.year: r
        for r in Round.objects.filter(
            hearing_organization=county, period=Period.ANNUAL, year__in=YEARS
        )
    }
    units = list(
        Organization.objects.filter(path__startswith=county.path, depth__lte=county.depth + 2)
        .exclude(pk=county.pk)
        .order_by("path")
    )
    latest = None
    for year in YEARS:
        if year not in rounds:
            continue
        _raise(rounds[year], units, seed)
        latest = services.build_themes(actor=actor, round=rounds[year], organization=county)
    if latest is not None:
        _curate(latest, actor)


def _raise(round_: Round, units: list[Organization], seed: int) -> None:
    texts = corpus.generate(len(units) * PER_UNIT, seed=seed + round_.year)
    for n, unit in enumerate(units):
        mine = texts[n * PER_UNIT : (n + 1) * PER_UNIT]
        for k, item in enumerate(mine):
            problems_raised.publish(
                ProblemsRaised.numbered(
                    [item.text],
                    organization_id=unit.pk,
                    source=SOURCES[k % len(SOURCES)],
                    year=round_.year,
                    reference=f"demo:analytics:{round_.year}:{k}",
                    round_id=round_.pk,
                )
            )


def _curate(theme_set: ThemeSet, actor: User) -> None:
    """What the county's admin did with 2025's themes: merged two, rooted one above."""
    themes = list(theme_set.themes.order_by("position"))
    if len(themes) >= 3:
        services.merge_themes(actor=actor, keep=themes[1], other=themes[2])
    services.root_above(
        actor=actor,
        theme=themes[0],
        text=f"全县共性问题：{themes[0].name}",
        measures="县委组织部牵头制定统一办法，各乡镇对照整改，年底前验收。",
        deadline=date(theme_set.round.year + 1, 6, 30),
    )

"""Three generated years (2023–2025) of county A hearing its two townships, for the
year-over-year, summary and API tests: results published each year, problems grouped."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone

from shuzhi.accounts.models import User
from shuzhi.analytics import services
from shuzhi.analytics.models import ThemeSet
from shuzhi.orgs.models import Organization, Person
from shuzhi.rounds.models import Reporter, Round
from shuzhi.scoring.models import OnsiteEvaluation, Publication, Result
from tests.analytics.conftest import raise_problems
from tests.factories import make_person, make_post, make_user

YEARS = (2023, 2024, 2025)
# (composite, good ballots of 20) per year: A1 improves, A2 falls.
A1 = {2023: (82.0, 10), 2024: (86.5, 13), 2025: (91.25, 16)}
A2 = {2023: (90.0, 15), 2024: (85.0, 11), 2025: (78.5, 7)}


@dataclass
class History:
    county: Organization
    towns: tuple[Organization, Organization]
    people: tuple[Person, Person]
    rounds: dict[int, Round]
    theme_sets: dict[int, ThemeSet]
    admin: User


def _result(round_: Round, reporter: Reporter, composite: float, good: int, rank: int) -> None:
    Result.objects.create(
        reporter=reporter, round=round_, peer_group="镇", composite=Decimal(str(composite)),
        rank=rank, group_size=2, grade="excellent" if composite >= 90 else "good",
        class_number=1 if composite >= 90 else 2, honour="优秀书记" if composite >= 90 else "",
        interview=rank == 2 and composite < 80,
    )  # fmt: skip
    OnsiteEvaluation.objects.create(
        reporter=reporter, voter_category="member", good=good, fair=20 - good - 2, average=2,
        poor=0, origin="import",
    )  # fmt: skip


def build_history(small_city, *, publish_last: bool = True) -> History:  # type: ignore[no-untyped-def]
    county = small_city.county_a
    make_post(county, make_person("甲县委书记", county, code="P-CSEC"))
    towns = (small_city.town_a1, small_city.town_a2)
    second = make_person("甲二书记", towns[1], code="P-SEC2")
    make_post(towns[1], second)
    people = (Person.objects.get(code="P-SEC"), second)
    admin = make_user("history_admin", "admin", county)
    rounds, sets = {}, {}
    for year in YEARS:
        round_ = Round.objects.create(
            name=f"{year}年度述职评议", year=year, hearing_organization=county
        )
        rounds[year] = round_
        scores = [A1[year], A2[year]]
        ranks = [1, 2] if scores[0][0] > scores[1][0] else [2, 1]
        for town, person, (composite, good), rank in zip(towns, people, scores, ranks, strict=True):
            reporter = Reporter.objects.create(
                round=round_, organization=town, person=person, peer_group="镇"
            )
            _result(round_, reporter, composite, good, rank)
        if year < YEARS[-1] or publish_last:
            Publication.objects.create(
                round=round_, frozen_at=timezone.now(), starts_on=date(year + 1, 2, 1),
                ends_on=date(year + 1, 2, 7), notice=f"{year}年度结果公示", published_by=admin,
            )  # fmt: skip
        units = list(
            Organization.objects.filter(path__startswith=county.path).exclude(pk=county.pk)
        )
        raise_problems(round_, units, seed=year, count=24)
        sets[year] = services.build_themes(actor=admin, round=round_, organization=county)
    return History(county, towns, people, rounds, sets, admin)

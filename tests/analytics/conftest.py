from __future__ import annotations

from dataclasses import dataclass

import pytest

from shuzhi.accounts.models import User
from shuzhi.analytics import corpus
from shuzhi.core.events import ProblemsRaised, problems_raised
from shuzhi.orgs.models import Organization
from shuzhi.rounds.models import Round
from tests.factories import make_person, make_post, make_user

LABELS = ("党费收缴", "活动场所", "流动党员")


@dataclass
class County:
    """County A's 2025 round with problems of three themes raised across its units."""

    county: Organization
    round: Round
    admin: User
    labels: dict[str, str]  # problem text -> its true theme
    count: int  # problems raised


def raise_problems(
    round_: Round, units: list[Organization], *, seed: int, count: int
) -> dict[str, str]:
    labelled = corpus.generate(count, seed=seed, labels=LABELS)
    for n, item in enumerate(labelled):
        unit = units[n % len(units)]
        problems_raised.publish(
            ProblemsRaised.numbered(
                [item.text],
                organization_id=unit.pk,
                source="superior",
                year=round_.year,
                reference=f"test:{round_.pk}:{n}",
                round_id=round_.pk,
            )
        )
    return {item.text: item.label for item in labelled}


@pytest.fixture
def county(small_city) -> County:  # type: ignore[no-untyped-def]
    county_a = small_city.county_a
    make_post(county_a, make_person("甲县委书记", county_a, code="P-CSEC"))
    round_ = Round.objects.create(name="2025年度述职评议", year=2025, hearing_organization=county_a)
    units = list(
        Organization.objects.filter(path__startswith=county_a.path).exclude(pk=county_a.pk)
    )
    labels = raise_problems(round_, units, seed=3, count=36)
    return County(county_a, round_, make_user("analyst", "admin", county_a), labels, 36)

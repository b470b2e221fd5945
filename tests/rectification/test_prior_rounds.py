"""Prior items by round: half-year rounds answer the previous half, not only ``year - 1``."""

from __future__ import annotations

import pytest

from shuzhi.core.events import PriorItemsRequest, prior_items_requested
from shuzhi.rounds.models import Period
from shuzhi.rounds.services import create_round, enroll_reporters
from tests.factories import make_person, make_post
from tests.rectification.conftest import close_out, item_for, raise_problem

pytestmark = pytest.mark.django_db


def _texts(organization_id: int, year: int, round_id: int | None = None) -> set[str]:
    answers = prior_items_requested.ask(PriorItemsRequest(organization_id, year, round_id))
    return {item.text for answer in answers for item in answer}


def test_the_previous_round_by_year_and_period(small_city, county_admin, cast):
    village = small_city.village_a1
    make_post(village, make_person("甲一村书记", village))
    made = {
        (year, period): create_round(
            actor=county_admin, hearing_organization=small_city.town_a1, year=year, period=period
        )
        for year in (2025, 2026)
        for period in (Period.FIRST_HALF, Period.SECOND_HALF)
    }
    for round_ in made.values():
        enroll_reporters(actor=county_admin, round=round_, organizations=[village])
    ids = {key: r.pk for key, r in made.items()}

    def raise_in(key: tuple[int, str], text: str) -> None:
        raise_problem(village, text, year=key[0], round_id=ids[key], reference=text)

    raise_in((2025, Period.FIRST_HALF), "去年上半年未整改")
    closed = raise_problem(village, "去年上半年已销号", year=2025, round_id=ids[2025, "first_half"])
    close_out(item_for(closed, cast), cast)
    raise_in((2025, Period.SECOND_HALF), "去年下半年问题")
    raise_in((2026, Period.FIRST_HALF), "今年上半年问题")
    raise_in((2026, Period.SECOND_HALF), "今年下半年自己的问题")
    raise_problem(village, "今年巡察问题", year=2026, reference="inspection:1")

    second_half = _texts(village.pk, 2026, round_id=ids[2026, "second_half"])
    assert second_half == {"今年上半年问题", "今年巡察问题", "去年上半年未整改", "去年下半年问题"}
    first_half = _texts(village.pk, 2026, round_id=ids[2026, "first_half"])
    assert first_half == {"去年下半年问题", "今年巡察问题", "去年上半年未整改"}
    # Without a round (or with no earlier one): last year's problems and older open ones.
    assert _texts(village.pk, 2026) == {"去年上半年未整改", "去年上半年已销号", "去年下半年问题"}
    assert _texts(village.pk, 2025, round_id=ids[2025, "first_half"]) == set()

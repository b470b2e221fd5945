"""Enrolling the organisations chosen with the picker is one service: all or none."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from shuzhi.rounds import services
from shuzhi.rounds.models import Reporter

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_(small_city, city_admin):  # type: ignore[no-untyped-def]
    created = services.create_round(
        actor=city_admin, hearing_organization=small_city.county_a, year=2026
    )
    services.set_peer_groups(actor=city_admin, round=created, names=["乡镇"])
    return created


def test_chosen_organisations_are_enrolled_in_the_group(small_city, city_admin, round_):
    enrolled = services.enroll_into_group(
        actor=city_admin,
        round=round_,
        organizations=[small_city.town_a1],
        peer_group="乡镇",
    )
    assert [(r.organization_id, r.peer_group) for r in enrolled] == [
        (small_city.town_a1.pk, "乡镇")
    ]


def test_an_unknown_group_enrols_nobody(small_city, city_admin, round_):
    with pytest.raises(ValidationError, match="分组「街道」不存在"):
        services.enroll_into_group(
            actor=city_admin,
            round=round_,
            organizations=[small_city.town_a1, small_city.town_a2],
            peer_group="街道",
        )
    assert not Reporter.objects.filter(round=round_).exists()

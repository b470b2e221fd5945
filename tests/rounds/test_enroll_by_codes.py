"""Enrolling reporters by typed codes is one service: unknown codes or groups enrol nobody."""

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


def test_known_codes_are_enrolled_in_the_group(small_city, city_admin, round_):
    enrolled = services.enroll_by_codes(
        actor=city_admin, round=round_, codes=[small_city.town_a1.code], peer_group="乡镇"
    )
    assert [(r.organization_id, r.peer_group) for r in enrolled] == [
        (small_city.town_a1.pk, "乡镇")
    ]


@pytest.mark.parametrize(
    ("codes", "group", "message"),
    [(["C-A1", "NOPE"], "", "找不到编码为「NOPE」"), (["C-A1"], "街道", "分组「街道」不存在")],
)
def test_an_unknown_code_or_group_enrols_nobody(
    small_city, city_admin, round_, codes, group, message
):
    with pytest.raises(ValidationError, match=message):
        services.enroll_by_codes(actor=city_admin, round=round_, codes=codes, peer_group=group)
    assert not Reporter.objects.filter(round=round_).exists()

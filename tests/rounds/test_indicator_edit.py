"""Editing an indicator in place: checked with the whole system, audited, refused for the
scoring fields once scores exist; the tree shows its full marks."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from shuzhi.audit.models import AuditEntry
from shuzhi.orgs.models import Person
from shuzhi.rounds import indicator_system
from shuzhi.rounds.indicator_rules import IndicatorRow, total_max_points
from shuzhi.rounds.models import Indicator, Reporter, Round
from shuzhi.scoring.models import IndicatorScore

ROWS = [
    IndicatorRow("A", "基层组织建设", max_points=Decimal(60)),
    IndicatorRow("A1", "班子建设", parent_code="A", max_points=Decimal(30)),
    IndicatorRow("A2", "组织生活", parent_code="A", max_points=Decimal(30)),
    IndicatorRow("B", "工作保障", max_points=Decimal(40)),
    IndicatorRow("J", "创新加分", kind="bonus", max_points=Decimal(5)),
]


@pytest.fixture
def round_(small_city, city_admin) -> Round:  # type: ignore[no-untyped-def]
    r = Round.objects.create(name="测试考核", year=2026, hearing_organization=small_city.city)
    indicator_system.save_indicator_system(actor=city_admin, round=r, rows=ROWS)
    return r


def _post(client: Client, round_: Round, which: str, **changes: str) -> object:
    indicator = Indicator.objects.select_related("parent").get(round=round_, code=which)
    data = {
        "parent_code": indicator.parent.code if indicator.parent else "",
        "name": indicator.name,
        "kind": indicator.kind,
        "max_points": indicator.max_points or "",
        "weight": indicator.weight,
        "listing": indicator.listing,
    }
    return client.post(f"/rounds/{round_.pk}/indicators/{which}/edit/", {**data, **changes})


@pytest.mark.django_db
def test_an_indicator_is_edited_in_place_and_audited(round_, city_admin):
    client = Client()
    client.force_login(city_admin)
    page = client.get(f"/rounds/{round_.pk}/indicators/B/edit/")
    assert page.status_code == 200 and 'value="工作保障"' in page.content.decode()
    response = _post(client, round_, "B", name="工作保障与经费", code="HACKED")
    assert response.status_code == 302
    b = Indicator.objects.get(round=round_, code="B")  # the code did not change
    assert b.name == "工作保障与经费"
    entry = AuditEntry.objects.get(action="rounds.indicator.edit")
    assert entry.before == {"name": "工作保障"} and entry.after == {"name": "工作保障与经费"}


@pytest.mark.django_db
def test_an_edit_breaking_the_system_is_refused_and_nothing_changes(round_, city_admin):
    client = Client()
    client.force_login(city_admin)
    response = _post(client, round_, "A1", max_points="25")
    assert response.status_code == 400
    assert "下级指标满分合计 55.00 与本指标满分 60.00 不一致" in response.content.decode()
    assert Indicator.objects.get(round=round_, code="A1").max_points == Decimal(30)


@pytest.mark.django_db
def test_once_scored_only_the_name_and_listing_may_change(round_, city_admin, small_city):
    reporter = Reporter.objects.create(
        round=round_, organization=small_city.town_a1, person=Person.objects.get(code="P-SEC")
    )
    IndicatorScore.objects.create(
        assessor=city_admin,
        reporter=reporter,
        indicator=Indicator.objects.get(round=round_, code="B"),
        points=Decimal(35),
    )
    client = Client()
    client.force_login(city_admin)
    refused = _post(client, round_, "B", max_points="50", weight="2")
    assert refused.status_code == 400
    assert "该指标已有评分记录，不能修改满分、权重" in refused.content.decode()
    assert _post(client, round_, "B", name="工作保障（含经费）").status_code == 302


@pytest.mark.django_db
def test_only_managers_may_edit(round_, small_city):
    from tests.factories import make_user

    client = Client()
    client.force_login(make_user("city_viewer", "viewer", small_city.city))
    assert client.get(f"/rounds/{round_.pk}/indicators/B/edit/").status_code == 403
    client.force_login(make_user("county_adm", "admin", small_city.county_a))
    assert client.get(f"/rounds/{round_.pk}/indicators/B/edit/").status_code == 404


@pytest.mark.django_db
def test_the_tree_shows_the_total_of_maximum_points(round_, city_admin):
    client = Client()
    client.force_login(city_admin)
    page = client.get(f"/rounds/{round_.pk}/indicators/").content.decode()
    assert "常规项满分合计" in page and 'data-testid="total-max-points">100<' in page
    assert 'data-testid="edit-A1"' in page


points = st.decimals(min_value=0, max_value=100, places=2)


@given(st.lists(points, max_size=8), st.lists(points, max_size=4))
def test_total_counts_top_level_normal_items_only(normal, bonus):
    rows = [IndicatorRow(f"N{i}", "常规", max_points=p) for i, p in enumerate(normal)]
    rows += [IndicatorRow(f"J{i}", "加分", kind="bonus", max_points=p) for i, p in enumerate(bonus)]
    rows += [
        IndicatorRow(f"C{i}", "下级", parent_code="N0", max_points=Decimal(1)) for i in range(2)
    ]
    assert total_max_points(rows) == sum(normal, Decimal(0))


@given(st.lists(points, min_size=1, max_size=6))
def test_a_parent_without_its_own_maximum_counts_its_children(children):
    rows = [IndicatorRow("P", "上级")]
    rows += [
        IndicatorRow(f"P{i}", "下级", parent_code="P", max_points=p) for i, p in enumerate(children)
    ]
    assert total_max_points(rows) == sum(children, Decimal(0))

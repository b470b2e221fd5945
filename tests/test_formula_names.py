"""Names that go into Excel exports may not start with = + - @ : refused where they come in
(forms, services, imports) with a Chinese reason, and nothing is stored."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from shuzhi.orgs import services as orgs
from shuzhi.orgs.importing import import_workbook
from shuzhi.orgs.models import Organization, Person
from shuzhi.rectification import services as rectification
from shuzhi.rectification.models import Problem
from shuzhi.rounds.indicator_rules import IndicatorRow
from shuzhi.rounds.indicator_system import IndicatorSystemInvalid, save_indicator_system
from shuzhi.rounds.models import Indicator
from tests.orgs.workbooks import xlsx
from tests.rounds.helpers import county_round

pytestmark = pytest.mark.django_db
REASON = "不能以 = + - @ 开头（Excel 会把它当作公式执行）"


@pytest.mark.parametrize("name", ['=HYPERLINK("http://x")', "+cmd", "-2+3", "@SUM(1)"])
def test_organisation_form_refuses_a_formula_like_name(small_city, county_admin, name):
    client = Client()
    client.force_login(county_admin)
    form = {"code": "C-A9", "name": name, "level": "township", "kind": "committee"}
    form |= {"field": "local"}
    response = client.post("/orgs/C-A/children/new/", form)
    assert REASON in response.content.decode()
    assert not Organization.objects.filter(code="C-A9").exists()


def test_services_refuse_formula_like_organisation_and_person_names(small_city, county_admin):
    with pytest.raises(ValidationError, match="开头"):
        orgs.update_organization(actor=county_admin, organization=small_city.town_a1, name="=1+1")
    with pytest.raises(ValidationError, match="开头"):
        orgs.create_person(actor=county_admin, code="P-9", name="@x", unit=small_city.town_a1)
    assert Organization.objects.get(pk=small_city.town_a1.pk).name == "甲1镇党委"
    assert not Person.objects.filter(code="P-9").exists()


def test_import_refuses_formula_like_names_by_sheet_and_row(small_city, county_admin):
    # (A cell holding a real formula reads as its cached value: empty here, refused as such.)
    stream = xlsx(
        组织=[["C-A9", "@HYPERLINK(1)", "C-A", "乡镇（街道）", "党委", "地方党委"]],
        人员=[["P-9", "+赵", "男", 1970, "", "C-A1"]],
    )
    result = import_workbook(actor=county_admin, stream=stream)
    assert [str(e) for e in result.errors] == [
        f"「组织」表第 2 行「组织名称」：组织名称{REASON}。",
        f"「人员」表第 2 行「姓名」：姓名{REASON}。",
    ]
    assert not Organization.objects.filter(code="C-A9").exists()


def test_indicator_system_refuses_a_formula_like_indicator_name(small_city, city_admin):
    round_, _ = county_round(small_city, city_admin)
    with pytest.raises(IndicatorSystemInvalid) as caught:
        save_indicator_system(
            actor=city_admin, round=round_, rows=[IndicatorRow(code="1", name="=A1", max_points=1)]
        )
    assert [p.message for p in caught.value.problems] == [f"指标名称{REASON}。"]
    assert not Indicator.objects.filter(round=round_).exists()


def test_a_problem_entered_by_hand_may_not_start_like_a_formula(small_city, city_admin):
    with pytest.raises(ValidationError, match=re.escape(f"问题内容{REASON}")):
        rectification.add_problem(
            actor=city_admin,
            organization=small_city.town_a1,
            source="inspection",
            text="=HYPERLINK(1)",
            year=2025,
        )
    assert not Problem.objects.exists()

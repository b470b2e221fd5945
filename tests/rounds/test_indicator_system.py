from decimal import Decimal
from io import BytesIO

import pytest
from django.test import Client
from openpyxl import load_workbook

from shuzhi.audit.models import AuditEntry
from shuzhi.rounds.indicator_rules import IndicatorRow
from shuzhi.rounds.indicator_system import (
    IndicatorSystemInvalid,
    indicator_rows,
    remove_indicator,
    save_indicator_system,
)
from shuzhi.rounds.indicator_workbook import export_indicators, import_indicators
from shuzhi.rounds.services import create_round, settings_of, update_settings
from tests.rounds.helpers import SYSTEM, county_round

pytestmark = pytest.mark.django_db


def _plain(rows):
    return [r.__class__(**{**r.__dict__, "row": 0}) for r in rows]


def test_export_then_import_gives_back_the_same_system(small_city, city_admin):
    round_, _ = county_round(small_city, city_admin)
    save_indicator_system(actor=city_admin, round=round_, rows=SYSTEM)
    data = export_indicators(round_)
    other = create_round(actor=city_admin, hearing_organization=small_city.county_a, year=2026)
    import_indicators(actor=city_admin, round=other, stream=BytesIO(data))
    assert _plain(indicator_rows(other)) == _plain(indicator_rows(round_)) == SYSTEM
    sheet = load_workbook(BytesIO(data))["指标"]
    assert sheet.freeze_panes == "A2" and sheet["D6"].value == "加分项"
    assert (sheet["K1"].value, sheet["K6"].value, sheet["K8"].value) == (
        "清单",
        "正面清单",
        "负面清单",
    )


def test_a_bad_sheet_writes_nothing_and_names_every_bad_row(small_city, city_admin):
    round_, _ = county_round(small_city, city_admin)
    save_indicator_system(actor=city_admin, round=round_, rows=SYSTEM[:1] + SYSTEM[3:4])
    before = _plain(indicator_rows(round_))
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "指标"
    sheet.append(["指标编码", "上级指标编码", "指标名称", "类型", "满分", "权重", "清单"])
    sheet.append(["1", "", "好指标", "常规项", 10, 1, ""])
    sheet.append(["2", "", "坏满分", "常规项", "十分", 1, ""])
    sheet.append(["3", "9", "孤儿", "常规项", 5, 1, ""])
    sheet.append(["4", "", "清单错", "常规项", 5, 1, "白名单"])
    buffer = BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    with pytest.raises(IndicatorSystemInvalid) as caught:
        import_indicators(actor=city_admin, round=round_, stream=buffer)
    assert [str(p) for p in caught.value.problems] == [
        "第 3 行：「满分」「十分」不是数字。",
        "第 4 行：「上级指标编码」指标「9」不在本表中。",
        "第 5 行：「清单」「白名单」不是可选值（可选：正面清单、负面清单）。",
    ]
    assert _plain(indicator_rows(round_)) == before


def test_copy_last_years_system_into_a_new_round(small_city, city_admin):
    last, _ = county_round(small_city, city_admin, year=2024)
    save_indicator_system(actor=city_admin, round=last, rows=SYSTEM)
    update_settings(
        actor=city_admin,
        round=last,
        values={"class_1_percent": Decimal(10), "class_3_percent": Decimal(40)},
    )
    this = create_round(actor=city_admin, hearing_organization=small_city.county_a, year=2025)
    client = Client()
    client.force_login(city_admin)
    copied = client.post(
        f"/rounds/{this.pk}/indicators/copy/", {"source": last.pk, "with_settings": "on"}
    )
    assert copied.status_code == 302
    assert _plain(indicator_rows(this)) == SYSTEM
    assert (settings_of(this).class_1_percent, settings_of(this).class_3_percent) == (10, 40)
    assert AuditEntry.objects.filter(action="rounds.indicators.save", object_id=str(this.pk))


def test_removing_a_parent_removes_its_children(small_city, city_admin):
    round_, _ = county_round(small_city, city_admin)
    save_indicator_system(actor=city_admin, round=round_, rows=SYSTEM)
    remove_indicator(actor=city_admin, round=round_, code="1")
    assert [r.code for r in indicator_rows(round_)] == ["2", "B1", "D1", "V1", "V2"]


def test_indicator_page_adds_an_item_and_keeps_input_on_error(small_city, city_admin):
    round_, _ = county_round(small_city, city_admin)
    client = Client()
    client.force_login(city_admin)
    url = f"/rounds/{round_.pk}/indicators/new/"
    good = {"code": "1", "name": "组织建设", "kind": "normal", "max_points": "30", "weight": "1"}
    assert client.post(url, good).status_code == 302
    bad = {**good, "code": "2", "name": "无满分", "max_points": ""}
    response = client.post(url, bad)
    assert response.status_code == 400
    assert "常规项必须设置大于 0 的满分" in response.content.decode()
    assert 'value="无满分"' in response.content.decode()
    assert [r.code for r in indicator_rows(round_)] == ["1"]
    rows = indicator_rows(round_)
    assert rows == [IndicatorRow(code="1", name="组织建设", max_points=Decimal("30.00"))]

"""Bulk entry from Excel: all or nothing, with row-numbered Chinese errors; the month's export."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from django.test import Client
from openpyxl import Workbook, load_workbook

from shuzhi.core.workbook import WorkbookInvalid
from shuzhi.records import merit_services
from shuzhi.records.models import MeritRecord, WorkLog
from shuzhi.records.workbook import import_records
from tests.records.conftest import YEAR, meeting, submit

pytestmark = pytest.mark.django_db

LOG_HEADER = ["组织编码", "日期", "工作类别", "地点", "天数", "主要内容"]
MERIT_HEADER = ["报送单位编码", "对象组织编码", "积分标准编号", "事实发生日期", "事实"]


def _file(logs: list[list[object]], merits: list[list[object]]) -> BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "纪实"
    sheet.append(LOG_HEADER)
    for row in logs:
        sheet.append(row)
    other = workbook.create_sheet("红黑档案")
    other.append(MERIT_HEADER)
    for row in merits:
        other.append(row)
    stream = BytesIO()
    workbook.save(stream)
    stream.seek(0)
    return stream


def test_good_rows_are_imported(small_city, cast):
    stream = _file(
        [
            ["C-A1", date(YEAR, 3, 2), "走访村（社区）", "甲一1村", 0, "走访困难党员"],
            ["C-A1", "2026-03-05", "village_days", "甲一2村", 2, "驻村"],
        ],
        [["C-A-ZZB", "C-A1", "R1", date(YEAR, 3, 9), "获评先进"]],
    )
    # A person with both hands: the town's secretary grant and the department's.
    from shuzhi.accounts.models import RoleGrant

    RoleGrant.objects.create(user=cast.town_sec, role="inspector", organization=cast.department)
    assert import_records(actor=cast.town_sec, stream=stream) == (2, 1)
    assert WorkLog.objects.count() == 2 and MeritRecord.objects.get().points == 3


def test_bad_rows_write_nothing_and_are_named_by_row(small_city, cast):
    stream = _file(
        [
            ["C-A1", date(YEAR, 3, 2), "走访村（社区）", "甲一1村", 0, "走访"],
            ["C-X9", date(YEAR, 3, 3), "走访村（社区）", "甲一1村", 0, "走访"],
            ["C-A1", "三月", "开会", "村部", 0, "开会"],
            ["C-A2", date(YEAR, 3, 3), "讲党课", "镇党校", 0, "党课"],
        ],
        [["C-A-ZZB", "C-A1", "R9", date(YEAR, 3, 9), "获评先进"]],
    )
    with pytest.raises(WorkbookInvalid) as raised:
        import_records(actor=cast.town_sec, stream=stream)
    messages = [str(e) for e in raised.value.errors]
    assert "「纪实」表第 3 行「组织编码」：找不到编码为「C-X9」的组织" in messages
    assert any(m.startswith("「纪实」表第 4 行「日期」") for m in messages)
    assert any(m.startswith("「纪实」表第 4 行「工作类别」") for m in messages)
    assert "「纪实」表第 5 行：您无权为该组织登记" in messages  # township A2 is not theirs
    assert any(m.startswith("「红黑档案」表第 2 行「积分标准编号」") for m in messages)
    assert not WorkLog.objects.exists() and not MeritRecord.objects.exists()


def test_the_import_page_lists_the_errors(small_city, cast):
    client = Client()
    client.force_login(cast.town_sec)
    stream = _file([["C-X9", date(YEAR, 3, 3), "走访村（社区）", "村", 0, "走访"]], [])
    stream.name = "纪实.xlsx"
    response = client.post("/records/import/", {"file": stream})
    assert response.status_code == 400
    assert "第 2 行「组织编码」：找不到编码为「C-X9」的组织" in response.content.decode()
    assert not WorkLog.objects.exists()


def test_the_months_submissions_export_for_the_meeting(small_city, cast):
    first = submit(cast, small_city.town_a1, cast.red, facts="获评先进")
    submit(cast, small_city.town_a2, cast.black, facts='=HYPERLINK("x")')
    march = meeting(cast)
    merit_services.decide_merit(actor=cast.county_rev, meeting=march, merit=first, approve=True)
    client = Client()
    client.force_login(cast.county_rev)
    sheet = load_workbook(
        BytesIO(client.get(f"/records/meetings/{march.pk}/submissions.xlsx").content)
    ).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert [r[9] for r in rows] == ['=HYPERLINK("x")', "获评先进"] or len(rows) == 2
    assert {r[11] for r in rows} == {"待审议", "已通过"}
    assert sheet.cell(row=3, column=10).data_type == "s"  # text stays text, never a formula

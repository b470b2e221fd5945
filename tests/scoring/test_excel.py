"""The site's 汇总表 and 得分表: per-source columns, numbers stored as numbers, print setup."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook

from shuzhi.scoring import excel, queries
from shuzhi.scoring.models import Result
from tests.scoring.helpers import scored_round

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 2)


def _printable(sheet, unit: str) -> None:  # type: ignore[no-untyped-def]
    assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows == "$1:$2"
    assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.oddFooter.left.text == f"制表单位：{unit}"
    assert sheet.oddFooter.right.text == "制表日期：2026年03月02日"


def test_summary_has_a_column_per_source_and_prints(small_city, city_admin, compute):
    round_, _ = scored_round(small_city, city_admin)
    compute(round_, city_admin)
    data = excel.summary_workbook(round_, queries.results_by_group(round_), today=TODAY)
    sheet = load_workbook(BytesIO(data))["乡镇组"]
    header = [cell.value for cell in sheet[2]]
    assert header[:4] == ["排名", "述职人编号", "述职人", "组织"]
    assert {"指标考核", "现场测评", "上级评价"} <= set(header)
    first = {h: cell.value for h, cell in zip(header, sheet[3], strict=True)}
    result = Result.objects.get(reporter__organization=small_city.town_a1)
    assert first["综合得分"] == float(result.composite)
    for source, value in result.subtotals.items():
        label = {"indicators": "指标考核", "onsite": "现场测评", "superior": "上级评价"}.get(source)
        if label:
            assert first[label] == pytest.approx(float(value))
    assert isinstance(first["现场测评"], int | float) and first["排名"] == 1
    _printable(sheet, "甲县委")


def test_score_sheet_stores_numbers_as_numbers_and_prints(small_city, city_admin, compute):
    round_, _ = scored_round(small_city, city_admin)
    compute(round_, city_admin)
    result = Result.objects.get(reporter__organization=small_city.town_a1)
    lines = queries.breakdown_lines(round_, result)
    data = excel.score_sheets(round_, [(result, lines)], today=TODAY)
    sheet = load_workbook(BytesIO(data))["得分表"]
    points = [row[4] for row in sheet.iter_rows(min_row=3, values_only=True) if row[4] is not None]
    assert points and all(isinstance(p, int | float) for p in points)
    assert sum(points[:-1]) == pytest.approx(float(result.composite))  # last is the composite
    raw = [c.value for c in sheet["C"][2:] if c.value not in (None, "")]
    assert raw and all(isinstance(v, int | float) for v in raw)
    _printable(sheet, "甲县委")

"""The ledger export (read back with openpyxl) and the written report (.docx)."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from docx import Document
from openpyxl import load_workbook

from shuzhi.rectification.exporting import LEDGER, write_ledger, write_report
from tests.rectification.conftest import close_out, item_for, raise_problem

pytestmark = pytest.mark.django_db


def _two_items(small_city, cast):  # type: ignore[no-untyped-def]
    close_out(item_for(raise_problem(small_city.town_a1, "问题一"), cast, date(2099, 1, 1)), cast)
    item_for(raise_problem(small_city.town_a1, "问题二", "masses", reference="ballot:1"), cast)


def test_ledger_export_has_the_usual_columns_and_one_row_per_item(small_city, cast):
    _two_items(small_city, cast)
    buffer = BytesIO()
    count = write_ledger(small_city.county_a, buffer, today=date(2026, 6, 1))
    sheet = load_workbook(BytesIO(buffer.getvalue())).active
    assert count == 2
    header = [cell.value for cell in sheet[2]]
    assert header == LEDGER.headers
    assert header[:4] == ["序号", "组织", "问题", "来源"] and "整改措施" in header
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=3)]
    by_problem = {row[2]: row for row in rows}
    first, second = by_problem["问题一"], by_problem["问题二"]
    assert first[0] in (1, 2) and first[3] == "上级点评" and first[5] == "甲一书记"
    assert first[6] == "甲一副书记" and first[9] == "已销号" and "按期销号：核实" in first[10]
    assert second[3] == "群众反映" and second[9] == "待整改（已逾期）"
    assert second[7].date() == date(2026, 1, 31)
    assert sheet.print_title_rows == "$1:$2" and sheet.page_setup.orientation == "landscape"
    assert sheet.oddFooter.left.text == "制表单位：甲县委"
    assert sheet.oddFooter.right.text == "制表日期：2026年06月01日"


def test_ledger_of_one_organisation_leaves_out_its_subtree(small_city, cast):
    _two_items(small_city, cast)
    buffer = BytesIO()
    assert write_ledger(small_city.county_a, buffer, subtree=False, today=date(2026, 6, 1)) == 0


def test_written_report_summarises_and_lists_every_item(small_city, cast):
    _two_items(small_city, cast)
    buffer = BytesIO()
    write_report(small_city.town_a1, buffer, today=date(2026, 6, 1))
    document = Document(BytesIO(buffer.getvalue()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "甲1镇党委关于问题整改情况的报告" in text
    assert (
        "共有整改事项 2 项，已销号 1 项（其中按期销号 1 项），正在整改 0 项，已逾期未销号 1 项"
        in text
    )
    assert "问题二：已逾期" in text
    cells = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert cells[0] == ["序号", "问题", "整改措施", "责任人", "时限", "状态"] and len(cells) == 3

"""The 得分明细 of a round larger than one Excel sheet: numbered sheets, a reporter never split."""

from __future__ import annotations

from collections import Counter
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook

from shuzhi.core.workbook import workbook_bytes
from shuzhi.scoring import summary
from shuzhi.scoring.engine import compute
from shuzhi.scoring.summary import DETAIL_ROWS, detail_sheet_names, results_workbook
from shuzhi.scoring.template import template_workbook
from shuzhi.scoring.workbook import read_workbook


@pytest.fixture
def scored(tmp_path: Path):
    path = tmp_path / "round.xlsx"
    template_workbook().save(path)
    content = read_workbook(path)
    return content, compute(content.rules, content.indicators, content.reporters)


def _details(data: bytes) -> dict[str, list[tuple]]:
    workbook = load_workbook(BytesIO(data))
    return {
        name: list(workbook[name].iter_rows(min_row=2, values_only=True))
        for name in workbook.sheetnames
        if name.startswith("得分明细")
    }


def test_one_sheet_holds_excels_rows_less_the_header() -> None:
    assert DETAIL_ROWS == 1_048_576 - 1
    assert detail_sheet_names(3) == ["得分明细", "得分明细（2）", "得分明细（3）"]


def test_lines_past_a_sheets_rows_go_to_numbered_sheets_reporters_whole(scored) -> None:
    content, result = scored
    per_reporter = {o.reporter_id: len(o.breakdown) for o in result.outcomes}
    limit = max(per_reporter.values()) + 3  # two reporters never fit one sheet
    data = workbook_bytes(results_workbook(content.rules, result, content.names, detail_rows=limit))
    sheets = _details(data)
    assert list(sheets) == detail_sheet_names(len(sheets)) and len(sheets) == len(per_reporter)
    assert all(len(rows) <= limit for rows in sheets.values())
    whose = {
        rid: {n for n, rows in sheets.items() if any(r[0] == rid for r in rows)}
        for rid in per_reporter
    }
    assert all(len(names) == 1 for names in whose.values())  # a reporter's lines on one sheet
    counted = Counter(row[0] for rows in sheets.values() for row in rows)
    assert counted == per_reporter  # every line written once
    whole = _details(workbook_bytes(results_workbook(content.rules, result, content.names)))
    assert [row for rows in sheets.values() for row in rows] == whole["得分明细"]


def test_a_large_round_is_streamed_with_the_same_cells(scored, monkeypatch) -> None:
    content, result = scored
    plain = load_workbook(
        BytesIO(workbook_bytes(results_workbook(content.rules, result, content.names)))
    )
    monkeypatch.setattr(summary, "STREAM_FROM", 1)
    streamed = load_workbook(
        BytesIO(workbook_bytes(results_workbook(content.rules, result, content.names)))
    )
    assert streamed.sheetnames == plain.sheetnames
    for name in plain.sheetnames:
        assert list(streamed[name].values) == list(plain[name].values)

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from openpyxl import load_workbook

from shuzhi.cli import main
from shuzhi.rectification.models import RectificationItem

pytestmark = pytest.mark.django_db


def test_cli_marks_overdue_with_a_given_day(item):
    result = CliRunner().invoke(main, ["rectification", "overdue", "--today", "2026-07-02"])
    assert result.exit_code == 0, result.output
    assert "新标记逾期整改事项 1 项" in result.output
    assert RectificationItem.objects.get(pk=item.pk).overdue_since == date(2026, 7, 2)


def test_cli_exports_ledger_and_report(item, small_city, tmp_path: Path):
    runner = CliRunner()
    ledger = tmp_path / "ledger.xlsx"
    result = runner.invoke(main, ["rectification", "export", "C-A", str(ledger)])
    assert result.exit_code == 0 and "已导出 1 项" in result.output
    assert load_workbook(ledger).active["C3"].value == "组织生活不规范"
    report = tmp_path / "report.docx"
    assert runner.invoke(main, ["rectification", "report", "C-A1", str(report)]).exit_code == 0
    assert "整改情况的报告" in Document(str(report)).paragraphs[0].text
    missing = runner.invoke(main, ["rectification", "export", "NOPE", str(ledger)])
    assert missing.exit_code == 1 and "找不到编码" in missing.output

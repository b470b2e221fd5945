"""Excel out from stored results: the 汇总表 (the same writer as ``shuzhi score``) and each
reporter's score sheet (得分表), both printable, numbers stored as numbers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from shuzhi.core.workbook import (
    CellType,
    Column,
    PrintSetup,
    SheetSchema,
    new_workbook,
    row_cells,
    workbook_bytes,
    write_sheet,
)
from shuzhi.rounds.models import Round
from shuzhi.scoring.models import Result
from shuzhi.scoring.queries import BreakdownLine
from shuzhi.scoring.summary import SummaryLine, write_summary

SCORE_SHEET = SheetSchema(
    "得分表",
    (
        Column("来源", width=12),
        Column("项目", width=34),
        Column("原始值", CellType.NUMBER, width=10),
        Column("权重", CellType.NUMBER, width=8),
        Column("得分", CellType.NUMBER, width=10, number_format="0.00##"),
        Column("说明", width=40),
    ),
)


def _print_setup(round: Round, today: date | None) -> PrintSetup:
    return PrintSetup(unit=round.hearing_organization.name, made_on=today or date.today())


def summary_line(result: Result) -> SummaryLine:
    reporter: Any = result.reporter
    return SummaryLine(
        group=result.peer_group,
        reporter_id=reporter.organization.code,
        name=reporter.person.name,
        organization=reporter.organization.name,
        subtotals={key: Decimal(value) for key, value in (result.subtotals or {}).items()},
        composite=result.composite,
        rank=result.rank,
        grade=result.get_grade_display(),
        klass=result.class_number,
        honour=result.honour,
        interview=result.interview,
        veto_reason=result.veto_reason,
        pay_share=result.pay_bonus_percent,
    )


def summary_workbook(
    round: Round, groups: Sequence[tuple[str, Sequence[Result]]], today: date | None = None
) -> bytes:
    lines = [summary_line(result) for _, results in groups for result in results]
    sources: list[str] = []
    for line in lines:
        sources += [key for key in line.subtotals if key not in sources]
    workbook = new_workbook()
    write_summary(
        workbook,
        heading=f"{round.name}结果汇总表",
        lines=lines,
        sources=sources,
        print_setup=_print_setup(round, today),
    )
    return workbook_bytes(workbook)


def score_sheets(
    round: Round,
    sheets: Sequence[tuple[Result, Sequence[BreakdownLine]]],
    today: date | None = None,
) -> bytes:
    """One workbook, one 得分表 sheet per reporter (a single reporter's download too)."""
    workbook = new_workbook()
    setup = _print_setup(round, today)
    for result, lines in sheets:
        reporter: Any = result.reporter
        title = (
            "得分表" if len(sheets) == 1 else f"{reporter.organization.code}{reporter.person.name}"
        )
        heading = f"{round.name}得分表：{reporter.person.name}（{reporter.organization.name}）"
        rows = [
            (line.source, line.item, line.raw, line.weight, line.points, line.note)
            for line in lines
        ]
        sheet = write_sheet(
            workbook, SCORE_SHEET, rows, title=title, heading=heading, print_setup=setup
        )
        _append_outcome(sheet, result)
    if not sheets:
        write_sheet(
            workbook, SCORE_SHEET, [], heading=f"{round.name}得分表（尚无结果）", print_setup=setup
        )
    return workbook_bytes(workbook)


def _append_outcome(sheet: Worksheet, result: Result) -> None:
    columns = SCORE_SHEET.columns
    rows: list[list[Any]] = [
        ["综合得分", "", None, None, result.composite, ""],
        ["排名", f"{result.peer_group}第 {result.rank} 名（共 {result.group_size} 名）"],
        ["等次 / 类别", f"{result.get_grade_display()} / {result.class_number} 类"],
    ]
    if result.veto_reason:
        rows.append(["否决/肯定", result.veto_reason])
    for values in rows:
        cells = row_cells(sheet, columns, values)
        cells[0].font = Font(bold=True)
        sheet.append(cells)

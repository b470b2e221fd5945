"""Excel out: the results summary (汇总表, one sheet per peer group) and a reporter's score
sheet (得分表), with Chinese titles, set column widths and frozen headers."""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from shuzhi.rounds.models import Round
from shuzhi.scoring.models import Result
from shuzhi.scoring.queries import BreakdownLine

SUMMARY_COLUMNS = (
    ("排名", 6),
    ("组织", 28),
    ("述职人", 10),
    ("综合得分", 10),
    ("等次", 8),
    ("类别", 6),
    ("表彰", 8),
    ("末位约谈", 9),
    ("绩效奖励（%）", 12),
    ("否决/肯定事由", 40),
)
SHEET_COLUMNS = (
    ("来源", 12),
    ("项目", 34),
    ("原始值", 10),
    ("权重", 8),
    ("得分", 10),
    ("说明", 40),
)
_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", "_"))


def _sheet(
    workbook: Workbook, title: str, heading: str, columns: Sequence[tuple[str, int]]
) -> Worksheet:
    sheet = workbook.create_sheet(title.translate(_FORBIDDEN)[:31] or "Sheet")
    sheet.append([heading])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(columns))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append([name for name, _ in columns])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for index, (_, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A3"
    return sheet


def _save(workbook: Workbook) -> bytes:
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def summary_workbook(round: Round, groups: Sequence[tuple[str, Sequence[Result]]]) -> bytes:
    workbook = Workbook()
    default = workbook.active
    if default is not None:
        workbook.remove(default)
    for name, results in groups or [("无结果", [])]:
        sheet = _sheet(workbook, name, f"{round.name}结果汇总表（{name}）", SUMMARY_COLUMNS)
        for r in results:
            sheet.append(
                [
                    r.rank,
                    r.reporter.organization.name,
                    r.reporter.person.name,
                    r.composite,
                    r.get_grade_display(),
                    r.class_number,
                    r.honour,
                    "是" if r.interview else "",
                    r.pay_bonus_percent,
                    r.veto_reason,
                ]
            )
    return _save(workbook)


def score_sheets(round: Round, sheets: Sequence[tuple[Result, Sequence[BreakdownLine]]]) -> bytes:
    """One workbook, one 得分表 sheet per reporter (a single reporter's download too)."""
    workbook = Workbook()
    default = workbook.active
    if default is not None:
        workbook.remove(default)
    for result, lines in sheets:
        reporter: Any = result.reporter
        title = (
            "得分表" if len(sheets) == 1 else f"{reporter.organization.code}{reporter.person.name}"
        )
        heading = f"{round.name}得分表：{reporter.person.name}（{reporter.organization.name}）"
        _fill_score_sheet(_sheet(workbook, title, heading, SHEET_COLUMNS), result, lines)
    if not sheets:
        _sheet(workbook, "得分表", f"{round.name}得分表（尚无结果）", SHEET_COLUMNS)
    return _save(workbook)


def _fill_score_sheet(sheet: Worksheet, result: Result, lines: Sequence[BreakdownLine]) -> None:
    for line in lines:
        sheet.append([line.source, line.item, line.raw, line.weight, line.points, line.note])
    sheet.append(["综合得分", "", "", "", result.composite, ""])
    sheet.append(["排名", f"{result.peer_group}第 {result.rank} 名（共 {result.group_size} 名）"])
    sheet.append(["等次 / 类别", f"{result.get_grade_display()} / {result.class_number} 类"])
    if result.veto_reason:
        sheet.append(["否决/肯定", result.veto_reason])
    for row in sheet.iter_rows(min_row=sheet.max_row - 3):
        row[0].font = Font(bold=True)

"""The indicator system as an Excel sheet (指标体系), in and out, all or nothing."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from io import BytesIO
from typing import IO, Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from shuzhi.rounds.indicator_rules import IndicatorProblem, IndicatorRow
from shuzhi.rounds.indicator_system import (
    IndicatorSystemInvalid,
    indicator_rows,
    save_indicator_system,
)
from shuzhi.rounds.models import IndicatorKind, Listing, Round, VetoEffect
from shuzhi.rounds.vocabulary import AssessmentGrade

SHEET = "指标体系"
HEADERS = (
    "编号",
    "上级编号",
    "指标名称",
    "类型",
    "满分",
    "权重",
    "加分上限",
    "扣分下限",
    "否决效果",
    "最高等次",
    "清单",
)
WIDTHS = (10, 10, 40, 10, 8, 8, 10, 10, 22, 10, 10)
_CHOICES = {
    "类型": IndicatorKind,
    "否决效果": VetoEffect,
    "最高等次": AssessmentGrade,
    "清单": Listing,
}


def _label(column: str, value: str) -> str:
    return str(dict(_CHOICES[column].choices).get(value, value)) if value else ""


def _value(column: str, text: str) -> str:
    by_label = {str(label): value for value, label in _CHOICES[column].choices}
    return by_label.get(text, text)


def export_indicators(round: Round) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in indicator_rows(round):
        sheet.append(
            [
                row.code,
                row.parent_code,
                row.name,
                _label("类型", row.kind),
                row.max_points,
                row.weight,
                row.cap,
                row.floor,
                _label("否决效果", row.veto_effect),
                _label("最高等次", row.veto_cap_grade),
                _label("清单", row.listing),
            ]
        )
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_indicators(stream: IO[bytes]) -> tuple[list[IndicatorRow], list[IndicatorProblem]]:
    """Rows of the sheet and the problems reading them (bad numbers, missing sheet)."""
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        return [], [IndicatorProblem(0, "", "文件不是有效的 Excel（.xlsx）工作簿。")]
    if SHEET not in workbook.sheetnames:
        return [], [IndicatorProblem(0, "", f"缺少工作表「{SHEET}」。")]
    rows: list[IndicatorRow] = []
    problems: list[IndicatorProblem] = []
    lines = workbook[SHEET].iter_rows(min_row=2, values_only=True)
    for number, values in enumerate(lines, start=2):
        cells = {h: ("" if v is None else v) for h, v in zip(HEADERS, values, strict=False)}
        if not any(str(v).strip() for v in cells.values()):
            continue
        code = str(cells.get("编号", "")).strip()
        numbers: dict[str, Decimal | None] = {}
        for column in ("满分", "权重", "加分上限", "扣分下限"):
            try:
                numbers[column] = _decimal(cells.get(column, ""))
            except InvalidOperation:
                problems.append(IndicatorProblem(number, code, f"“{column}”不是数字。"))
                numbers[column] = None
        rows.append(
            IndicatorRow(
                code=code,
                parent_code=str(cells.get("上级编号", "")).strip(),
                name=str(cells.get("指标名称", "")).strip(),
                kind=_value("类型", str(cells.get("类型", "")).strip() or "常规项"),
                max_points=numbers["满分"],
                weight=numbers["权重"] if numbers["权重"] is not None else Decimal(1),
                cap=numbers["加分上限"],
                floor=numbers["扣分下限"],
                veto_effect=_value("否决效果", str(cells.get("否决效果", "")).strip()),
                veto_cap_grade=_value("最高等次", str(cells.get("最高等次", "")).strip()),
                listing=_value("清单", str(cells.get("清单", "")).strip()),
                row=number,
            )
        )
    return rows, problems


def _decimal(value: Any) -> Decimal | None:
    text = str(value).strip()
    return Decimal(text) if text else None


def import_indicators(*, actor: Any, round: Round, stream: IO[bytes]) -> None:
    """Replace the round's indicator system with the sheet's, or write nothing."""
    rows, problems = read_indicators(stream)
    if problems:
        raise IndicatorSystemInvalid(problems)
    if not rows:
        raise IndicatorSystemInvalid([IndicatorProblem(0, "", "工作表中没有指标。")])
    save_indicator_system(actor=actor, round=round, rows=rows, reason="import")

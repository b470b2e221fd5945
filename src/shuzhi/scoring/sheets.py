"""Reading and writing plain table sheets: a header row, then one record per row.

Shared by the round workbook (``workbook.py``) and the results workbook (``summary.py``). Every
problem becomes a ``RowError`` naming the sheet, the row number and the column, in Chinese.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal, InvalidOperation
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

# The same error shape as the organisation workbook, so every import reads alike.
from shuzhi.orgs.workbook import RowError

from .engine.types import SCORE_DECIMALS

SCORE_STEP = Decimal(1).scaleb(-SCORE_DECIMALS)
HEADER_FILL = PatternFill("solid", fgColor="FFE7E6E6")


class RoundWorkbookError(Exception):
    """The workbook cannot be read; ``errors`` lists every bad row (nothing is half-read)."""

    def __init__(self, errors: Sequence[RowError]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(str(error) for error in self.errors))


@dataclass(frozen=True)
class Column:
    header: str
    required: bool = True
    width: int = 14


@dataclass
class Row:
    """One record: its sheet and 1-based row number, and its cells by header."""

    sheet: str
    number: int
    cells: dict[str, Any]
    errors: list[RowError]

    def fail(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.sheet, self.number, column, message))

    def text(self, column: str) -> str:
        value = self.cells.get(column)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()

    def required_text(self, column: str) -> str:
        value = self.text(column)
        if not value:
            self.fail(column, "不能为空")
        return value

    def decimal(self, column: str, *, required: bool = False) -> Decimal | None:
        """A number (an Excel number or text); None when empty and allowed."""
        raw = self.cells.get(column)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if required:
                self.fail(column, "不能为空")
            return None
        try:
            value = Decimal(str(raw).strip().rstrip("%"))
        except InvalidOperation:
            self.fail(column, f"「{raw}」不是数字")
            return None
        if not value.is_finite():
            self.fail(column, f"「{raw}」不是数字")
            return None
        if value != value.quantize(SCORE_STEP, rounding=ROUND_DOWN):
            self.fail(column, f"最多保留 {SCORE_DECIMALS} 位小数（收到 {raw}）")
            return None
        return value

    def count(self, column: str) -> int:
        value = self.decimal(column)
        if value is None:
            return 0
        if value < 0 or value != value.to_integral_value():
            self.fail(column, f"票数必须是非负整数（收到 {value}）")
            return 0
        return int(value)

    def choice(
        self, column: str, labels: Mapping[str, str], *, required: bool = False
    ) -> str | None:
        """The code for a label (or the code itself); None when empty and allowed."""
        value = self.text(column)
        if not value:
            if required:
                self.fail(column, "不能为空")
            return None
        if value in labels:
            return labels[value]
        if value in labels.values():
            return value
        self.fail(column, f"「{value}」不是可选值（可选：{'、'.join(labels)}）")
        return None


def excel_number(value: Decimal | None) -> int | float | None:
    """A Decimal as an Excel number (int when whole), or an empty cell."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def read_table(
    workbook: Workbook, sheet_name: str, columns: Sequence[Column], errors: list[RowError]
) -> Iterator[Row]:
    """The non-empty rows of a sheet; a missing required column is an error on row 1."""
    sheet = workbook[sheet_name]
    rows = sheet.iter_rows(values_only=True)
    header = [str(cell).strip() if cell is not None else "" for cell in next(rows, ())]
    positions = {}
    for column in columns:
        if column.header in header:
            positions[column.header] = header.index(column.header)
        elif column.required:
            errors.append(RowError(sheet_name, 1, column.header, "缺少此列"))
    for number, cells in enumerate(rows, start=2):
        if all(cell is None or str(cell).strip() == "" for cell in cells):
            continue
        values = {h: cells[i] if i < len(cells) else None for h, i in positions.items()}
        yield Row(sheet_name, number, values, errors)


def write_table(
    workbook: Workbook, sheet_name: str, columns: Sequence[Column], rows: Sequence[Sequence[Any]]
) -> Worksheet:
    """Add a sheet with a bold header row and the given rows."""
    sheet = workbook.create_sheet(sheet_name)
    sheet.append([column.header for column in columns])
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    for row in rows:
        sheet.append(list(row))
    sheet.freeze_panes = "A2"
    return sheet

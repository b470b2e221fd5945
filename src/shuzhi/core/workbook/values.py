"""A value as it goes into a cell, whichever writer writes it (``writing``, ``streaming``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from .schema import CellType, Column

#: Text starting with one of these is a formula to Excel once edited: written quote-prefixed.
FORMULA_PREFIXES = ("=", "+", "-", "@")


def excel_number(value: Decimal | None) -> int | float | None:
    """A Decimal as an Excel number (int when whole), or an empty cell."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _number(value: Any) -> Any:
    """Decimals and numeric text become numbers; anything else is left as it is."""
    if isinstance(value, Decimal):
        return excel_number(value)
    if isinstance(value, str) and value.strip():
        try:
            number = Decimal(value.strip())
        except ArithmeticError:
            return value
        return excel_number(number) if number.is_finite() else value
    return value


def prepared(value: Any, column: Column | None = None) -> Any:
    """A value as it goes into a cell: numbers for a number column's numeric text and for
    Decimals, text without the control characters a workbook cannot hold."""
    if column is not None and column.type in (CellType.NUMBER, CellType.INTEGER):
        value = _number(value)
    if isinstance(value, Decimal):
        value = excel_number(value) if value.is_finite() else str(value)
    if isinstance(value, str):
        value = _clean_text(value)
    return value


@lru_cache(maxsize=4096)  # a large sheet repeats its labels and names on many rows
def _clean_text(text: str) -> str:
    # A line break in a cell is LF (what Excel's Alt+Enter types); a CR would come back
    # from XlsxWriter as the escape "_x000D_" in readers that do not decode it.
    return ILLEGAL_CHARACTERS_RE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def number_format_of(value: Any, column: Column | None) -> str | None:
    """The column's number format for a prepared number or date in a typed column."""
    if (
        column is not None
        and column.type is not CellType.TEXT
        and isinstance(value, int | float | date)
        and not isinstance(value, bool)
    ):
        return column.format
    return None


def footer_text(text: str) -> str:
    return text.replace("&", "&&")  # "&" starts a control code in Excel's header/footer

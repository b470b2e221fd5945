"""Declared sheet layouts: a sheet's name and its columns, each with a type and how it prints.

A schema is data, read by both the reader (which finds each column by its header, so a file
with reordered or extra columns reads the same) and the writer (widths, number formats).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any


class CellType(enum.StrEnum):
    TEXT = "text"
    NUMBER = "number"  # Decimal in, Excel number out
    INTEGER = "integer"  # a non-negative whole number (counts, years)
    DATE = "date"


#: The number format each type gets in Excel unless the column declares its own.
NUMBER_FORMATS = {
    CellType.TEXT: "@",
    CellType.NUMBER: "0.####",
    CellType.INTEGER: "0",
    CellType.DATE: "yyyy-mm-dd",
}


def choice_map(pairs: Iterable[tuple[Any, Any]]) -> dict[str, str]:
    """{label: code} from (code, label) pairs, e.g. a Django ``TextChoices.choices``."""
    return {str(label): str(code) for code, label in pairs}


@dataclass(frozen=True)
class Column:
    """One column: its header text (the key when reading), type, and how it is written.

    ``required``: the header must be present, and ``Row.value`` refuses an empty cell.
    ``choices``: allowed values as {label: code}; a cell may hold either the label or the code.
    ``places``: for numbers, the most decimals accepted.
    """

    header: str
    type: CellType = CellType.TEXT
    required: bool = True
    choices: Mapping[str, str] | None = None
    number_format: str = ""
    width: int = 14
    places: int = 4
    key: str = ""

    @property
    def name(self) -> str:
        """The key a row's values are found under (the header unless set)."""
        return self.key or self.header

    @property
    def format(self) -> str:
        return self.number_format or NUMBER_FORMATS[self.type]


@dataclass(frozen=True)
class SheetSchema:
    """A sheet: its name and its columns in their usual order (files may reorder them)."""

    name: str
    columns: Sequence[Column]
    freeze: bool = True
    #: Read each cell's number format too: a number in a percent cell (60 %, stored 0.6) is
    #: read as what it shows (60). Costs time, so only for small sheets that need it.
    read_formats: bool = False

    @property
    def headers(self) -> list[str]:
        return [column.header for column in self.columns]

    @cached_property
    def _by_name(self) -> dict[str, Column]:
        by_name: dict[str, Column] = {}
        for column in reversed(self.columns):  # the first column of a name wins
            by_name[column.header] = by_name[column.name] = column
        return by_name

    def column(self, name: str) -> Column:
        """The column whose key or header is ``name`` (looked up for every cell read)."""
        return self._by_name[name]


@dataclass(frozen=True)
class RowError:
    """One problem, located: the sheet, the 1-based row (0: the whole sheet) and the column."""

    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"「{self.sheet}」表" if self.sheet else ""
        if self.row:
            where += f"第 {self.row} 行"
        if self.column:
            where += f"「{self.column}」"
        return f"{where}：{self.message}" if where else self.message


class WorkbookInvalid(Exception):
    """The workbook cannot be used; ``errors`` lists every problem (nothing is half-read)."""

    def __init__(self, errors: Sequence[RowError]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(str(error) for error in self.errors))

"""The round workbook read by ``shuzhi score`` and the indicator sheet shared with the app.

Layout (documented in docs/scoring.md): sheets 设置, 被考核人, 指标, 指标得分, 现场测评,
上级评价, 年度记录. Errors name the sheet and row number, in Chinese.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from openpyxl import Workbook

from .engine import Indicator, ReporterInput, RoundRules


@dataclass(frozen=True)
class RowError:
    """One bad cell or row: where (sheet, row, column header) and why, in Chinese."""

    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"「{self.sheet}」表第 {self.row} 行"
        if self.column:
            where += f"「{self.column}」"
        return f"{where}：{self.message}"


class RoundWorkbookError(Exception):
    """The workbook cannot be scored; ``errors`` lists every bad row (nothing is half-read)."""

    def __init__(self, errors: Sequence[RowError]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(str(error) for error in self.errors))


def read_round_workbook(
    path: Path | IO[bytes],
) -> tuple[RoundRules, list[Indicator], list[ReporterInput]]:
    """Read a round workbook; raise RoundWorkbookError listing every bad row (sheet + row)."""
    raise NotImplementedError


def write_indicator_sheet(workbook: Workbook, indicators: Sequence[Indicator]) -> None:
    """Add the 指标 sheet (one indicator per row, parents before children) to ``workbook``."""
    raise NotImplementedError


def read_indicator_sheet(workbook: Workbook) -> list[Indicator]:
    """Read the 指标 sheet; raise RoundWorkbookError listing every bad row."""
    raise NotImplementedError


def template_workbook() -> Workbook:
    """A filled-in example round workbook (the template of ``shuzhi score --template``)."""
    raise NotImplementedError

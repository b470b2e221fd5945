"""The indicator system as Excel, in and out, all or nothing.

The 指标 sheet is the one ``shuzhi score`` reads (``rounds.indicator_sheet``), so a system
exported here can be pasted into a round workbook and back. The site adds the 清单 column
(positive / negative list, 003).
"""

from __future__ import annotations

from typing import IO

from shuzhi.accounts.models import User
from shuzhi.core.workbook import (
    RowError,
    WorkbookInvalid,
    new_workbook,
    open_workbook,
    workbook_bytes,
)
from shuzhi.rounds.indicator_rules import IndicatorProblem, IndicatorRow
from shuzhi.rounds.indicator_sheet import read_indicator_rows, write_indicator_rows
from shuzhi.rounds.indicator_system import (
    IndicatorSystemInvalid,
    indicator_rows,
    save_indicator_system,
)
from shuzhi.rounds.models import Round


def export_indicators(round: Round) -> bytes:
    workbook = new_workbook()
    write_indicator_rows(workbook, indicator_rows(round))
    return workbook_bytes(workbook)


def _problem(error: RowError) -> IndicatorProblem:
    message = f"「{error.column}」{error.message}" if error.column else error.message
    return IndicatorProblem(error.row, "", message if message.endswith("。") else f"{message}。")


def read_indicators(stream: IO[bytes]) -> tuple[list[IndicatorRow], list[IndicatorProblem]]:
    """Rows of the 指标 sheet and the problems reading them (every bad row, with its number)."""
    try:
        workbook = open_workbook(stream)
    except WorkbookInvalid as error:
        return [], [_problem(e) for e in error.errors]
    errors: list[RowError] = []
    try:
        rows, _ = read_indicator_rows(workbook, errors)
    finally:
        workbook.close()
    return rows, sorted((_problem(e) for e in errors), key=lambda p: p.row)


def import_indicators(*, actor: User, round: Round, stream: IO[bytes]) -> None:
    """Replace the round's indicator system with the sheet's, or write nothing."""
    rows, problems = read_indicators(stream)
    if problems:
        raise IndicatorSystemInvalid(problems)
    if not rows:
        raise IndicatorSystemInvalid([IndicatorProblem(0, "", "工作表中没有指标。")])
    save_indicator_system(actor=actor, round=round, rows=rows, reason="import")

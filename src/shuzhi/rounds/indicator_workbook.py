"""The indicator system as Excel, in and out, all or nothing.

A thin adapter over the scoring engine's 指标 sheet (``scoring.workbook``), so a system exported
here can be pasted into a ``shuzhi score`` round workbook and back. The server adds one column
the engine does not need: 清单 (positive / negative list, 003).
"""

from __future__ import annotations

from io import BytesIO
from typing import IO, Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from shuzhi.accounts.models import User
from shuzhi.rounds.indicator_rules import IndicatorProblem, IndicatorRow
from shuzhi.rounds.indicator_system import (
    IndicatorSystemInvalid,
    indicator_rows,
    save_indicator_system,
)
from shuzhi.rounds.models import Listing, Round
from shuzhi.scoring import engine
from shuzhi.scoring.workbook import (
    INDICATOR_COLUMNS,
    INDICATOR_SHEET,
    RoundWorkbookError,
    read_indicator_sheet,
    write_indicator_sheet,
)

LISTING_HEADER = "清单"
LISTINGS = {str(label): value for value, label in Listing.choices if value}


def to_engine(row: IndicatorRow) -> engine.Indicator:
    return engine.Indicator(
        code=row.code,
        name=row.name,
        kind=engine.IndicatorKind(row.kind),
        parent=row.parent_code or None,
        max_points=row.max_points,
        weight=row.weight,
        cap=row.cap,
        floor=row.floor,
        veto=engine.VetoEffect(row.veto_effect) if row.veto_effect else None,
        veto_grade=engine.Grade(row.veto_cap_grade) if row.veto_cap_grade else None,
    )


def export_indicators(round: Round) -> bytes:
    rows = indicator_rows(round)
    workbook = Workbook()
    if workbook.active is not None:
        workbook.remove(workbook.active)
    write_indicator_sheet(workbook, [to_engine(row) for row in rows])
    sheet = workbook[INDICATOR_SHEET]
    column = len(INDICATOR_COLUMNS) + 1
    sheet.cell(row=1, column=column, value=LISTING_HEADER).font = Font(bold=True)
    sheet.column_dimensions[get_column_letter(column)].width = 10
    labels = {value: label for label, value in LISTINGS.items()}
    for number, row in enumerate(rows, start=2):
        sheet.cell(row=number, column=column, value=labels.get(row.listing, ""))
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_extras(workbook: Any) -> tuple[dict[str, int], dict[str, str], list[IndicatorProblem]]:
    """Row number and list of each code (the engine's reader knows neither)."""
    rows = workbook[INDICATOR_SHEET].iter_rows(values_only=True)
    header = [str(cell).strip() if cell is not None else "" for cell in next(rows, ())]
    code_at = (
        header.index(INDICATOR_COLUMNS[0].header) if INDICATOR_COLUMNS[0].header in header else 0
    )
    listing_at = header.index(LISTING_HEADER) if LISTING_HEADER in header else None
    numbers: dict[str, int] = {}
    listings: dict[str, str] = {}
    problems = []
    for number, cells in enumerate(rows, start=2):
        code = str(cells[code_at]).strip() if code_at < len(cells) and cells[code_at] else ""
        numbers.setdefault(code, number)
        text = cells[listing_at] if listing_at is not None and listing_at < len(cells) else None
        text = str(text).strip() if text is not None else ""
        if text and text not in LISTINGS:
            problems.append(
                IndicatorProblem(
                    number, code, f"「清单」「{text}」无效（可选：正面清单、负面清单）"
                )
            )
        listings[code] = LISTINGS.get(text, "")
    return numbers, listings, problems


def read_indicators(stream: IO[bytes]) -> tuple[list[IndicatorRow], list[IndicatorProblem]]:
    """Rows of the 指标 sheet and the problems reading them (every bad row, with its number)."""
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        return [], [IndicatorProblem(0, "", "文件不是有效的 Excel（.xlsx）工作簿。")]
    if INDICATOR_SHEET not in workbook.sheetnames:
        return [], [IndicatorProblem(0, "", f"缺少工作表「{INDICATOR_SHEET}」。")]
    try:
        indicators = read_indicator_sheet(workbook)
        problems: list[IndicatorProblem] = []
    except RoundWorkbookError as error:
        indicators = []
        problems = [
            IndicatorProblem(
                e.row, "", f"「{e.column}」{e.message}。" if e.column else f"{e.message}。"
            )
            for e in error.errors
        ]
    numbers, listings, listing_problems = _sheet_extras(workbook)
    rows = [
        IndicatorRow(
            code=i.code,
            parent_code=i.parent or "",
            name=i.name,
            kind=i.kind.value,
            max_points=i.max_points,
            weight=i.weight,
            cap=i.cap,
            floor=i.floor,
            veto_effect=i.veto.value if i.veto else "",
            veto_cap_grade=i.veto_grade.value if i.veto_grade else "",
            listing=listings.get(i.code, ""),
            row=numbers.get(i.code, 0),
        )
        for i in indicators
    ]
    return rows, sorted([*problems, *listing_problems], key=lambda p: p.row)


def import_indicators(*, actor: User, round: Round, stream: IO[bytes]) -> None:
    """Replace the round's indicator system with the sheet's, or write nothing."""
    rows, problems = read_indicators(stream)
    if problems:
        raise IndicatorSystemInvalid(problems)
    if not rows:
        raise IndicatorSystemInvalid([IndicatorProblem(0, "", "工作表中没有指标。")])
    save_indicator_system(actor=actor, round=round, rows=rows, reason="import")

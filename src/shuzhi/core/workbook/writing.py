"""Writing sheets: text always as text (never a formula), numbers as numbers, print setup.

openpyxl turns any str that starts with "=" into a formula, and Excel re-evaluates a text
cell starting with = + - @ when someone edits it; so every str is stored with the string type
and, when it starts with one of those, with Excel's quote prefix (shown as text, kept as text).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from io import BytesIO
from typing import Any, Literal, overload

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from .schema import Column, SheetSchema
from .streaming import StreamedSheet, StreamedWorkbook, streamed_sheet
from .values import FORMULA_PREFIXES, footer_text, number_format_of, prepared

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="FFE7E6E6")
_FORBIDDEN_IN_TITLE = str.maketrans(dict.fromkeys("[]:*?/\\", "_"))


@dataclass(frozen=True)
class PrintSetup:
    """How a sheet prints: A4, orientation, title rows on every page, fit to the page width,
    and a footer naming the unit that made the table (制表单位) and the date (制表日期)."""

    unit: str = ""
    made_on: date | None = None
    landscape: bool = True
    fit_to_width: bool = True


#: A workbook being written: in memory (openpyxl), or streamed to a file (XlsxWriter).
AnyWorkbook = Workbook | StreamedWorkbook


@overload
def new_workbook(*, write_only: Literal[False] = False) -> Workbook: ...
@overload
def new_workbook(*, write_only: Literal[True]) -> StreamedWorkbook: ...
@overload
def new_workbook(*, write_only: bool) -> AnyWorkbook: ...
def new_workbook(*, write_only: bool = False) -> AnyWorkbook:
    """An empty workbook (no default sheet); write-only streams rows for large exports."""
    if write_only:
        return StreamedWorkbook()
    workbook = Workbook()
    if workbook.active is not None:
        workbook.remove(workbook.active)
    return workbook


def workbook_bytes(workbook: AnyWorkbook) -> bytes:
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def sheet_title(text: str) -> str:
    """A valid sheet name: no []:*?/\\ and at most 31 characters."""
    return text.translate(_FORBIDDEN_IN_TITLE)[:31] or "Sheet"


def cell(sheet: Worksheet, value: Any, column: Column | None = None) -> Cell:
    """A cell for ``sheet.append``: text as text, numbers with the column's number format."""
    value = prepared(value, column)
    made = WriteOnlyCell(sheet, value=value)  # also valid in a normal sheet's append()
    if isinstance(value, str):
        made.data_type = "s"  # openpyxl bound "=..." as a formula; it is text
        if value.startswith(FORMULA_PREFIXES):
            made.quotePrefix = True
    elif (number_format := number_format_of(value, column)) is not None:
        made.number_format = number_format
    return made


def row_cells(sheet: Worksheet, columns: Sequence[Column], values: Sequence[Any]) -> list[Cell]:
    """One row's cells, each typed by its column (values beyond the columns as plain cells)."""
    return [
        cell(sheet, value, columns[index] if index < len(columns) else None)
        for index, value in enumerate(values)
    ]


def append_row(
    sheet: Worksheet | StreamedSheet, columns: Sequence[Column], values: Sequence[Any]
) -> None:
    """Add one row to a sheet ``write_sheet`` made, typed by ``columns``."""
    if isinstance(sheet, StreamedSheet):
        sheet.append(values)  # it knows its columns
    else:
        sheet.append(row_cells(sheet, columns, values))


@overload
def write_sheet(
    workbook: Workbook,
    schema: SheetSchema,
    rows: Iterable[Sequence[Any]],
    *,
    heading: str = "",
    title: str = "",
    print_setup: PrintSetup | None = None,
    choice_lists: bool = False,
) -> Worksheet: ...
@overload
def write_sheet(
    workbook: StreamedWorkbook,
    schema: SheetSchema,
    rows: Iterable[Sequence[Any]],
    *,
    heading: str = "",
    title: str = "",
    print_setup: PrintSetup | None = None,
    choice_lists: bool = False,
) -> StreamedSheet: ...
def write_sheet(
    workbook: AnyWorkbook,
    schema: SheetSchema,
    rows: Iterable[Sequence[Any]],
    *,
    heading: str = "",
    title: str = "",
    print_setup: PrintSetup | None = None,
    choice_lists: bool = False,
) -> Worksheet | StreamedSheet:
    """Add ``schema``'s sheet: an optional merged heading, the header row, then ``rows``.

    A streamed workbook (``new_workbook(write_only=True)``) gets the same sheet from XlsxWriter.
    ``choice_lists`` adds drop-down lists for columns with choices (for templates).
    """
    if isinstance(workbook, StreamedWorkbook):
        return streamed_sheet(
            workbook,
            schema,
            rows,
            title=sheet_title(title or schema.name),
            heading=heading,
            print_setup=print_setup,
            choice_lists=choice_lists,
        )
    sheet = workbook.create_sheet(sheet_title(title or schema.name))
    columns = list(schema.columns)
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    header_row = 1
    if heading:
        top = cell(sheet, heading)
        top.font = Font(bold=True, size=14)
        top.alignment = Alignment(horizontal="center")
        sheet.append([top])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(columns))
        header_row = 2
    headers = []
    for column in columns:
        header = cell(sheet, column.header)
        header.font, header.fill = HEADER_FONT, HEADER_FILL
        headers.append(header)
    sheet.append(headers)
    if schema.freeze:
        sheet.freeze_panes = f"A{header_row + 1}"
    if choice_lists:
        _add_choice_lists(sheet, columns, header_row)
    if print_setup is not None:
        apply_print_setup(sheet, print_setup, title_rows=header_row)
    for values in rows:
        sheet.append(row_cells(sheet, columns, values))
    return sheet


def _add_choice_lists(sheet: Worksheet, columns: Sequence[Column], header_row: int) -> None:
    for index, column in enumerate(columns, start=1):
        if column.choices:
            labels = ",".join(column.choices)
            validation = DataValidation(type="list", formula1=f'"{labels}"', allow_blank=True)
            validation.error = "请从下拉列表中选择"
            sheet.add_data_validation(validation)
            letter = get_column_letter(index)
            validation.add(f"{letter}{header_row + 1}:{letter}10000")


def apply_print_setup(sheet: Worksheet, setup: PrintSetup, *, title_rows: int) -> None:
    """A4 in the given orientation, rows 1..title_rows on every page, footer with unit/date."""
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4  # a write-only sheet lacks the constant
    sheet.page_setup.orientation = "landscape" if setup.landscape else "portrait"
    sheet.print_title_rows = f"1:{title_rows}"
    if setup.fit_to_width:
        if sheet.sheet_properties.pageSetUpPr is None:
            sheet.sheet_properties.pageSetUpPr = PageSetupProperties()
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
    made_on = setup.made_on or date.today()
    footer = sheet.oddFooter
    assert footer is not None  # openpyxl creates it with every sheet
    footer.left.text = footer_text(f"制表单位：{setup.unit}")
    footer.center.text = "第 &P 页，共 &N 页"
    footer.right.text = f"制表日期：{made_on:%Y年%m月%d日}"

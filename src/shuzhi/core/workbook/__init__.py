"""One workbook layer for every app's Excel import and export (docs/workbooks.md).

Declare a sheet with ``SheetSchema`` and ``Column``; read it with ``open_workbook`` (which runs
the archive guard first) and ``read_sheet`` (by header name, errors by sheet/row/column); write
it with ``write_sheet`` (text as text, numbers as numbers, print setup). No Django here.
"""

from .archive import DOCUMENT_LIMITS, ArchiveLimits, ArchiveRefused, check_archive, limits_for
from .names import formula_like_error
from .reading import (
    Readable,
    Row,
    SourceWorkbook,
    cell_text,
    find_sheet,
    open_workbook,
    parse_date,
    read_one_sheet,
    read_sheet,
    require_sheets,
)
from .schema import CellType, Column, RowError, SheetSchema, WorkbookInvalid, choice_map
from .streaming import StreamedSheet, StreamedWorkbook
from .values import FORMULA_PREFIXES, excel_number
from .writing import (
    AnyWorkbook,
    PrintSetup,
    append_row,
    apply_print_setup,
    cell,
    new_workbook,
    row_cells,
    sheet_title,
    workbook_bytes,
    write_sheet,
)

__all__ = [
    "DOCUMENT_LIMITS",
    "FORMULA_PREFIXES",
    "AnyWorkbook",
    "ArchiveLimits",
    "ArchiveRefused",
    "CellType",
    "Column",
    "PrintSetup",
    "Readable",
    "Row",
    "RowError",
    "SheetSchema",
    "SourceWorkbook",
    "StreamedSheet",
    "StreamedWorkbook",
    "WorkbookInvalid",
    "append_row",
    "apply_print_setup",
    "cell",
    "cell_text",
    "check_archive",
    "choice_map",
    "excel_number",
    "find_sheet",
    "formula_like_error",
    "limits_for",
    "new_workbook",
    "open_workbook",
    "parse_date",
    "read_one_sheet",
    "read_sheet",
    "require_sheets",
    "row_cells",
    "sheet_title",
    "workbook_bytes",
    "write_sheet",
]

"""Reading sheets by header name, with every problem located by sheet, row and column."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from io import BytesIO
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook, load_workbook
from python_calamine import CalamineWorkbook

from .archive import ArchiveRefused, check_archive
from .schema import CellType, Column, RowError, SheetSchema, WorkbookInvalid

UNREADABLE = "无法读取该文件，请上传 .xlsx 格式的 Excel 工作簿。"


class SourceWorkbook:
    """A workbook opened for reading, by sheet title.

    Values come from calamine (Rust; about twelve times openpyxl's read-only mode, which
    spends 25-50 µs per cell in pure-Python XML handling: a province round workbook has
    millions of cells). The few sheets whose number formats matter (a percent cell read as
    the percent it shows, ``SheetSchema.read_formats``) are read through openpyxl, opened
    only when one is asked for.
    """

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._values = CalamineWorkbook.from_filelike(BytesIO(data))
        self.sheetnames: list[str] = list(self._values.sheet_names)
        self._formats: Workbook | None = None

    def values(self, title: str) -> Iterator[list[Any]]:
        """The sheet's rows from row 1 (none skipped), each cell as openpyxl gives it: an empty
        one as None, a whole number as an int (calamine reads every number as a float)."""
        for cells in self._values.get_sheet_by_name(title).to_python(skip_empty_area=False):
            yield [_as_openpyxl(value) for value in cells]

    def cells(self, title: str) -> Iterator[tuple[Any, ...]]:
        """The sheet's rows of openpyxl cells (value and number format)."""
        if self._formats is None:
            self._formats = load_workbook(BytesIO(self._data), read_only=True, data_only=True)
        return self._formats[title].iter_rows()

    def close(self) -> None:
        self._values.close()
        if self._formats is not None:
            self._formats.close()


def _as_openpyxl(value: Any) -> Any:
    if value == "":
        return None
    if type(value) is float and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


#: What the readers take: an uploaded workbook, or one built in memory.
Readable = SourceWorkbook | Workbook


def open_workbook(source: Path | IO[bytes]) -> SourceWorkbook:
    """The workbook in ``source`` (cached values, never formulas), after the archive guard.

    Raises ``WorkbookInvalid`` (one file-level error) for a refused or unreadable file.
    """
    if isinstance(source, Path):
        data = source.read_bytes()
    else:
        if source.seekable():
            source.seek(0)  # an upload another reader has looked at
        data = source.read()
    try:
        check_archive(BytesIO(data))
    except ArchiveRefused as refused:
        raise WorkbookInvalid([RowError("", 0, "", str(refused))]) from refused
    try:
        return SourceWorkbook(data)
    except Exception as error:  # calamine raises several types for a file that is not a workbook
        raise WorkbookInvalid([RowError("", 0, "", UNREADABLE)]) from error


def cell_text(value: Any) -> str:
    """A cell as trimmed text; a whole float (Excel's only number type) without ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _fold(text: str) -> str:
    """A label as compared: ASCII brackets as full-width ones, without spaces."""
    return "".join(text.split()).replace("(", "（").replace(")", "）")


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass
class Row:
    """One record: its sheet, 1-based row number and raw cells by column name.

    Accessors parse a cell and record at most one error per cell in the shared ``errors``.
    """

    schema: SheetSchema
    number: int
    cells: dict[str, Any]
    errors: list[RowError]
    _failed: set[str] = field(default_factory=set)

    @property
    def sheet(self) -> str:
        return self.schema.name

    def fail(self, column: str, message: str) -> None:
        header = self._header(column)
        if header in self.schema.headers and self._absent(column):
            return  # the missing column is already reported once, on row 1
        if header not in self._failed:  # one error per cell: the first is the cause
            self._failed.add(header)
            self.errors.append(RowError(self.sheet, self.number, header, message))

    def _absent(self, column: str) -> bool:
        return self.schema.column(column).name not in self.cells

    def _header(self, column: str) -> str:
        try:
            return self.schema.column(column).header
        except KeyError:
            return column

    def raw(self, column: str) -> Any:
        return self.cells.get(self.schema.column(column).name)

    def text(self, column: str) -> str:
        return cell_text(self.raw(column))

    def required_text(self, column: str) -> str:
        value = self.text(column)
        if not value:
            self.fail(column, "不能为空")
        return value

    def decimal(
        self, column: str, *, required: bool = False, places: int | None = None
    ) -> Decimal | None:
        """A number (an Excel number or text, "85%" read as 85); None when empty and allowed."""
        raw = self.raw(column)
        if _is_blank(raw):
            if required:
                self.fail(column, "不能为空")
            return None
        if isinstance(raw, bool | date):
            self.fail(column, f"「{raw}」不是数字")
            return None
        try:
            value = Decimal(str(raw).strip().rstrip("%"))
        except InvalidOperation:
            value = Decimal("NaN")
        if not value.is_finite():
            self.fail(column, f"「{raw}」不是数字")
            return None
        places = self.schema.column(column).places if places is None else places
        exponent = value.normalize().as_tuple().exponent
        if isinstance(exponent, int) and -exponent > places:
            self.fail(column, f"最多保留 {places} 位小数（收到 {raw}）")
            return None
        return value

    def count(self, column: str, *, what: str = "票数") -> int:
        """A non-negative whole number; 0 when empty."""
        value = self.decimal(column)
        if value is None:
            return 0
        if value < 0 or value != value.to_integral_value():
            self.fail(column, f"{what}必须是非负整数（收到 {value}）")
            return 0
        return int(value)

    def choice(
        self, column: str, labels: Mapping[str, str] | None = None, *, required: bool = False
    ) -> str | None:
        """The code for a label (or the code itself); None when empty and allowed."""
        labels = labels if labels is not None else self.schema.column(column).choices or {}
        value = self.text(column)
        if not value:
            if required:
                self.fail(column, "不能为空")
            return None
        if value in labels:
            return labels[value]
        if value in labels.values():
            return value
        # 一票否决(限定等次) with ASCII brackets or spaces is the same label.
        folded = {_fold(label): code for label, code in labels.items()}
        if _fold(value) in folded:
            return folded[_fold(value)]
        self.fail(column, f"「{value}」不是可选值（可选：{'、'.join(labels)}）")
        return None

    def date(self, column: str, *, required: bool = False) -> date | None:
        """An Excel date, or 2024-01-05, 2024/1/5, 2024.1.5, 2024年1月5日."""
        raw = self.raw(column)
        if _is_blank(raw):
            if required:
                self.fail(column, "不能为空")
            return None
        parsed = parse_date(raw)
        if parsed is None:
            self.fail(column, f"「{cell_text(raw)}」不是有效日期（例如 2024-01-05）")
        return parsed

    def value(self, column: str) -> Any:
        """The cell parsed as its column declares (type, choices, required)."""
        declared: Column = self.schema.column(column)
        required = declared.required
        if declared.choices is not None:
            return self.choice(column, required=required)
        if declared.type is CellType.NUMBER:
            return self.decimal(column, required=required)
        if declared.type is CellType.INTEGER:
            if required and _is_blank(self.raw(column)):
                self.fail(column, "不能为空")
                return None
            return self.count(column, what="数值")
        if declared.type is CellType.DATE:
            return self.date(column, required=required)
        return self.required_text(column) if required else self.text(column)


def parse_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value)
    match = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", text) or re.fullmatch(
        r"(\d{4})年(\d{1,2})月(\d{1,2})日", text
    )
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def find_sheet(workbook: Readable, name: str) -> str | None:
    """The title of the sheet named ``name`` once spaces are trimmed (「上级评价 」 is 上级评价)."""
    wanted = name.strip()
    return next((title for title in workbook.sheetnames if title.strip() == wanted), None)


def _percent_as_shown(cell: Any) -> Any:
    """A cell's value, a number in a percent-formatted cell as the percent it shows."""
    value = cell.value
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and "%" in (getattr(cell, "number_format", "") or "")
    ):
        return Decimal(str(value)).scaleb(2).normalize()
    return value


def read_sheet(workbook: Readable, schema: SheetSchema, errors: list[RowError]) -> Iterator[Row]:
    """The non-empty rows of ``schema``'s sheet, cells found by header wherever they stand.

    The sheet is found by its name with spaces trimmed. A missing required column is one error
    on row 1; a missing sheet yields no rows (the caller knows whether the sheet may be left
    out: ``require_sheets``).
    """
    title = find_sheet(workbook, schema.name)
    if title is None:
        return
    rows: Iterator[Sequence[Any]]
    # An openpyxl workbook is one built here (tests, templates read back).
    if schema.read_formats:
        formatted = (
            workbook[title].iter_rows() if isinstance(workbook, Workbook) else workbook.cells(title)
        )
        rows = ([_percent_as_shown(c) for c in row] for row in formatted)
    elif isinstance(workbook, Workbook):
        rows = workbook[title].iter_rows(values_only=True)
    else:
        rows = workbook.values(title)
    header = [cell_text(cell) for cell in next(rows, ())]
    positions: dict[str, int] = {}
    for column in schema.columns:
        if column.header in header:
            positions[column.name] = header.index(column.header)
        elif column.required:
            errors.append(RowError(schema.name, 1, column.header, "缺少此列"))
    for number, cells in enumerate(rows, start=2):
        if all(_is_blank(cell) for cell in cells):
            continue
        values = {name: cells[i] if i < len(cells) else None for name, i in positions.items()}
        yield Row(schema, number, values, errors)


def require_sheets(workbook: Readable, names: Iterable[str], hint: str = "") -> list[RowError]:
    """One error per sheet of ``names`` the workbook lacks: 缺少工作表「现场测评」."""
    return [
        RowError("", 0, "", f"缺少工作表「{name}」{hint}")
        for name in names
        if find_sheet(workbook, name) is None
    ]


def read_one_sheet(
    source: Path | IO[bytes], schema: SheetSchema, errors: list[RowError]
) -> list[Row]:
    """Every non-empty row of a workbook that must hold ``schema``'s sheet: opened (archive
    guard first), the sheet required, read, closed; errors are added to ``errors``."""
    workbook = open_workbook(source)
    errors += require_sheets(workbook, [schema.name])
    rows = list(read_sheet(workbook, schema, errors))
    workbook.close()
    return rows

"""The organisation workbook: one layout for the template, the import and the export.

Four sheets — 组织, 人员, 职务, 代表 — each with a header row and one record per row, keyed by
codes so that importing the same file twice changes nothing. Documented in
docs/workbooks.md. This module only reads and writes cells; it does not touch the database.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any

from django.db import models
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from shuzhi.orgs.choices import Field, Gender, Kind, Level, PostRole, RepresentativeCategory

CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$")


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = True
    choices: type[models.TextChoices] | None = None
    width: int = 16


SHEETS: dict[str, tuple[Column, ...]] = {
    "组织": (
        Column("code", "组织编码"),
        Column("name", "组织名称", width=32),
        Column("parent_code", "上级组织编码", required=False),
        Column("level", "层级", choices=Level),
        Column("kind", "类别", choices=Kind),
        Column("field", "领域", choices=Field),
    ),
    "人员": (
        Column("code", "人员编码"),
        Column("name", "姓名", width=12),
        Column("gender", "性别", required=False, choices=Gender, width=8),
        Column("birth_year", "出生年份", required=False, width=10),
        Column("phone", "手机", required=False),
        Column("unit_code", "所在组织编码"),
    ),
    "职务": (
        Column("organization_code", "组织编码"),
        Column("person_code", "人员编码"),
        Column("role", "职务", choices=PostRole, width=24),
        Column("start_date", "任职日期", width=12),
        Column("end_date", "离任日期", required=False, width=12),
    ),
    "代表": (
        Column("organization_code", "组织编码"),
        Column("person_code", "人员编码"),
        Column("category", "代表类别", choices=RepresentativeCategory, width=14),
    ),
}


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"「{self.sheet}」表第 {self.row} 行"
        if self.column:
            where += f"「{self.column}」"
        return f"{where}：{self.message}"


@dataclass
class SheetRow:
    sheet: str
    row: int
    values: dict[str, Any]


class WorkbookError(Exception):
    """The file is not a workbook of this layout at all (not a row-level problem)."""


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_rows(stream: IO[bytes]) -> tuple[dict[str, list[SheetRow]], list[RowError]]:
    """Read every sheet of the layout; returns rows (as text) and header-level errors."""
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a non-workbook file
        raise WorkbookError("无法读取该文件，请上传 .xlsx 格式的 Excel 工作簿。") from error
    rows: dict[str, list[SheetRow]] = {name: [] for name in SHEETS}
    errors: list[RowError] = []
    try:
        for sheet_name, columns in SHEETS.items():
            if sheet_name not in workbook.sheetnames:
                continue
            sheet = workbook[sheet_name]
            iterator = sheet.iter_rows(values_only=True)
            header = [_cell_text(v) for v in next(iterator, ())]
            positions: dict[str, int] = {}
            for column in columns:
                if column.header in header:
                    positions[column.key] = header.index(column.header)
                elif column.required:
                    errors.append(RowError(sheet_name, 1, column.header, "缺少此列"))
            for number, cells in enumerate(iterator, start=2):
                if cells is None or all(_cell_text(c) == "" for c in cells):
                    continue
                values = {
                    key: (cells[index] if index < len(cells) else None)
                    for key, index in positions.items()
                }
                rows[sheet_name].append(SheetRow(sheet_name, number, values))
        if not any(name in workbook.sheetnames for name in SHEETS):
            raise WorkbookError(
                "工作簿中没有「组织」「人员」「职务」「代表」中的任何一张表，请使用下载的模板。"
            )
    finally:
        workbook.close()
    return rows, errors


def parse_choice(value: Any, choices: Any) -> str | None:
    """Accept the Chinese label or the code; None when neither matches."""
    text = _cell_text(value)
    for code, label in choices.choices:
        if text in (code, label) or text == label.split("（")[0]:
            return str(code)
    return None


def parse_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _cell_text(value).replace("/", "-").replace(".", "-")
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text) or re.fullmatch(
        r"(\d{4})年(\d{1,2})月(\d{1,2})日", _cell_text(value)
    )
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def text(value: Any) -> str:
    return _cell_text(value)


def new_workbook(*, with_validation: bool) -> Workbook:
    """A workbook with the four sheets and styled headers (the template, or an export's shell)."""
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="A61B1B")
    for sheet_name, columns in SHEETS.items():
        sheet = workbook.create_sheet(sheet_name)
        sheet.append([column.header for column in columns])
        for index, column in enumerate(columns, start=1):
            cell = sheet.cell(row=1, column=index)
            cell.font, cell.fill = header_font, header_fill
            sheet.column_dimensions[get_column_letter(index)].width = column.width
            if with_validation and column.choices is not None:
                labels = ",".join(label for _, label in column.choices.choices)
                validation = DataValidation(type="list", formula1=f'"{labels}"', allow_blank=True)
                validation.error = "请从下拉列表中选择"
                sheet.add_data_validation(validation)
                validation.add(f"{get_column_letter(index)}2:{get_column_letter(index)}10000")
        sheet.freeze_panes = "A2"
    return workbook


def template_workbook() -> Workbook:
    workbook = new_workbook(with_validation=True)
    guide = workbook.create_sheet("填写说明", 0)
    guide.column_dimensions["A"].width = 100
    for line in _GUIDE:
        guide.append([line])
    guide["A1"].font = Font(bold=True, size=14)
    return workbook


def iter_labels(choices: Any) -> Iterator[str]:
    return (str(label) for _, label in choices.choices)


_GUIDE = [
    "党组织、人员、职务、代表导入模板",
    "",
    "1. 每张表第一行为表头，请勿修改；从第二行起每行一条记录。",
    "2. 组织编码、人员编码是唯一标识：再次导入同一文件不会产生重复数据，编码相同的记录会被更新。",
    "3. 「上级组织编码」可以是本文件中的组织，也可以是系统中已有的组织；顶级组织留空（仅系统管理员可导入）。",
    "4. 层级、类别、领域、职务、代表类别请从下拉列表选择。",
    "5. 日期格式：2024-01-05 或 Excel 日期。离任日期留空表示现任；同一组织同一职务只能有一名现任。",
    "6. 导入时先检查全部数据：只要有一行有误，就不会写入任何数据，并逐行列出错误（表名、行号、原因）。",
    "",
    "示例（组织表）：QL-01 | 青岚市清河县委 | QL | 县级 | 党委 | 地方党委",
    "示例（职务表）：QL-01 | P000123 | 书记（第一责任人） | 2023-03-01 |",
    f"层级可选：{'、'.join(iter_labels(Level))}",
    f"类别可选：{'、'.join(iter_labels(Kind))}",
    f"领域可选：{'、'.join(iter_labels(Field))}",
    f"代表类别可选：{'、'.join(iter_labels(RepresentativeCategory))}",
]

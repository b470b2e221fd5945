"""The organisation workbook: one layout for the template, the import and the export.

Four sheets — 组织, 人员, 职务, 代表 — each with a header row and one record per row, keyed by
codes so that importing the same file twice changes nothing. Documented in
docs/workbooks.md. This module only reads and writes cells; it does not touch the database.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.styles import Font

from shuzhi.core.workbook import (
    CellType,
    Column,
    RowError,
    SheetSchema,
    WorkbookInvalid,
    cell,
    cell_text,
    choice_map,
    new_workbook,
    open_workbook,
    read_sheet,
    write_sheet,
)
from shuzhi.orgs.choices import Field, Gender, Kind, Level, PostRole, RepresentativeCategory

__all__ = ["SHEETS", "RowError", "SheetRow", "WorkbookError", "read_rows", "template_workbook"]

CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$")
DATE = CellType.DATE


def _sheet(name: str, *columns: Column) -> SheetSchema:
    return SheetSchema(name, columns)


SHEETS: dict[str, SheetSchema] = {
    schema.name: schema
    for schema in (
        _sheet(
            "组织",
            Column("组织编码", key="code"),
            Column("组织名称", key="name", width=32),
            Column("上级组织编码", key="parent_code", required=False),
            Column("层级", key="level", choices=choice_map(Level.choices)),
            Column("类别", key="kind", choices=choice_map(Kind.choices)),
            Column("领域", key="field", choices=choice_map(Field.choices)),
        ),
        _sheet(
            "人员",
            Column("人员编码", key="code"),
            Column("姓名", key="name", width=12),
            Column(
                "性别", key="gender", required=False, choices=choice_map(Gender.choices), width=8
            ),
            Column("出生年份", CellType.INTEGER, key="birth_year", required=False, width=10),
            Column("手机", key="phone", required=False),
            Column("所在组织编码", key="unit_code"),
        ),
        _sheet(
            "职务",
            Column("组织编码", key="organization_code"),
            Column("人员编码", key="person_code"),
            Column("职务", key="role", choices=choice_map(PostRole.choices), width=24),
            Column("任职日期", DATE, key="start_date", width=12),
            Column("离任日期", DATE, key="end_date", required=False, width=12),
        ),
        _sheet(
            "代表",
            Column("组织编码", key="organization_code"),
            Column("人员编码", key="person_code"),
            Column(
                "代表类别",
                key="category",
                choices=choice_map(RepresentativeCategory.choices),
                width=14,
            ),
        ),
    )
}


@dataclass
class SheetRow:
    sheet: str
    row: int
    values: dict[str, Any]


class WorkbookError(Exception):
    """The file is not a workbook of this layout at all (not a row-level problem)."""


def read_rows(stream: IO[bytes]) -> tuple[dict[str, list[SheetRow]], list[RowError]]:
    """Read every sheet of the layout by header; returns raw rows and header-level errors."""
    try:
        workbook = open_workbook(stream)
    except WorkbookInvalid as error:
        raise WorkbookError(error.errors[0].message) from error
    rows: dict[str, list[SheetRow]] = {name: [] for name in SHEETS}
    errors: list[RowError] = []
    try:
        if not any(name in workbook.sheetnames for name in SHEETS):
            raise WorkbookError(
                "工作簿中没有「组织」「人员」「职务」「代表」中的任何一张表，请使用下载的模板。"
            )
        for name, schema in SHEETS.items():
            for row in read_sheet(workbook, schema, errors):
                rows[name].append(SheetRow(name, row.number, row.cells))
    finally:
        workbook.close()
    return rows, errors


def parse_choice(value: Any, choices: Any) -> str | None:
    """Accept the Chinese label or the code; None when neither matches."""
    text = cell_text(value)
    for code, label in choices.choices:
        if text in (code, label) or text == label.split("（")[0]:
            return str(code)
    return None


def text(value: Any) -> str:
    return cell_text(value)


def template_workbook() -> Workbook:
    """The import template: a guide, then the four sheets with drop-down lists."""
    workbook = new_workbook()
    guide = workbook.create_sheet("填写说明")
    guide.column_dimensions["A"].width = 100
    for line in _GUIDE:
        guide.append([cell(guide, line)])
    guide["A1"].font = Font(bold=True, size=14)
    for schema in SHEETS.values():
        write_sheet(workbook, schema, [], choice_lists=True)
    return workbook


def iter_labels(choices: Any) -> Iterator[str]:
    return (str(label) for _, label in choices.choices)


_GUIDE = [
    "党组织、人员、职务、代表导入模板",
    "",
    "1. 每张表第一行为表头，请勿修改表头文字（列的先后顺序可以调整）；从第二行起每行一条记录。",
    "2. 组织编码、人员编码是唯一标识：再次导入同一文件不会产生重复数据，编码相同的记录会被更新。",
    "3. 「上级组织编码」可以是本文件中的组织，也可以是系统中已有的组织；顶级组织留空（仅系统管理员可导入）。",
    "4. 层级、类别、领域、职务、代表类别请从下拉列表选择。",
    "5. 日期格式：2024-01-05 或 Excel 日期。离任日期留空表示现任；同一组织同一职务只能有一名现任。",
    "6. 组织名称、姓名不能以 = + - @ 开头（Excel 会把它们当作公式）。",
    "7. 导入时先检查全部数据：只要有一行有误，就不会写入任何数据，并逐行列出错误（表名、行号、原因）。",
    "",
    "示例（组织表）：QL-01 | 青岚市清河县委 | QL | 县级 | 党委 | 地方党委",
    "示例（职务表）：QL-01 | P000123 | 书记（第一责任人） | 2023-03-01 |",
    f"层级可选：{'、'.join(iter_labels(Level))}",
    f"类别可选：{'、'.join(iter_labels(Kind))}",
    f"领域可选：{'、'.join(iter_labels(Field))}",
    f"代表类别可选：{'、'.join(iter_labels(RepresentativeCategory))}",
]

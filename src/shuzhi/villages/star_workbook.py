"""The township's star-rating sheet and points entries (through ``core.workbook``): templates
and reading. Reading checks every row and lists every error by sheet, row and column; the
services (``ratings.import_star_ratings`` / ``import_points``) write nothing unless all pass."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import IO

from shuzhi.core.workbook import (
    CellType,
    Column,
    RowError,
    SheetSchema,
    WorkbookInvalid,
    new_workbook,
    read_one_sheet,
    workbook_bytes,
    write_sheet,
)
from shuzhi.villages.rules import SIX_STANDARDS

STARS = SheetSchema(
    "星级评定",
    (
        Column("组织编码", key="code"),
        Column("组织名称", key="name", required=False, width=24),
        *(
            Column(s.label, CellType.NUMBER, key=s.key, places=2, number_format="0.00", width=12)
            for s in SIX_STANDARDS
        ),
        Column("评定依据", key="evidence", width=40),
    ),
)
POINTS = SheetSchema(
    "积分录入",
    (
        Column("组织编码", key="code"),
        Column("组织名称", key="name", required=False, width=24),
        Column("规则编码", key="rule"),
        Column("发生日期", CellType.DATE, key="occurred_on"),
        Column("说明", key="note", required=False, width=30),
    ),
)


@dataclass(frozen=True)
class RatingRow:
    number: int
    code: str
    points: dict[str, Decimal]
    evidence: str


@dataclass(frozen=True)
class PointsRow:
    number: int
    code: str
    rule: str
    occurred_on: date
    note: str


def finish_sheet(errors: list[RowError], rows: Sequence[object], schema: SheetSchema) -> None:
    """Refuse the sheet with every error, or when it has no data row."""
    if errors:
        raise WorkbookInvalid(errors)
    if not rows:
        raise WorkbookInvalid([RowError(schema.name, 0, "", "没有任何数据行")])


def read_star_ratings(stream: IO[bytes], known: Mapping[str, bool]) -> list[RatingRow]:
    """The rating rows; ``known`` maps each branch code the importer may rate to whether its
    county rates its field with the six standards (others are rated on the page)."""
    errors: list[RowError] = []
    rows: list[RatingRow] = []
    seen: set[str] = set()
    for row in read_one_sheet(stream, STARS, errors):
        code = row.value("code")
        points = {s.key: row.value(s.key) for s in SIX_STANDARDS}
        evidence = row.value("evidence")
        if code and code not in known:
            row.fail("code", f"找不到编码为「{code}」的支部，或它不在您的评定范围内")
            continue
        if code in seen:
            row.fail("code", f"「{code}」重复出现")
            continue
        if code and not known[code]:
            row.fail("code", "该支部所在县对其领域使用自定义评定标准，请在支部页面上评定")
            continue
        for standard in SIX_STANDARDS:
            value = points[standard.key]
            if value is not None and not Decimal(0) <= value <= standard.max_points:
                row.fail(standard.key, f"应在 0 到 {standard.max_points} 分之间（收到 {value}）")
        if code and evidence and all(v is not None for v in points.values()):
            seen.add(code)
            rows.append(
                RatingRow(
                    row.number, code, {k: v for k, v in points.items() if v is not None}, evidence
                )
            )
    finish_sheet(errors, rows, STARS)
    return rows


def read_points(stream: IO[bytes], known: Mapping[str, set[str]]) -> list[PointsRow]:
    """The points rows; ``known`` maps each branch code the importer may enter points for to
    the rule codes of its county's points table."""
    errors: list[RowError] = []
    rows: list[PointsRow] = []
    for row in read_one_sheet(stream, POINTS, errors):
        code, rule = row.value("code"), row.value("rule")
        occurred_on, note = row.value("occurred_on"), row.value("note")
        if code and code not in known:
            row.fail("code", f"找不到编码为「{code}」的支部，或它不在您的录入范围内")
            continue
        if code and rule and rule not in known[code]:
            row.fail("rule", f"积分规则中没有「{rule}」（可选：{'、'.join(sorted(known[code]))}）")
            continue
        if code and rule and occurred_on:
            rows.append(PointsRow(row.number, code, rule, occurred_on, note))
    finish_sheet(errors, rows, POINTS)
    return rows


def star_template(branches: Sequence[tuple[str, str]]) -> bytes:
    """The rating sheet pre-filled with the branches' codes and names."""
    workbook = new_workbook()
    blanks = [None] * len(SIX_STANDARDS)
    write_sheet(workbook, STARS, [(code, name, *blanks, None) for code, name in branches])
    return workbook_bytes(workbook)


def points_template(branches: Sequence[tuple[str, str]]) -> bytes:
    workbook = new_workbook()
    write_sheet(workbook, POINTS, [(code, name, None, None, None) for code, name in branches])
    return workbook_bytes(workbook)

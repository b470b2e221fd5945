"""Year-over-year figures as Excel (through ``core.workbook``): the same rows as the pages' tables."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from shuzhi.analytics import years
from shuzhi.analytics.yearly import SubtreeYears
from shuzhi.core.vocabulary.grades import Grade
from shuzhi.core.workbook import (
    CellType,
    Column,
    SheetSchema,
    new_workbook,
    workbook_bytes,
    write_sheet,
)

PERCENT = "0.0%"

YEARS = SheetSchema(
    "逐年概况",
    (
        Column("年度", CellType.INTEGER, width=8),
        Column("述职人数", CellType.INTEGER, width=10),
        Column("平均综合得分", CellType.NUMBER, number_format="0.00", width=12),
        Column("“好”票占比", CellType.NUMBER, number_format=PERCENT, width=12),
        Column("“较好”票占比", CellType.NUMBER, number_format=PERCENT, width=12),
        *(Column(grade.label, CellType.INTEGER, width=8) for grade in Grade),
        Column("问题数", CellType.INTEGER, width=8),
        Column("重复出现", CellType.INTEGER, width=10),
    ),
)
MOVES = (
    Column("单位", width=24),
    Column("上年得分", CellType.NUMBER, number_format="0.00", width=10),
    Column("本年得分", CellType.NUMBER, number_format="0.00", width=10),
    Column("变化", CellType.NUMBER, number_format="+0.00;-0.00", width=10),
)
IMPROVED = SheetSchema("进步最大", MOVES)
FELL = SheetSchema("退步最大", MOVES)
RECURRING = SheetSchema(
    "反复出现的问题",
    (Column("主题", width=30), Column("上年主题", width=30), Column("单位数", CellType.INTEGER)),
)
SERIES = SheetSchema(
    "逐年记录",
    (
        Column("年度", CellType.INTEGER, width=8),
        Column("述职单位", width=24),
        Column("综合得分", CellType.NUMBER, number_format="0.00", width=10),
        Column("排名", CellType.INTEGER, width=8),
        Column("组内人数", CellType.INTEGER, width=8),
        Column("等次", width=8),
        Column("类别", CellType.INTEGER, width=8),
        Column("“好”票占比", CellType.NUMBER, number_format=PERCENT, width=12),
        Column("“较好”票占比", CellType.NUMBER, number_format=PERCENT, width=12),
        Column("问题数", CellType.INTEGER, width=8),
        Column("重复出现", CellType.INTEGER, width=10),
    ),
)


def _number(value: float | None, places: int = 4) -> Decimal | None:
    return None if value is None else round(Decimal(str(value)), places)


def grade_label(value: str) -> str:
    return Grade(value).label if value else ""


def figures_row(f: years.RoundFigures) -> list[object]:
    return [
        f.year,
        f.reporters,
        _number(f.mean_composite, 2),
        _number(f.good_share),
        _number(f.fair_share),
        *(f.grades.get(grade.value, 0) for grade in Grade),
        f.problems,
        f.recurred,
    ]


def series_row(row: years.SeriesRow, unit: str) -> list[object]:
    return [
        row.year,
        unit,
        _number(row.composite, 2),
        row.rank,
        row.group_size,
        grade_label(row.grade),
        row.class_number,
        _number(row.good_share),
        _number(row.fair_share),
        row.problems,
        row.recurred,
    ]


def subtree_workbook(data: SubtreeYears) -> bytes:
    workbook = new_workbook()
    name = data.organization.name
    write_sheet(workbook, YEARS, [figures_row(f) for f in data.figures], heading=f"{name}逐年对比")
    for schema, moves in ((IMPROVED, data.movers.improved), (FELL, data.movers.fell)):
        write_sheet(
            workbook,
            schema,
            [
                [
                    data.names.get(m.organization_id, ""),
                    _number(m.before, 2),
                    _number(m.after, 2),
                    _number(m.change, 2),
                ]
                for m in moves
            ],
        )
    write_sheet(
        workbook,
        RECURRING,
        [[r.theme.name, r.previous.name, r.units] for r in data.recurring],
    )
    return workbook_bytes(workbook)


def series_workbook(title: str, rows: Sequence[tuple[years.SeriesRow, str]]) -> bytes:
    workbook = new_workbook()
    write_sheet(workbook, SERIES, [series_row(row, unit) for row, unit in rows], heading=title)
    return workbook_bytes(workbook)

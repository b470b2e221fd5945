"""The 指标 sheet: one layout for the site's indicator export/import and ``shuzhi score``.

Pure (no Django models), so the stateless scorer reads it too; scoring turns the rows into
the engine's indicators (scoring depends on rounds, never the other way). The labels are the
ones the sheets have always used; tests/rounds/test_indicator_sheet.py keeps them equal to
the engine's.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from shuzhi.core.vocabulary.grades import Grade
from shuzhi.core.vocabulary.indicators import IndicatorKind, Listing, VetoEffect
from shuzhi.core.workbook import (
    AnyWorkbook,
    CellType,
    Column,
    Readable,
    RowError,
    SheetSchema,
    WorkbookInvalid,
    find_sheet,
    read_sheet,
    write_sheet,
)
from shuzhi.rounds.indicator_rules import IndicatorRow

# The labels people see and type, from the one vocabulary (docs/glossary.md).
KIND_LABELS = {kind.value: kind.label for kind in IndicatorKind}
VETO_LABELS = {effect.value: effect.label for effect in VetoEffect}
GRADE_LABELS = {grade.value: grade.label for grade in Grade}
LISTING_LABELS = {listing.value: listing.label for listing in Listing if listing.value}


def _by_label(labels: dict[str, str]) -> dict[str, str]:
    return {label: code for code, label in labels.items()}


NUMBER = CellType.NUMBER
INDICATOR_SHEET = "指标"
INDICATORS = SheetSchema(
    INDICATOR_SHEET,
    (
        Column("指标编码"),
        Column("上级指标编码", required=False),
        Column("指标名称", width=28),
        Column("类型", required=False, width=10, choices=_by_label(KIND_LABELS)),
        Column("满分", NUMBER, required=False, width=8),
        Column("权重", NUMBER, required=False, width=8),
        Column("上限", NUMBER, required=False, width=8),
        Column("下限", NUMBER, required=False, width=8),
        Column("否决效果", required=False, width=20, choices=_by_label(VETO_LABELS)),
        Column("限定等次", required=False, width=10, choices=_by_label(GRADE_LABELS)),
        Column("清单", required=False, width=10, choices=_by_label(LISTING_LABELS)),
    ),
)


def write_indicator_rows(
    workbook: AnyWorkbook, rows: Sequence[IndicatorRow], *, with_listing: bool = True
) -> None:
    """Add the 指标 sheet, one indicator per row in the given order."""
    columns = INDICATORS.columns if with_listing else INDICATORS.columns[:-1]
    values = [
        [
            row.code,
            row.parent_code,
            row.name,
            KIND_LABELS[row.kind],
            row.max_points,
            row.weight,
            row.cap,
            row.floor,
            VETO_LABELS.get(row.veto_effect, ""),
            GRADE_LABELS.get(row.veto_cap_grade, ""),
            LISTING_LABELS.get(row.listing, ""),
        ][: len(columns)]
        for row in rows
    ]
    write_sheet(workbook, SheetSchema(INDICATOR_SHEET, columns), values)


def read_indicator_rows(
    workbook: Readable, errors: list[RowError]
) -> tuple[list[IndicatorRow], set[str]]:
    """The good rows of the 指标 sheet, and every code it names (good or bad, so a bad row is
    reported once, not again on each score row using it); bad rows go to ``errors``."""
    if find_sheet(workbook, INDICATOR_SHEET) is None:
        errors.append(RowError("", 0, "", f"缺少工作表「{INDICATOR_SHEET}」"))
        return [], set()
    found: list[IndicatorRow] = []
    seen: dict[str, int] = {}
    rows = list(read_sheet(workbook, INDICATORS, errors))
    codes = {row.text("指标编码") for row in rows}
    for row in rows:
        before = len(errors)
        code = row.required_text("指标编码")
        name = row.required_text("指标名称")
        parent = row.text("上级指标编码")
        if code in seen:
            row.fail("指标编码", f"与第 {seen[code]} 行重复")
        seen.setdefault(code, row.number)
        if parent and parent not in codes:
            row.fail("上级指标编码", f"指标「{parent}」不在本表中")
        kind = row.value("类型") or "normal"
        veto = row.value("否决效果") or ""
        veto_grade = row.value("限定等次") or ""
        listing = row.value("清单") or ""
        weight = row.value("权重")
        numbers = {key: row.value(key) for key in ("满分", "上限", "下限")}
        if veto and kind != "constraint":
            row.fail("否决效果", "只有约束项可以设置否决效果")
        if veto == "cap_grade" and not veto_grade:
            row.fail("限定等次", "否决效果为限定等次时必须填写")
        if len(errors) > before:
            continue
        found.append(
            IndicatorRow(
                code=code,
                name=name,
                kind=kind,
                parent_code=parent,
                max_points=numbers["满分"],
                weight=Decimal(1) if weight is None else weight,
                cap=numbers["上限"],
                floor=numbers["下限"],
                veto_effect=veto,
                veto_cap_grade=veto_grade,
                listing=listing,
                row=row.number,
            )
        )
    return found, codes


def read_indicators_or_raise(workbook: Readable) -> list[IndicatorRow]:
    errors: list[RowError] = []
    rows, _ = read_indicator_rows(workbook, errors)
    if errors:
        raise WorkbookInvalid(errors)
    return rows

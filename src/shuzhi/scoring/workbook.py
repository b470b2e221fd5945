"""The round workbook read by ``shuzhi score``, and the indicator sheet shared with the app.

Sheets (layout in docs/scoring.md): 设置, 被考核人, 指标, 指标得分, 现场测评, 上级评价, 年度记录,
and optionally 分级考核. Every bad row is reported with its sheet and row number, in Chinese,
and nothing is scored unless the whole workbook reads cleanly.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO

from shuzhi.core.workbook import (
    AnyWorkbook,
    CellType,
    Column,
    Readable,
    Row,
    RowError,
    SheetSchema,
    WorkbookInvalid,
    find_sheet,
    open_workbook,
    read_sheet,
    require_sheets,
)
from shuzhi.rounds.indicator_rules import IndicatorRow, check_indicator_system
from shuzhi.rounds.indicator_sheet import (
    INDICATORS,
    read_indicator_rows,
    read_indicators_or_raise,
    write_indicator_rows,
)

from .engine import (
    EvaluationGrade,
    Grade,
    Indicator,
    IndicatorKind,
    ReporterInput,
    RoundRules,
    VetoEffect,
)
from .engine.types import MAGNITUDE, source_label
from .settings_sheet import LEVEL_PREFIX, SETTINGS_SHEET, VOTER_CATEGORIES, read_settings

__all__ = [
    "RoundWorkbook",
    "RoundWorkbookError",
    "RowError",
    "read_indicator_sheet",
    "read_round_workbook",
    "read_workbook",
    "write_indicator_sheet",
]

#: The CLI's and the server's name for an unreadable round workbook (the layer's error).
RoundWorkbookError = WorkbookInvalid
NUMBER = CellType.NUMBER

GRADE_LABELS = {grade: grade.label for grade in EvaluationGrade}
INDICATOR_SHEET = INDICATORS.name

REPORTERS = SheetSchema(
    "被考核人",
    (
        Column("述职人编号"),
        Column("姓名", required=False),
        Column("排名分组"),
        Column("触发约束项", required=False, width=20),
    ),
)
SCORES = SheetSchema(
    "指标得分",
    (
        Column("述职人编号"),
        Column("指标编码"),
        Column("考核人", required=False),
        Column("得分", NUMBER),
    ),
)
ONSITE = SheetSchema(
    "现场测评",
    (
        Column("述职人编号"),
        Column("测评人员类别", width=16, choices=VOTER_CATEGORIES),
        *(
            Column(label, CellType.INTEGER, required=False, width=8)
            for label in GRADE_LABELS.values()
        ),
    ),
)
SUPERIOR = SheetSchema("上级评价", (Column("述职人编号"), Column("得分", NUMBER)))
RECORDS = SheetSchema("年度记录", (Column("述职人编号"), Column("得分", NUMBER)))
LEVELS = SheetSchema("分级考核", (Column("述职人编号"), Column("考核名称"), Column("得分", NUMBER)))
SHEETS = ("设置", "被考核人", "指标", "指标得分", "现场测评", "上级评价", "年度记录", "分级考核")
REQUIRED_SHEETS = ["被考核人", "指标"]
#: The sheet of each score source: required while the source carries weight.
SOURCE_SHEETS = {
    "indicators": SCORES.name,
    "onsite": ONSITE.name,
    "superior": SUPERIOR.name,
    "records": RECORDS.name,
}
HINT = "（表名须与模板一致，可用 shuzhi score --template 生成）"
#: The most a superior's evaluation, an annual-records or a level score may be (0–100 scale).
SOURCE_SCALE = Decimal(100)


@dataclass
class RoundWorkbook:
    """What a round workbook holds: the engine's inputs plus the reporters' names, and the
    warnings to show with the results (a sheet left out whose defaults apply, …)."""

    rules: RoundRules
    indicators: list[Indicator]
    reporters: list[ReporterInput]
    names: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def read_round_workbook(
    path: Path | IO[bytes],
) -> tuple[RoundRules, list[Indicator], list[ReporterInput]]:
    """Read a round workbook; raise RoundWorkbookError listing every bad row (sheet + row)."""
    content = read_workbook(path)
    return content.rules, content.indicators, content.reporters


def read_workbook(path: Path | IO[bytes]) -> RoundWorkbook:
    """Read a round workbook with the reporters' names (the CLI prints them).

    Sheets are found by name with spaces trimmed. 被考核人 and 指标 must be there, and so must
    the sheet of every source that carries weight; 设置 may be left out (every default
    applies, with a warning). A sheet the layout does not know is named in a warning.
    """
    workbook = open_workbook(path)
    warnings: list[str] = []
    try:
        base = require_sheets(workbook, REQUIRED_SHEETS, HINT)
        errors = list(base)
        if find_sheet(workbook, SETTINGS_SHEET) is None:
            warnings.append(
                "未找到「设置」表：全部设置取默认值（指标 60%、现场测评 30%、上级评价 10%）"
            )
        rules = read_settings(workbook, errors)
        weights = dict(rules.weights.items())
        needed = [sheet for source, sheet in SOURCE_SHEETS.items() if weights[source] > 0]
        if any(level.weight > 0 for level in rules.weights.levels):
            needed.append(LEVELS.name)
        missing = require_sheets(workbook, needed, HINT)
        errors += missing
        known = {name.strip() for name in SHEETS}
        strangers = [t for t in workbook.sheetnames if t.strip() not in known]
        if strangers:
            names = "、".join(f"「{t}」" for t in strangers)
            warnings.append(f"工作表{names}不是考核工作簿的表，未读取（表名：{'、'.join(SHEETS)}）")
        if base or missing:
            raise RoundWorkbookError(errors)  # every other sheet's rows would only be noise
        indicators, codes = _read_indicators(workbook, errors)
        content = _read_reporters(workbook, rules, indicators, codes, errors)
    finally:
        workbook.close()
    if errors:
        raise RoundWorkbookError(errors)
    content.warnings = warnings + content.warnings
    return content


def to_engine(row: IndicatorRow) -> Indicator:
    """An indicator system's row as the engine's indicator."""
    return Indicator(
        code=row.code,
        name=row.name,
        kind=IndicatorKind(row.kind),
        parent=row.parent_code or None,
        max_points=row.max_points,
        weight=row.weight,
        cap=row.cap,
        floor=row.floor,
        veto=VetoEffect(row.veto_effect) if row.veto_effect else None,
        veto_grade=Grade(row.veto_cap_grade) if row.veto_cap_grade else None,
    )


def to_row(indicator: Indicator) -> IndicatorRow:
    return IndicatorRow(
        code=indicator.code,
        name=indicator.name,
        kind=indicator.kind.value,
        parent_code=indicator.parent or "",
        max_points=indicator.max_points,
        weight=indicator.weight,
        cap=indicator.cap,
        floor=indicator.floor,
        veto_effect=indicator.veto.value if indicator.veto else "",
        veto_cap_grade=indicator.veto_grade.value if indicator.veto_grade else "",
    )


def write_indicator_sheet(workbook: AnyWorkbook, indicators: Sequence[Indicator]) -> None:
    """Add the 指标 sheet (one indicator per row, in the given order) to ``workbook``."""
    write_indicator_rows(workbook, [to_row(i) for i in indicators], with_listing=False)


def read_indicator_sheet(workbook: Readable) -> list[Indicator]:
    """Read the 指标 sheet; raise RoundWorkbookError listing every bad row."""
    return [to_engine(row) for row in read_indicators_or_raise(workbook)]


def _read_indicators(
    workbook: Readable, errors: list[RowError]
) -> tuple[list[Indicator], set[str]]:
    """The good indicators, and every code the sheet names."""
    before = len(errors)
    rows, codes = read_indicator_rows(workbook, errors)
    if len(errors) == before:
        # The server's rules for an indicator system, so the scorer takes what the site takes.
        errors += [
            RowError(INDICATOR_SHEET, p.row, "", p.message.rstrip("。"))
            for p in check_indicator_system(rows)
        ]
    return [to_engine(row) for row in rows], codes


def _read_reporters(
    workbook: Readable,
    rules: RoundRules,
    indicators: list[Indicator],
    codes: set[str],
    errors: list[RowError],
) -> RoundWorkbook:
    maxima = {i.code: i.max_points for i in indicators}
    parents = {i.parent for i in indicators if i.parent}
    constraints = {i.code for i in indicators if i.kind is IndicatorKind.CONSTRAINT}
    levels = {level.name for level in rules.weights.levels}
    names: dict[str, str] = {}
    groups: dict[str, str] = {}
    hits: dict[str, frozenset[str]] = {}
    first_row: dict[str, int] = {}
    for row in read_sheet(workbook, REPORTERS, errors):
        reporter = row.required_text("述职人编号")
        group = row.required_text("排名分组")
        if reporter in first_row:
            row.fail("述职人编号", f"与第 {first_row[reporter]} 行重复")
            continue
        first_row[reporter] = row.number
        cell = row.text("触发约束项").replace("，", ",").replace("、", ",")
        hit_codes = frozenset(code.strip() for code in cell.split(",") if code.strip())
        for code in sorted(hit_codes - constraints):
            row.fail("触发约束项", f"「{code}」不是指标表中的约束项")
        names[reporter] = row.text("姓名")
        groups[reporter] = group
        hits[reporter] = hit_codes & constraints

    def known(row: Row) -> str:
        """The row's reporter, or "" (with an error) when not listed in 被考核人."""
        reporter = row.required_text("述职人编号")
        if reporter and reporter not in groups:
            row.fail("述职人编号", f"述职人「{reporter}」不在「被考核人」表中")
            return ""
        return reporter

    counted: dict[str, int] = defaultdict(int)
    scores: dict[str, dict[str, list[Decimal]]] = defaultdict(lambda: defaultdict(list))
    for row in read_sheet(workbook, SCORES, errors):
        counted[SCORES.name] += 1
        reporter, code = known(row), row.required_text("指标编码")
        value = row.decimal("得分", required=True)
        if code and code not in codes:
            row.fail("指标编码", f"指标「{code}」不在「指标」表中")
        elif code not in maxima:
            continue  # the indicator's own row is already reported
        elif code in parents:
            row.fail("指标编码", f"「{code}」有下级指标，只能给末级指标打分")
        elif value is not None and value < 0:
            row.fail("得分", "不能为负数")
        elif value is not None and value > MAGNITUDE:
            row.fail("得分", f"超出可计算范围：不能超过 {MAGNITUDE:,}")
        elif value is not None and (top := maxima.get(code)) is not None and value > top:
            row.fail("得分", f"超过满分 {top}")
        elif reporter and value is not None:
            scores[reporter][code].append(value)
    onsite: dict[str, dict[str, dict[EvaluationGrade, int]]] = defaultdict(dict)
    for row in read_sheet(workbook, ONSITE, errors):
        counted[ONSITE.name] += 1
        reporter = known(row)
        category = row.choice("测评人员类别", VOTER_CATEGORIES, required=True)
        counts = {grade: row.count(label) for grade, label in GRADE_LABELS.items()}
        if reporter and category:
            if category in onsite[reporter]:
                row.fail("测评人员类别", "同一述职人的同一类别重复")
            onsite[reporter][category] = counts
    # 上级评价, 年度记录 and 分级考核 hold one score per reporter (and level).
    entered: dict[str, dict[tuple[str, str], Decimal]] = defaultdict(dict)
    for schema in (SUPERIOR, RECORDS, LEVELS):
        sheet = schema.name
        for row in read_sheet(workbook, schema, errors):
            counted[sheet] += 1
            reporter, value = known(row), row.decimal("得分", required=True)
            level = row.required_text("考核名称") if schema is LEVELS else ""
            if schema is LEVELS and level and level not in levels:
                row.fail("考核名称", f"「设置」表中没有「{LEVEL_PREFIX}{level}」")
            elif value is not None and value < 0:
                row.fail("得分", "不能为负数")
            elif value is not None and value > SOURCE_SCALE:
                row.fail("得分", f"超过满分 {SOURCE_SCALE}（按百分制）")
            elif reporter and value is not None:
                if (sheet, level) in entered[reporter]:
                    row.fail("述职人编号", "同一述职人重复")
                entered[reporter][sheet, level] = value
    reporters = [
        ReporterInput(
            reporter_id=reporter,
            group=groups[reporter],
            indicator_scores={code: tuple(values) for code, values in scores[reporter].items()},
            onsite={
                c: {EvaluationGrade(g): n for g, n in counts.items()}
                for c, counts in onsite[reporter].items()
            },
            superior=entered[reporter].get(("上级评价", "")),
            records=entered[reporter].get(("年度记录", "")),
            levels={
                level: value
                for (sheet, level), value in entered[reporter].items()
                if sheet == "分级考核"
            },
            constraint_hits=hits[reporter],
        )
        for reporter in groups
    ]
    weights = dict(rules.weights.items())
    unweighted = [
        f"「{sheet}」表有 {counted[sheet]} 行得分，但「设置」表中{source_label(source)}权重为 0，"
        "这些得分不计入综合得分"
        for source, sheet in SOURCE_SHEETS.items()
        if counted[sheet] and weights[source] == 0
    ]
    return RoundWorkbook(rules, indicators, reporters, names, unweighted)

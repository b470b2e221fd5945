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

from openpyxl import Workbook, load_workbook

from .engine import (
    EvaluationGrade,
    Grade,
    Indicator,
    IndicatorKind,
    ReporterInput,
    RoundRules,
    VetoEffect,
)
from .settings_sheet import LEVEL_PREFIX, VOTER_CATEGORIES, read_settings
from .sheets import (
    Column,
    RoundWorkbookError,
    Row,
    RowError,
    excel_number,
    read_table,
    write_table,
)

__all__ = [
    "RoundWorkbook",
    "RoundWorkbookError",
    "RowError",
    "read_indicator_sheet",
    "read_round_workbook",
    "read_workbook",
    "write_indicator_sheet",
]

KINDS = {kind.label: kind.value for kind in IndicatorKind}
VETOES = {effect.label: effect.value for effect in VetoEffect}
RESULT_GRADES = {grade.label: grade.value for grade in Grade}
GRADE_LABELS = {grade: grade.label for grade in EvaluationGrade}

INDICATOR_SHEET = "指标"
INDICATOR_COLUMNS = (
    Column("指标编码"),
    Column("上级指标编码", required=False),
    Column("指标名称", width=28),
    Column("类型", required=False, width=10),
    Column("满分", required=False, width=8),
    Column("权重", required=False, width=8),
    Column("上限", required=False, width=8),
    Column("下限", required=False, width=8),
    Column("否决效果", required=False, width=20),
    Column("限定等次", required=False, width=10),
)
REPORTER_COLUMNS = (
    Column("述职人编号"),
    Column("姓名", required=False),
    Column("排名分组"),
    Column("触发约束项", required=False, width=20),
)
SCORE_COLUMNS = (
    Column("述职人编号"),
    Column("指标编码"),
    Column("考核人", required=False),
    Column("得分"),
)
ONSITE_COLUMNS = (
    Column("述职人编号"),
    Column("测评人员类别", width=16),
    *(Column(label, required=False, width=8) for label in GRADE_LABELS.values()),
)
SINGLE_SCORE_COLUMNS = (Column("述职人编号"), Column("得分"))
LEVEL_COLUMNS = (Column("述职人编号"), Column("考核名称"), Column("得分"))
SHEETS = ("设置", "被考核人", "指标", "指标得分", "现场测评", "上级评价", "年度记录", "分级考核")
REQUIRED_SHEETS = ("被考核人", "指标")


@dataclass
class RoundWorkbook:
    """What a round workbook holds: the engine's inputs plus the reporters' names."""

    rules: RoundRules
    indicators: list[Indicator]
    reporters: list[ReporterInput]
    names: dict[str, str] = field(default_factory=dict)


def _open(path: Path | IO[bytes]) -> Workbook:
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a file that is not a workbook
        raise RoundWorkbookError(
            [RowError("", 0, "", "无法读取该文件，请使用 .xlsx 格式的 Excel 工作簿")]
        ) from error


def read_round_workbook(
    path: Path | IO[bytes],
) -> tuple[RoundRules, list[Indicator], list[ReporterInput]]:
    """Read a round workbook; raise RoundWorkbookError listing every bad row (sheet + row)."""
    content = read_workbook(path)
    return content.rules, content.indicators, content.reporters


def read_workbook(path: Path | IO[bytes]) -> RoundWorkbook:
    """Read a round workbook with the reporters' names (the CLI prints them)."""
    workbook = _open(path)
    try:
        errors: list[RowError] = []
        for name in REQUIRED_SHEETS:
            if name not in workbook.sheetnames:
                errors.append(
                    RowError(name, 0, "", "缺少此表，请使用 shuzhi score --template 生成的模板")
                )
        if errors:
            raise RoundWorkbookError(errors)
        rules = read_settings(workbook, errors) if "设置" in workbook.sheetnames else RoundRules()
        indicators, codes = _read_indicators(workbook, errors)
        content = _read_reporters(workbook, rules, indicators, codes, errors)
    finally:
        workbook.close()
    if errors:
        raise RoundWorkbookError(errors)
    return content


def write_indicator_sheet(workbook: Workbook, indicators: Sequence[Indicator]) -> None:
    """Add the 指标 sheet (one indicator per row, in the given order) to ``workbook``."""
    rows = [
        (
            indicator.code,
            indicator.parent or "",
            indicator.name,
            indicator.kind.label,
            excel_number(indicator.max_points),
            excel_number(indicator.weight),
            excel_number(indicator.cap),
            excel_number(indicator.floor),
            indicator.veto.label if indicator.veto else "",
            indicator.veto_grade.label if indicator.veto_grade else "",
        )
        for indicator in indicators
    ]
    write_table(workbook, INDICATOR_SHEET, INDICATOR_COLUMNS, rows)


def read_indicator_sheet(workbook: Workbook) -> list[Indicator]:
    """Read the 指标 sheet; raise RoundWorkbookError listing every bad row."""
    errors: list[RowError] = []
    if INDICATOR_SHEET not in workbook.sheetnames:
        raise RoundWorkbookError([RowError(INDICATOR_SHEET, 0, "", "缺少此表")])
    indicators, _ = _read_indicators(workbook, errors)
    if errors:
        raise RoundWorkbookError(errors)
    return indicators


def _read_indicators(
    workbook: Workbook, errors: list[RowError]
) -> tuple[list[Indicator], set[str]]:
    """The good indicator rows, and every code the sheet names (so that a bad indicator row
    is reported once, not again on each score row that uses it)."""
    indicators: list[Indicator] = []
    seen: dict[str, int] = {}
    rows = list(read_table(workbook, INDICATOR_SHEET, INDICATOR_COLUMNS, errors))
    codes = {row.text("指标编码") for row in rows}
    for row in rows:
        before = len(errors)
        code = row.required_text("指标编码")
        name = row.required_text("指标名称")
        parent = row.text("上级指标编码") or None
        if code in seen:
            row.fail("指标编码", f"与第 {seen[code]} 行重复")
        seen.setdefault(code, row.number)
        if parent is not None and parent not in codes:
            row.fail("上级指标编码", f"指标「{parent}」不在本表中")
        kind = row.choice("类型", KINDS) or IndicatorKind.NORMAL.value
        veto = row.choice("否决效果", VETOES)
        veto_grade = row.choice("限定等次", RESULT_GRADES)
        weight = row.decimal("权重")
        numbers = {key: row.decimal(key) for key in ("满分", "上限", "下限")}
        if veto and kind != IndicatorKind.CONSTRAINT.value:
            row.fail("否决效果", "只有约束项可以设置否决效果")
        if veto == VetoEffect.CAP_GRADE.value and veto_grade is None:
            row.fail("限定等次", "否决效果为限定等次时必须填写")
        if len(errors) > before:
            continue
        indicators.append(
            Indicator(
                code=code,
                name=name,
                kind=IndicatorKind(kind),
                parent=parent,
                max_points=numbers["满分"],
                weight=Decimal(1) if weight is None else weight,
                cap=numbers["上限"],
                floor=numbers["下限"],
                veto=VetoEffect(veto) if veto else None,
                veto_grade=Grade(veto_grade) if veto_grade else None,
            )
        )
    return indicators, codes


def _read_reporters(
    workbook: Workbook,
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
    for row in read_table(workbook, "被考核人", REPORTER_COLUMNS, errors):
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

    scores: dict[str, dict[str, list[Decimal]]] = defaultdict(lambda: defaultdict(list))
    if "指标得分" in workbook.sheetnames:
        for row in read_table(workbook, "指标得分", SCORE_COLUMNS, errors):
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
            elif value is not None and (top := maxima.get(code)) is not None and value > top:
                row.fail("得分", f"超过满分 {top}")
            elif reporter and value is not None:
                scores[reporter][code].append(value)
    onsite: dict[str, dict[str, dict[EvaluationGrade, int]]] = defaultdict(dict)
    if "现场测评" in workbook.sheetnames:
        for row in read_table(workbook, "现场测评", ONSITE_COLUMNS, errors):
            reporter = known(row)
            category = row.choice("测评人员类别", VOTER_CATEGORIES, required=True)
            counts = {grade: row.count(label) for grade, label in GRADE_LABELS.items()}
            if reporter and category:
                if category in onsite[reporter]:
                    row.fail("测评人员类别", "同一述职人的同一类别重复")
                onsite[reporter][category] = counts
    # 上级评价, 年度记录 and 分级考核 hold one score per reporter (and level).
    entered: dict[str, dict[tuple[str, str], Decimal]] = defaultdict(dict)
    for sheet, columns in (
        ("上级评价", SINGLE_SCORE_COLUMNS),
        ("年度记录", SINGLE_SCORE_COLUMNS),
        ("分级考核", LEVEL_COLUMNS),
    ):
        if sheet not in workbook.sheetnames:
            continue
        for row in read_table(workbook, sheet, columns, errors):
            reporter, value = known(row), row.decimal("得分", required=True)
            level = row.required_text("考核名称") if columns is LEVEL_COLUMNS else ""
            if columns is LEVEL_COLUMNS and level and level not in levels:
                row.fail("考核名称", f"「设置」表中没有「{LEVEL_PREFIX}{level}」")
            elif value is not None and value < 0:
                row.fail("得分", "不能为负数")
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
    return RoundWorkbook(rules, indicators, reporters, names)

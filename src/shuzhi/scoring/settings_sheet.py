"""The 设置 sheet of a round workbook: one setting per row (项目, 值); a missing row keeps the
default. Read into ``RoundRules`` and written back from them (the template)."""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from typing import Any

from openpyxl import Workbook

from shuzhi.core.vocabulary.sources import VoterCategory
from shuzhi.core.workbook import Column, Row, RowError, SheetSchema, read_sheet, write_sheet

from .engine import (
    EvaluationGrade,
    GradingMode,
    LevelWeight,
    QuotaRounding,
    RoundRules,
    SourceWeights,
    TieRule,
)

VOTER_CATEGORIES = {str(label): value for value, label in VoterCategory.choices}
GRADING = {"分数线": GradingMode.THRESHOLDS.value, "比例": GradingMode.QUOTA.value}
QUOTA_ROUNDING = {
    "四舍五入": QuotaRounding.HALF_UP.value,
    "向下取整": QuotaRounding.DOWN.value,
    "向上取整": QuotaRounding.UP.value,
}
TIE_RULES = {"就高": TieRule.UP.value, "就低": TieRule.DOWN.value}
ROUNDING = {"四舍五入": ROUND_HALF_UP, "四舍六入五成双": ROUND_HALF_EVEN, "截尾": ROUND_DOWN}
GRADE_POINT_KEYS = {
    EvaluationGrade.GOOD: "好分值",
    EvaluationGrade.FAIR: "较好分值",
    EvaluationGrade.AVERAGE: "一般分值",
    EvaluationGrade.POOR: "差分值",
}

# 设置 sheet keys (the 值 column holds a number or one of the Chinese choices below).
PERCENT_KEYS = {
    "指标考核权重": "indicators",
    "现场测评权重": "onsite",
    "上级评价权重": "superior",
    "年度记录权重": "records",
}
LEVEL_PREFIX = "分级考核权重："
VOTER_PREFIX = "测评权重："
SETTINGS_SHEET = "设置"
# 值 holds numbers and words alike, so it is read per key, not by a declared type.
SETTINGS = SheetSchema(SETTINGS_SHEET, (Column("项目", width=24), Column("值", width=16)))


def _label(labels: dict[str, str], value: str) -> str:
    return next(label for label, code in labels.items() if code == value)


def settings_rows(rules: RoundRules) -> list[tuple[str, Any]]:
    """The (项目, 值) rows that describe ``rules``; ``read_settings`` reads them back."""
    weights = rules.weights
    rows: list[tuple[str, Any]] = [(key, getattr(weights, f)) for key, f in PERCENT_KEYS.items()]
    rows += [(LEVEL_PREFIX + level.name, level.weight) for level in weights.levels]
    rows += [(GRADE_POINT_KEYS[g], points) for g, points in rules.grade_points.items()]
    rows += [
        (VOTER_PREFIX + _label(VOTER_CATEGORIES, c), w) for c, w in rules.voter_weights.items()
    ]
    rows.append(("等次评定方式", _label(GRADING, rules.grading.value)))
    rows += [(f"{g.label}分数线", bar) for g, bar in rules.grade_thresholds.items()]
    rows += [(f"{g.label}比例", share) for g, share in rules.grade_quotas.items()]
    rows += [(f"{n}类比例", share) for n, share in zip("一二三", rules.class_quotas, strict=True)]
    rows += [
        ("名额取整", _label(QUOTA_ROUNDING, rules.quota_rounding.value)),
        ("并列处理", _label(TIE_RULES, rules.tie_rule.value)),
        ("表彰名额", rules.honours_top_n),
        ("表彰名称", rules.honour_title),
        ("末位约谈人数", rules.interview_bottom_n),
        ("末位约谈比例", rules.interview_bottom_percent),
    ]
    rows += [(f"{n}类报酬比例", share) for n, share in zip("一二三", rules.pay_shares, strict=True)]
    rows += [("小数位数", rules.places), ("舍入方式", _label(ROUNDING, rules.rounding))]
    return [(key, float(v) if isinstance(v, Decimal) else v) for key, v in rows]


def write_settings_sheet(workbook: Workbook, rules: RoundRules) -> None:
    """Add the 设置 sheet describing ``rules``."""
    write_sheet(workbook, SETTINGS, settings_rows(rules))


class _Settings:
    """The rows of a 设置 sheet by key, remembering which keys were read."""

    def __init__(self, workbook: Workbook, errors: list[RowError]) -> None:
        self.rows: dict[str, Row] = {}
        self.used: set[str] = set()
        for row in read_sheet(workbook, SETTINGS, errors):
            key = row.required_text("项目")
            if key in self.rows:
                row.fail("项目", f"与第 {self.rows[key].number} 行重复")
            self.rows[key] = row

    def number(self, key: str, default: Decimal) -> Decimal:
        self.used.add(key)
        row = self.rows.get(key)
        value = row.decimal("值") if row else None
        return default if value is None else value

    def whole(self, key: str, default: int) -> int:
        value = self.number(key, Decimal(default))
        if value != value.to_integral_value() or value < 0:
            self.rows[key].fail("值", "必须是非负整数")
            return default
        return int(value)

    def choice(self, key: str, labels: dict[str, str], default: str) -> str:
        self.used.add(key)
        row = self.rows.get(key)
        return (row.choice("值", labels) if row else None) or default

    def text(self, key: str, default: str) -> str:
        self.used.add(key)
        row = self.rows.get(key)
        return (row.text("值") if row else "") or default


def read_settings(workbook: Workbook, errors: list[RowError]) -> RoundRules:
    """RoundRules from the 设置 sheet (defaults for missing rows); errors per bad row."""
    sheet = _Settings(workbook, errors)
    defaults = RoundRules()
    number = sheet.number
    weights = SourceWeights(
        **{f: number(key, getattr(defaults.weights, f)) for key, f in PERCENT_KEYS.items()},
        levels=tuple(
            LevelWeight(key.removeprefix(LEVEL_PREFIX), number(key, Decimal(0)))
            for key in sheet.rows
            if key.startswith(LEVEL_PREFIX)
        ),
    )
    voter_weights = {
        category: number(VOTER_PREFIX + label, defaults.voter_weights[category])
        for label, category in VOTER_CATEGORIES.items()
    }
    rules = RoundRules(
        weights=weights,
        grade_points={
            g: number(key, defaults.grade_points[g]) for g, key in GRADE_POINT_KEYS.items()
        },
        voter_weights=voter_weights,
        grading=GradingMode(sheet.choice("等次评定方式", GRADING, defaults.grading.value)),
        grade_thresholds={
            g: number(f"{g.label}分数线", bar) for g, bar in defaults.grade_thresholds.items()
        },
        grade_quotas={g: number(f"{g.label}比例", q) for g, q in defaults.grade_quotas.items()},
        class_quotas=(
            number("一类比例", defaults.class_quotas[0]),
            number("二类比例", defaults.class_quotas[1]),
            number("三类比例", defaults.class_quotas[2]),
        ),
        quota_rounding=QuotaRounding(
            sheet.choice("名额取整", QUOTA_ROUNDING, defaults.quota_rounding.value)
        ),
        tie_rule=TieRule(sheet.choice("并列处理", TIE_RULES, defaults.tie_rule.value)),
        honours_top_n=sheet.whole("表彰名额", defaults.honours_top_n),
        honour_title=sheet.text("表彰名称", defaults.honour_title),
        interview_bottom_n=sheet.whole("末位约谈人数", 0),
        interview_bottom_percent=number("末位约谈比例", Decimal(0)),
        pay_shares=(
            number("一类报酬比例", defaults.pay_shares[0]),
            number("二类报酬比例", defaults.pay_shares[1]),
            number("三类报酬比例", defaults.pay_shares[2]),
        ),
        places=sheet.whole("小数位数", defaults.places),
        rounding=sheet.choice("舍入方式", ROUNDING, defaults.rounding),
    )
    for key, row in sheet.rows.items():
        if key not in sheet.used:
            row.fail("项目", f"未知的设置项「{key}」")
    return rules

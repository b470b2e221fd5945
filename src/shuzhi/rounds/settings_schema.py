"""A round's scoring settings as data: one declaration for the server and ``shuzhi score``.

Each setting has its field name (``RoundSettings``), its 项目 in the round workbook's 设置
sheet, its kind (which bounds and decimals it accepts) and its default — the defaults of
docs/rounds.md. The model takes its defaults from here, the 设置 sheet is read by these
declarations, and ``check_settings`` is the one validation both apply (the model's ``clean``
and the sheet reader, which names the sheet, row and column of each problem). Pure: no Django.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from shuzhi.core.vocabulary.grades import DEFAULT_EVALUATION_POINTS, EvaluationGrade
from shuzhi.core.vocabulary.grading import GradingMode, QuotaRounding, Rounding, TieRule
from shuzhi.core.vocabulary.sources import DEFAULT_VOTER_WEIGHTS, VoterCategory

D = Decimal


class Kind(enum.Enum):
    PERCENT = "percent"  # 0–100, at most 2 decimals ("20" = 20 %)
    POINTS = "points"  # 0–99999.99, at most 2 decimals (the database keeps 2)
    COUNT = "count"  # a whole number 0–32767
    PLACES = "places"  # a whole number 0–4
    CHOICE = "choice"  # one of ``choices`` (label or code)
    YES_NO = "yes_no"  # 是 / 否
    TEXT = "text"  # at most 20 characters


#: Bounds and decimals of each numeric kind: (lowest, highest, decimals).
BOUNDS: dict[Kind, tuple[Decimal, Decimal, int]] = {
    Kind.PERCENT: (D(0), D(100), 2),
    Kind.POINTS: (D(0), D("99999.99"), 2),
    Kind.COUNT: (D(0), D(32767), 0),
    Kind.PLACES: (D(0), D(4), 0),
}
TEXT_LENGTH = 20
YES_NO = {"是": "yes", "否": "no"}


@dataclass(frozen=True)
class Setting:
    """One setting: ``field`` on RoundSettings, ``key`` the 项目 of the 设置 sheet."""

    field: str
    key: str
    kind: Kind
    default: Any
    #: {label: code}; the sheet also accepts the code itself.
    choices: Mapping[str, str] | None = None


def _labels(vocabulary: Any, **aliases: str) -> dict[str, str]:
    return {**vocabulary.by_label(), **aliases}


VOTER_FIELDS = {
    VoterCategory.LEADER: "weight_leader",
    VoterCategory.REPRESENTATIVE: "weight_representative",
    VoterCategory.MEMBER: "weight_member",
    VoterCategory.MASSES: "weight_masses",
}
VOTER_PREFIX = "测评权重："
LEVEL_PREFIX = "分级考核权重："

SETTINGS: tuple[Setting, ...] = (
    Setting("weight_indicators", "指标考核权重", Kind.PERCENT, D(60)),
    Setting("weight_onsite", "现场测评权重", Kind.PERCENT, D(30)),
    Setting("weight_superior", "上级评价权重", Kind.PERCENT, D(10)),
    Setting("weight_records", "年度记录权重", Kind.PERCENT, D(0)),
    *(
        Setting(f"points_{grade.value}", f"{grade.label}分值", Kind.POINTS, D(points))
        for grade, points in DEFAULT_EVALUATION_POINTS.items()
    ),
    *(
        Setting(
            field,
            f"{VOTER_PREFIX}{category.label}",
            Kind.PERCENT,
            D(DEFAULT_VOTER_WEIGHTS[category]),
        )
        for category, field in VOTER_FIELDS.items()
    ),
    Setting(
        "grading_mode",
        "等次评定方式",
        Kind.CHOICE,
        GradingMode.THRESHOLDS.value,
        _labels(GradingMode, 分数线=GradingMode.THRESHOLDS.value, 比例=GradingMode.QUOTA.value),
    ),
    Setting("threshold_excellent", "优秀分数线", Kind.POINTS, D(90)),
    Setting("threshold_good", "良好分数线", Kind.POINTS, D(80)),
    Setting("threshold_adequate", "一般分数线", Kind.POINTS, D(60)),
    Setting("quota_excellent_percent", "优秀比例", Kind.PERCENT, D(20)),
    Setting("quota_good_percent", "良好比例", Kind.PERCENT, D(50)),
    Setting("quota_adequate_percent", "一般比例", Kind.PERCENT, D(25)),
    Setting("quota_poor_percent", "较差比例", Kind.PERCENT, D(5)),
    Setting("class_1_percent", "一类比例", Kind.PERCENT, D(20)),
    Setting("class_2_percent", "二类比例", Kind.PERCENT, D(50)),
    Setting("class_3_percent", "三类比例", Kind.PERCENT, D(30)),
    Setting(
        "quota_rounding",
        "名额取整",
        Kind.CHOICE,
        QuotaRounding.HALF_UP.value,
        _labels(QuotaRounding),
    ),
    Setting(
        "tie_rule",
        "并列处理",
        Kind.CHOICE,
        TieRule.UP.value,
        _labels(TieRule, 就高=TieRule.UP.value, 就低=TieRule.DOWN.value),
    ),
    Setting("honours_count", "表彰名额", Kind.COUNT, 10),
    Setting("honours_title", "表彰名称", Kind.TEXT, "十佳"),
    Setting("honours_refill", "表彰名额递补", Kind.YES_NO, False),
    Setting("interview_bottom_count", "末位约谈人数", Kind.COUNT, 1),
    Setting("interview_bottom_percent", "末位约谈比例", Kind.PERCENT, D(0)),
    Setting("pay_class_1_percent", "一类报酬比例", Kind.PERCENT, D(100)),
    Setting("pay_class_2_percent", "二类报酬比例", Kind.PERCENT, D(50)),
    Setting("pay_class_3_percent", "三类报酬比例", Kind.PERCENT, D(20)),
    Setting("places", "小数位数", Kind.PLACES, 2),
    Setting("rounding", "舍入方式", Kind.CHOICE, Rounding.HALF_UP.value, _labels(Rounding)),
)
BY_FIELD = {setting.field: setting for setting in SETTINGS}
BY_KEY = {setting.key: setting for setting in SETTINGS}
DEFAULTS: dict[str, Any] = {setting.field: setting.default for setting in SETTINGS}

SOURCE_FIELDS = ("weight_indicators", "weight_onsite", "weight_superior", "weight_records")
#: Settings whose percents must add up to exactly 100, with the words of the message.
SUMS: tuple[tuple[tuple[str, ...], str], ...] = (
    (SOURCE_FIELDS, "各评分来源权重"),
    (tuple(VOTER_FIELDS.values()), "各类测评人权重"),
    (("class_1_percent", "class_2_percent", "class_3_percent"), "一、二、三类比例"),
    (
        (
            "quota_excellent_percent",
            "quota_good_percent",
            "quota_adequate_percent",
            "quota_poor_percent",
        ),
        "各等次比例",
    ),
)
THRESHOLD_FIELDS = ("threshold_excellent", "threshold_good", "threshold_adequate")


@dataclass(frozen=True)
class SettingProblem:
    """A problem with the settings; ``field`` is the setting it is reported on."""

    field: str
    message: str


def value_problem(setting: Setting, value: Any) -> str:
    """Why ``value`` cannot be this setting ("" when it can). Numbers come as Decimal/int."""
    if setting.kind in BOUNDS:
        low, high, decimals = BOUNDS[setting.kind]
        number = Decimal(value)
        if decimals_of(number) > decimals:
            return (
                f"最多保留 {decimals} 位小数（收到 {value}）"
                if decimals
                else f"必须是整数（收到 {value}）"
            )
        if not low <= number <= high:
            return f"必须在 {low} 到 {high} 之间（收到 {value}）"
    elif setting.kind is Kind.TEXT:
        if not str(value).strip():
            return "不能为空"
        if len(str(value)) > TEXT_LENGTH:
            return f"不能超过 {TEXT_LENGTH} 个字"
    return ""


def decimals_of(number: Decimal) -> int:
    """How many decimals ``number`` really has (trailing zeros do not count)."""
    exponent = number.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _text(total: Decimal) -> str:
    return f"{total.normalize():f}"


def check_settings(
    values: Mapping[str, Any], levels: Sequence[tuple[str, Decimal]] = ()
) -> list[SettingProblem]:
    """Every problem with a complete set of values (by field); ``levels`` are the extra
    sources (分级考核) as (name, weight), which count in the source weights' sum."""
    problems = [
        SettingProblem(s.field, message)
        for s in SETTINGS
        if (message := value_problem(s, values[s.field]))
    ]
    if problems:
        return problems  # the sums below would only repeat a bad value
    for fields, label in SUMS:
        parts = [Decimal(values[f]) for f in fields]
        if fields == SOURCE_FIELDS:
            parts += [weight for _, weight in levels]
        total = sum(parts, D(0))
        if total != 100:
            problems.append(
                SettingProblem(fields[0], f"{label}之和必须为 100%，当前为 {_text(total)}%。")
            )
    bars = [Decimal(values[f]) for f in THRESHOLD_FIELDS]
    if not bars[0] >= bars[1] >= bars[2]:
        problems.append(SettingProblem(THRESHOLD_FIELDS[0], "分数线须满足：优秀 ≥ 良好 ≥ 一般。"))
    if values["interview_bottom_count"] and values["interview_bottom_percent"]:
        problems.append(
            SettingProblem(
                "interview_bottom_percent",
                "末位约谈只能按人数或按比例其中一种设定（按比例时人数填 0）。",
            )
        )
    names = [name for name, _ in levels]
    if any(not name.strip() for name in names) or len(set(names)) != len(names):
        problems.append(SettingProblem(SOURCE_FIELDS[0], "分级考核的名称不能为空，也不能重复。"))
    return problems


def points_of(values: Mapping[str, Any]) -> dict[EvaluationGrade, Decimal]:
    """The on-site grade points by grade."""
    return {grade: Decimal(values[f"points_{grade.value}"]) for grade in EvaluationGrade}

"""The 设置 sheet of a round workbook: one setting per row (项目, 值); a missing row keeps the
default of docs/rounds.md. The settings are declared once in ``rounds.settings_schema`` — the
server's ``RoundSettings`` takes the same defaults and the same checks — and ``rules_from``
turns either side's values into the engine's ``RoundRules``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from shuzhi.core.vocabulary.grades import Grade
from shuzhi.core.vocabulary.sources import VoterCategory
from shuzhi.core.workbook import (
    AnyWorkbook,
    Column,
    Readable,
    Row,
    RowError,
    SheetSchema,
    read_sheet,
    write_sheet,
)
from shuzhi.rounds.settings_schema import (
    DEFAULTS,
    LEVEL_PREFIX,
    SETTINGS,
    SOURCE_FIELDS,
    SUMS,
    VOTER_FIELDS,
    YES_NO,
    Kind,
    Setting,
    check_settings,
    points_of,
    value_problem,
)

from .engine import GradingMode, LevelWeight, QuotaRounding, RoundRules, SourceWeights, TieRule

__all__ = [
    "LEVEL_PREFIX",
    "SETTINGS_SHEET",
    "VOTER_CATEGORIES",
    "read_settings",
    "rules_from",
    "settings_rows",
    "values_of",
    "write_settings_sheet",
]

VOTER_CATEGORIES = {str(label): value for value, label in VoterCategory.choices}
SETTINGS_SHEET = "设置"
# 值 holds numbers and words alike, so it is read per key, not by a declared type; a cell
# formatted as an Excel percentage (60 %) is read as what it shows.
SETTINGS_SCHEMA = SheetSchema(
    SETTINGS_SHEET, (Column("项目", width=24), Column("值", width=16)), read_formats=True
)
#: Read settings with any decimals, so the message can say how many the setting takes.
MANY = 12
GRADE_FIELDS = {
    Grade.EXCELLENT: ("threshold_excellent", "quota_excellent_percent"),
    Grade.GOOD: ("threshold_good", "quota_good_percent"),
    Grade.ADEQUATE: ("threshold_adequate", "quota_adequate_percent"),
    Grade.POOR: ("", "quota_poor_percent"),
}


def rules_from(values: Mapping[str, Any], levels: Sequence[tuple[str, Decimal]] = ()) -> RoundRules:
    """The engine's rules from the settings' values by field (a RoundSettings' or a sheet's)
    and the extra 分级考核 sources as (name, weight)."""
    d = {field: values[field] for field in DEFAULTS}
    return RoundRules(
        weights=SourceWeights(
            indicators=d["weight_indicators"],
            onsite=d["weight_onsite"],
            superior=d["weight_superior"],
            records=d["weight_records"],
            levels=tuple(LevelWeight(name, weight) for name, weight in levels),
        ),
        grade_points=points_of(d),
        voter_weights={c.value: d[field] for c, field in VOTER_FIELDS.items()},
        grading=GradingMode(d["grading_mode"]),
        grade_thresholds={g: d[bar] for g, (bar, _) in GRADE_FIELDS.items() if bar},
        grade_quotas={g: d[share] for g, (_, share) in GRADE_FIELDS.items()},
        class_quotas=(d["class_1_percent"], d["class_2_percent"], d["class_3_percent"]),
        quota_rounding=QuotaRounding(d["quota_rounding"]),
        tie_rule=TieRule(d["tie_rule"]),
        honours_top_n=int(d["honours_count"]),
        honour_title=d["honours_title"],
        honours_refill=bool(d["honours_refill"]),
        interview_bottom_n=int(d["interview_bottom_count"]),
        interview_bottom_percent=d["interview_bottom_percent"],
        pay_shares=(
            d["pay_class_1_percent"],
            d["pay_class_2_percent"],
            d["pay_class_3_percent"],
        ),
        places=int(d["places"]),
        rounding=d["rounding"],
    )


def values_of(rules: RoundRules) -> dict[str, Any]:
    """The settings' values by field that ``rules_from`` turns back into ``rules``."""
    weights = rules.weights
    values: dict[str, Any] = {
        "weight_indicators": weights.indicators,
        "weight_onsite": weights.onsite,
        "weight_superior": weights.superior,
        "weight_records": weights.records,
        "grading_mode": rules.grading.value,
        "quota_rounding": rules.quota_rounding.value,
        "tie_rule": rules.tie_rule.value,
        "honours_count": rules.honours_top_n,
        "honours_title": rules.honour_title,
        "honours_refill": rules.honours_refill,
        "interview_bottom_count": rules.interview_bottom_n,
        "interview_bottom_percent": rules.interview_bottom_percent,
        "places": rules.places,
        "rounding": rules.rounding,
    }
    values |= {f"points_{g.value}": p for g, p in rules.grade_points.items()}
    values |= {VOTER_FIELDS[VoterCategory(c)]: w for c, w in rules.voter_weights.items()}
    for grade, (bar, share) in GRADE_FIELDS.items():
        if bar and grade in rules.grade_thresholds:
            values[bar] = rules.grade_thresholds[grade]
        values[share] = rules.grade_quotas.get(grade, DEFAULTS[share])
    for index, klass in enumerate(rules.class_quotas, start=1):
        values[f"class_{index}_percent"] = klass
    for index, pay in enumerate(rules.pay_shares, start=1):
        values[f"pay_class_{index}_percent"] = pay
    return {field: values.get(field, default) for field, default in DEFAULTS.items()}


def _shown(setting: Setting, value: Any) -> Any:
    """A value as the sheet shows it: a label for a choice, a number for a Decimal."""
    if setting.kind is Kind.YES_NO:
        return "是" if value else "否"
    if setting.choices is not None:
        return next(label for label, code in setting.choices.items() if code == value)
    return float(value) if isinstance(value, Decimal) else value


def settings_rows(rules: RoundRules) -> list[tuple[str, Any]]:
    """The (项目, 值) rows that describe ``rules``; ``read_settings`` reads them back."""
    values = values_of(rules)
    rows = [(s.key, _shown(s, values[s.field])) for s in SETTINGS]
    levels = [(LEVEL_PREFIX + level.name, float(level.weight)) for level in rules.weights.levels]
    after_sources = len(SOURCE_FIELDS)
    return rows[:after_sources] + levels + rows[after_sources:]


def write_settings_sheet(workbook: AnyWorkbook, rules: RoundRules) -> None:
    """Add the 设置 sheet describing ``rules``."""
    write_sheet(workbook, SETTINGS_SCHEMA, settings_rows(rules))


def _read_value(row: Row, setting: Setting) -> Any:
    """The row's 值 as ``setting`` takes it; None (with an error on the row) when it cannot."""
    if setting.kind is Kind.YES_NO:
        code = row.choice("值", YES_NO, required=True)
        return None if code is None else code == "yes"
    if setting.choices is not None:
        return row.choice("值", setting.choices, required=True)
    if setting.kind is Kind.TEXT:
        value: Any = row.required_text("值")
    else:
        value = row.decimal("值", required=True, places=MANY)
    if value in (None, ""):
        return None
    if problem := value_problem(setting, value):
        row.fail("值", problem)
        return None
    return int(value) if setting.kind in (Kind.COUNT, Kind.PLACES) else value


def read_settings(workbook: Readable, errors: list[RowError]) -> RoundRules:
    """RoundRules from the 设置 sheet (defaults for missing rows); errors name each bad row."""
    by_key = {s.key: s for s in SETTINGS}
    rows: dict[str, Row] = {}
    values = dict(DEFAULTS)
    levels: list[tuple[str, Decimal]] = []
    bad = False
    for row in read_sheet(workbook, SETTINGS_SCHEMA, errors):
        key = row.required_text("项目")
        if not key:
            continue
        if key in rows:
            row.fail("项目", f"与第 {rows[key].number} 行重复")
            continue
        rows[key] = row
        if key.startswith(LEVEL_PREFIX):
            weight = row.decimal("值", required=True, places=MANY)
            wrong = "" if weight is None else value_problem(SOURCE_SETTING, weight)
            if wrong:
                row.fail("值", wrong)
            if weight is None or wrong:
                bad = True
            else:
                levels.append((key.removeprefix(LEVEL_PREFIX).strip(), weight))
            continue
        setting = by_key.get(key)
        if setting is None:
            row.fail("项目", f"未知的设置项「{key}」")
            continue
        value = _read_value(row, setting)
        if value is None:
            bad = True
        else:
            values[setting.field] = value
    # A round interviewed by percent has no head count unless the sheet gives one.
    if "末位约谈比例" in rows and "末位约谈人数" not in rows:
        values["interview_bottom_count"] = 0
    if not bad:
        for problem in check_settings(values, levels):
            _report(problem.field, problem.message, rows, errors)
    return rules_from(values, levels)


SOURCE_SETTING = next(s for s in SETTINGS if s.field == "weight_indicators")


def _report(field: str, message: str, rows: Mapping[str, Row], errors: list[RowError]) -> None:
    """A settings problem on the row of its setting, or of a setting it sums with."""
    related = next((fields for fields, _ in SUMS if field in fields), (field,))
    keys = [s.key for f in (field, *related) for s in SETTINGS if s.field == f]
    if field == SOURCE_FIELDS[0]:
        keys += [key for key in rows if key.startswith(LEVEL_PREFIX)]
    row = next((rows[key] for key in keys if key in rows), None)
    message = message.rstrip("。")
    if row is None:
        errors.append(RowError(SETTINGS_SHEET, 0, "", f"{message}（未填写的设置项取默认值）"))
    else:
        row.fail("值", message)

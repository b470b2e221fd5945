"""Checking a round's rules and indicator tree before anything is scored."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from .fixedpoint import check_magnitude, to_units
from .types import (
    HUNDRED,
    MAX_PLACES,
    ROUNDING_MODES,
    SCORE_DECIMALS,
    WEIGHT_DECIMALS,
    ZERO,
    EvaluationGrade,
    Grade,
    GradingMode,
    Indicator,
    IndicatorKind,
    RoundRules,
    ScoringError,
    VetoEffect,
)


def _percent_sum(values: Sequence[Decimal], what: str) -> None:
    for value in values:
        to_units(value, WEIGHT_DECIMALS, what)
        if value < 0:
            raise ScoringError(f"{what}不能为负数（收到 {value}）")
    total = sum(values, ZERO)
    if total != HUNDRED:
        raise ScoringError(f"{what}之和必须为 100%，当前为 {total.normalize():f}%")


def validate_rules(rules: RoundRules) -> None:
    """Raise ScoringError (Chinese) for the first setting that cannot be applied."""
    _percent_sum([weight for _, weight in rules.weights.items()], "各项来源权重")
    names = [level.name for level in rules.weights.levels]
    if len(set(names)) != len(names) or any(not name for name in names):
        raise ScoringError("分级考核的名称不能为空，也不能重复")
    _percent_sum(list(rules.voter_weights.values()), "各类测评人员权重")
    if set(rules.grade_points) != set(EvaluationGrade):
        raise ScoringError(f"必须为 {'、'.join(EvaluationGrade.labels)} 四个测评等次都设定分值")
    for points in rules.grade_points.values():
        check_magnitude(points, "测评等次分值")
        to_units(points, SCORE_DECIMALS, "测评等次分值")
    _percent_sum(list(rules.class_quotas), "一、二、三类比例")
    if rules.grading is GradingMode.QUOTA:
        if set(rules.grade_quotas) != set(Grade):
            raise ScoringError(f"按比例评定等次时，必须为 {'、'.join(Grade.labels)} 都设定比例")
        _percent_sum([rules.grade_quotas[g] for g in Grade], "各等次比例")
    else:
        bars = [rules.grade_thresholds.get(g) for g in list(Grade)[:3]]
        if any(bar is None for bar in bars):
            raise ScoringError("按分数线评定等次时，必须设定 优秀、良好、一般 的分数线")
        for bar in bars:
            check_magnitude(bar or ZERO, "等次分数线")
            to_units(bar or ZERO, SCORE_DECIMALS, "等次分数线")
        if not (bars[0] or ZERO) >= (bars[1] or ZERO) >= (bars[2] or ZERO):
            raise ScoringError("等次分数线必须 优秀 ≥ 良好 ≥ 一般")
    if not 0 <= rules.places <= MAX_PLACES:
        raise ScoringError(f"保留小数位数必须在 0 到 {MAX_PLACES} 之间")
    if rules.rounding not in ROUNDING_MODES:
        raise ScoringError(f"不支持的舍入方式：{rules.rounding}")
    if rules.honours_top_n < 0 or rules.interview_bottom_n < 0:
        raise ScoringError("表彰名额和约谈人数不能为负数")
    to_units(rules.interview_bottom_percent, WEIGHT_DECIMALS, "末位约谈比例")
    if not ZERO <= rules.interview_bottom_percent <= HUNDRED:
        raise ScoringError("末位约谈比例必须在 0 到 100% 之间")
    if rules.interview_bottom_n and rules.interview_bottom_percent:
        raise ScoringError("末位约谈只能按人数或按比例其中一种设定")
    for share in rules.pay_shares:
        to_units(share, WEIGHT_DECIMALS, "绩效报酬比例")
        if share < 0:
            raise ScoringError("绩效报酬比例不能为负数")


@dataclass(frozen=True)
class IndicatorTree:
    """The checked tree: leaves (scored) in input order, every node in post-order."""

    nodes: dict[str, Indicator]
    children: dict[str, tuple[str, ...]]
    roots: tuple[str, ...]
    leaves: tuple[str, ...]
    post_order: tuple[str, ...]

    def leaf_index(self) -> dict[str, int]:
        return {code: index for index, code in enumerate(self.leaves)}


def build_tree(indicators: Sequence[Indicator]) -> IndicatorTree:
    """Check the indicator tree (unique codes, known parents, no cycles, sane numbers)."""
    nodes: dict[str, Indicator] = {}
    for indicator in indicators:
        what = f"指标「{indicator.code}」"
        if not indicator.code:
            raise ScoringError("指标编码不能为空")
        if indicator.code in nodes:
            raise ScoringError(f"{what}重复")
        nodes[indicator.code] = indicator
        for value, label in (
            (indicator.max_points, "满分"),
            (indicator.cap, "上限"),
            (indicator.floor, "下限"),
        ):
            if value is not None:
                check_magnitude(value, f"{what}的{label}")
                to_units(value, SCORE_DECIMALS, f"{what}的{label}")
        check_magnitude(indicator.weight, f"{what}的权重")
        to_units(indicator.weight, WEIGHT_DECIMALS, f"{what}的权重")
        if indicator.weight < 0 or (indicator.max_points is not None and indicator.max_points < 0):
            raise ScoringError(f"{what}的权重和满分不能为负数")
        if (
            indicator.cap is not None
            and indicator.floor is not None
            and indicator.floor > indicator.cap
        ):
            raise ScoringError(f"{what}的下限高于上限")
        if indicator.veto is not None and indicator.kind is not IndicatorKind.CONSTRAINT:
            raise ScoringError(f"{what}不是约束项，不能设置一票否决、否优或肯定")
        if indicator.veto is VetoEffect.CAP_GRADE and indicator.veto_grade is None:
            raise ScoringError(f"{what}设为限定等次，但未设定最高等次")
    children: dict[str, list[str]] = {code: [] for code in nodes}
    roots: list[str] = []
    for indicator in indicators:
        if indicator.parent is None:
            roots.append(indicator.code)
        elif indicator.parent not in nodes:
            raise ScoringError(f"指标「{indicator.code}」的上级指标「{indicator.parent}」不存在")
        else:
            children[indicator.parent].append(indicator.code)
    post_order: list[str] = []

    def visit(code: str, depth: int) -> None:
        if depth > len(nodes):
            raise ScoringError(f"指标「{code}」的上级关系形成循环")
        for child in children[code]:
            visit(child, depth + 1)
        post_order.append(code)

    for root in roots:
        visit(root, 0)
    if len(post_order) != len(nodes):
        cyclic = sorted(set(nodes) - set(post_order))
        raise ScoringError(f"指标「{cyclic[0]}」的上级关系形成循环")
    for indicator in indicators:
        if indicator.veto is not None and children[indicator.code]:
            raise ScoringError(f"指标「{indicator.code}」有下级指标，不能设置一票否决、否优或肯定")
    leaves = tuple(ind.code for ind in indicators if not children[ind.code])
    return IndicatorTree(
        nodes=nodes,
        children={code: tuple(kids) for code, kids in children.items()},
        roots=tuple(roots),
        leaves=leaves,
        post_order=tuple(post_order),
    )

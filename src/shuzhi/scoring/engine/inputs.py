"""Checking what was entered for each reporter (the same checks for every scoring path)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from .fixedpoint import check_magnitude, to_units
from .rules import IndicatorTree
from .types import (
    SCORE_DECIMALS,
    SOURCE_SCALE,
    EvaluationGrade,
    IndicatorKind,
    ReporterInput,
    RoundRules,
    ScoreSource,
    ScoringError,
)


def check_reporters(
    rules: RoundRules, tree: IndicatorTree, reporters: Sequence[ReporterInput]
) -> None:
    """Raise ScoringError naming the reporter and the first value that cannot be scored."""
    seen: set[str] = set()
    leaves = set(tree.leaves)
    levels = {level.name for level in rules.weights.levels}
    for reporter in reporters:
        who = f"述职人「{reporter.reporter_id}」"
        if not reporter.reporter_id:
            raise ScoringError("述职人编号不能为空")
        if reporter.reporter_id in seen:
            raise ScoringError(f"{who}重复")
        seen.add(reporter.reporter_id)
        if not reporter.group:
            raise ScoringError(f"{who}未设定排名分组")
        for code, scores in reporter.indicator_scores.items():
            node = tree.nodes.get(code)
            if node is None:
                raise ScoringError(f"{who}的指标得分：指标「{code}」不存在")
            if code not in leaves:
                raise ScoringError(f"{who}的指标得分：「{code}」有下级指标，只能给末级指标打分")
            for score in scores:
                _check_score(score, node.max_points, f"{who}指标「{code}」的得分")
        for category, counts in reporter.onsite.items():
            if category not in rules.voter_weights:
                raise ScoringError(f"{who}的现场测评：未设定权重的测评人员类别「{category}」")
            for grade, count in counts.items():
                if grade not in set(EvaluationGrade):
                    raise ScoringError(f"{who}的现场测评：未知的测评等次「{grade}」")
                if not isinstance(count, int) or count < 0:
                    raise ScoringError(f"{who}的现场测评票数必须是非负整数（收到 {count}）")
        for value, what in (
            (reporter.superior, ScoreSource.SUPERIOR.label),
            (reporter.records, ScoreSource.RECORDS.label),
        ):
            if value is not None:
                _check_score(value, SOURCE_SCALE, f"{who}的{what}得分")
        for name, value in reporter.levels.items():
            if name not in levels:
                raise ScoringError(f"{who}：未设定权重的分级考核「{name}」")
            _check_score(value, SOURCE_SCALE, f"{who}的「{name}」得分")
        for code in reporter.constraint_hits:
            node = tree.nodes.get(code)
            if node is None or node.kind is not IndicatorKind.CONSTRAINT:
                raise ScoringError(f"{who}触发的「{code}」不是约束项")


def _check_score(value: Decimal, maximum: Decimal | None, what: str) -> None:
    check_magnitude(value, what)
    to_units(value, SCORE_DECIMALS, what)
    if value < 0:
        raise ScoringError(f"{what}不能为负数（收到 {value}）")
    if maximum is not None and value > maximum:
        raise ScoringError(f"{what}超过满分 {maximum}（收到 {value}）")

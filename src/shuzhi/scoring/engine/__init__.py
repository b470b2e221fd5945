"""The scoring engine (pure Python + numpy, no Django): composite scores, ranks, quotas, outcomes.

Public interface::

    compute(rules, indicators, reporters) -> RoundResult
    sensitivity(rules, indicators, reporters, delta=5) -> list[RankShift]
    validate(rules, indicators) -> None  # raises ScoringError (Chinese message)

``compute`` scores every reporter in fixed-point integers (numpy) and gives the same figures as
the Decimal reference path (``reference.composites``) — the tests check that. The rules are
written down in docs/scoring.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from .core import compute_round, prepare
from .sensitivity import sensitivity_of
from .types import (
    Contribution,
    EvaluationGrade,
    Grade,
    GradingMode,
    Indicator,
    IndicatorKind,
    LevelWeight,
    Outcome,
    QuotaRounding,
    RankShift,
    ReporterInput,
    RoundResult,
    RoundRules,
    ScoreSource,
    ScoringError,
    SourceWeights,
    TieRule,
    VetoEffect,
    WeightShift,
)

__all__ = [
    "Contribution",
    "EvaluationGrade",
    "Grade",
    "GradingMode",
    "Indicator",
    "IndicatorKind",
    "LevelWeight",
    "Outcome",
    "QuotaRounding",
    "RankShift",
    "ReporterInput",
    "RoundResult",
    "RoundRules",
    "ScoreSource",
    "ScoringError",
    "SourceWeights",
    "TieRule",
    "VetoEffect",
    "WeightShift",
    "compute",
    "sensitivity",
    "validate",
]


def validate(rules: RoundRules, indicators: Sequence[Indicator]) -> None:
    """Check the rules and the indicator tree; raise ScoringError naming the first fault."""
    prepare(rules, indicators)


def compute(
    rules: RoundRules, indicators: Sequence[Indicator], reporters: Sequence[ReporterInput]
) -> RoundResult:
    """Score a round: composite, rank, grade, class, honour, interview, veto and breakdown."""
    return compute_round(rules, indicators, reporters)


def sensitivity(
    rules: RoundRules,
    indicators: Sequence[Indicator],
    reporters: Sequence[ReporterInput],
    delta: Decimal | int = 5,
) -> list[RankShift]:
    """For each reporter, the ranks seen when any one source weight moves by ±delta points."""
    return sensitivity_of(rules, indicators, reporters, delta)

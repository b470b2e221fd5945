"""``compute``: the whole round in fixed point, the outcomes, and each reporter's breakdown."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from shuzhi.core.vocabulary.interviews import InterviewReason

from .fast import POINTS_DECIMALS, FastScores, score_table
from .fixedpoint import from_units
from .outcomes import GRADE_ORDER, VETO_ORDER, Decisions, decide
from .reference import score_reporter
from .rules import IndicatorTree, build_tree, validate_rules
from .table import ScoreTable, from_inputs, veto_leaves
from .types import (
    WEIGHT_DECIMALS,
    ZERO,
    Indicator,
    Outcome,
    ReporterInput,
    RoundResult,
    RoundRules,
    VetoEffect,
)


def prepare(rules: RoundRules, indicators: Sequence[Indicator]) -> IndicatorTree:
    """Validate the rules and the indicator tree; the checked tree."""
    validate_rules(rules)
    return build_tree(indicators)


def decide_table(
    rules: RoundRules, tree: IndicatorTree, table: ScoreTable, scores: FastScores
) -> Decisions:
    """Outcomes for a scored table (vetoes from the table's constraint hits)."""
    effects: dict[VetoEffect, np.ndarray] = {}
    grade_caps = np.full(table.size, -1, dtype=np.int64)
    for column, code, effect in veto_leaves(tree):
        hit = table.hits[:, column]
        effects[effect] = effects.get(effect, np.zeros(table.size, dtype=bool)) | hit
        if effect is VetoEffect.CAP_GRADE:
            allowed = tree.nodes[code].veto_grade
            assert allowed is not None  # build_tree refuses CAP_GRADE without a grade
            grade_caps = np.where(hit, np.maximum(grade_caps, allowed.order), grade_caps)
    return decide(rules, table.groups, scores.composites, effects, grade_caps)


def veto_reason(tree: IndicatorTree, hits: frozenset[str]) -> str:
    """Every hit item with a veto effect, most severe first, e.g. 一票否决：安全事故（C1）."""
    parts = []
    for effect in reversed(VETO_ORDER):
        for code in sorted(hits):
            node = tree.nodes[code]
            if node.veto is effect:
                extra = (
                    f"，最高{node.veto_grade.label}"
                    if node.veto_grade and effect is VetoEffect.CAP_GRADE
                    else ""
                )
                parts.append(f"{effect.label}：{node.name}（{code}）{extra}")
    return "；".join(parts)


def compute_round(
    rules: RoundRules, indicators: Sequence[Indicator], reporters: Sequence[ReporterInput]
) -> RoundResult:
    """Score a round end to end; the breakdowns come from the Decimal reference path, and a
    composite that disagrees with the fixed-point one is a bug, not a result."""
    tree = prepare(rules, indicators)
    table = from_inputs(rules, tree, reporters)
    scores = score_table(rules, tree, table)
    decisions = decide_table(rules, tree, table, scores)
    sources = [key for key, _ in rules.weights.items()]
    outcomes = []
    for row, reporter in enumerate(reporters):
        reference = score_reporter(rules, tree, reporter)
        composite = from_units(int(scores.composites[row]), rules.places)
        if (
            reference.composite != composite
            or sum((line.points for line in reference.breakdown), ZERO) != composite
        ):
            raise AssertionError(f"scoring paths disagree for {reporter.reporter_id}")
        fast_subtotals = {
            key: from_units(int(scores.subtotals[row, column]), POINTS_DECIMALS)
            for column, key in enumerate(sources)
        }
        if fast_subtotals != reference.subtotals:
            raise AssertionError(f"source subtotals disagree for {reporter.reporter_id}")
        veto_index = int(decisions.veto[row])
        interview = bool(decisions.interview[row])
        outcomes.append(
            Outcome(
                reporter_id=reporter.reporter_id,
                group=reporter.group,
                composite=composite,
                subtotals=reference.subtotals,
                rank=int(decisions.ranking.rank[row]),
                group_size=int(decisions.ranking.size[row]),
                grade=GRADE_ORDER[int(decisions.grade[row])],
                klass=int(decisions.klass[row]),
                honour=rules.honour_title if decisions.honour[row] else None,
                interview=interview,
                interview_reason=InterviewReason.BOTTOM_RANK.value if interview else None,
                veto=VETO_ORDER[veto_index] if veto_index >= 0 else None,
                veto_reason=veto_reason(tree, reporter.constraint_hits) if veto_index >= 0 else "",
                pay_share=from_units(int(decisions.pay_share_units[row]), WEIGHT_DECIMALS),
                breakdown=reference.breakdown,
            )
        )
    return RoundResult(tuple(outcomes))

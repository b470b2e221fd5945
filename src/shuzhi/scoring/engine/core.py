"""``compute``: the whole round in fixed point, the outcomes, and each reporter's breakdown."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from shuzhi.core.vocabulary.interviews import InterviewReason

from .breakdown import Breakdowns, breakdown_lines, contribution
from .fast import POINTS_DECIMALS, FastScores, score_table
from .fixedpoint import IntArray, from_units
from .outcomes import GRADE_ORDER, VETO_ORDER, Decisions, decide
from .reference import score_reporter
from .rules import IndicatorTree, build_tree, validate_rules
from .table import ScoreTable, from_inputs, veto_leaves
from .types import (
    WEIGHT_DECIMALS,
    Indicator,
    Outcome,
    ReporterInput,
    RoundResult,
    RoundRules,
    VetoEffect,
)

#: How many reporters of a large round are scored again in Decimal (``reference_rows``).
REFERENCE_SAMPLE = 1000


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


@dataclass(frozen=True)
class TableResult:
    """A scored round as columns: fixed-point scores, decisions and each reporter's lines."""

    table: ScoreTable
    scores: FastScores
    decisions: Decisions
    lines: Breakdowns

    def veto_reason(self, tree: IndicatorTree, row: int) -> str:
        if int(self.decisions.veto[row]) < 0:
            return ""
        hit = frozenset(tree.leaves[c] for c in np.flatnonzero(self.table.hits[row]))
        return veto_reason(tree, hit)


def score_round(rules: RoundRules, tree: IndicatorTree, table: ScoreTable) -> TableResult:
    """One pass over the whole round: scores, outcomes and breakdowns, all in integers."""
    scores = score_table(rules, tree, table)
    decisions = decide_table(rules, tree, table, scores)
    return TableResult(table, scores, decisions, breakdown_lines(rules, tree, table, scores))


def reference_rows(size: int) -> list[int]:
    """The reporters checked against the Decimal reference path: all of a small round, an
    even spread of ``REFERENCE_SAMPLE`` of a large one (the property tests check them all)."""
    if size <= REFERENCE_SAMPLE:
        return list(range(size))
    return sorted({int(row) for row in np.linspace(0, size - 1, REFERENCE_SAMPLE)})


def check_reference(
    rules: RoundRules,
    tree: IndicatorTree,
    result: TableResult,
    reporters: Sequence[tuple[int, ReporterInput]],
) -> None:
    """Refuse (AssertionError: a bug, not a result) if the Decimal reference path gives another
    composite, subtotal or breakdown line for any of these (row, input) reporters."""
    sources = [key for key, _ in rules.weights.items()]
    for row, reporter in reporters:
        reference = score_reporter(rules, tree, reporter)
        if reference.composite != from_units(int(result.scores.composites[row]), rules.places):
            raise AssertionError(f"scoring paths disagree for {reporter.reporter_id}")
        if subtotals_of(sources, result.scores.subtotals[row]) != reference.subtotals:
            raise AssertionError(f"source subtotals disagree for {reporter.reporter_id}")
        lines = tuple(contribution(line, tree, rules.places) for line in result.lines.of(row))
        if lines != reference.breakdown:
            raise AssertionError(f"breakdown lines disagree for {reporter.reporter_id}")


def subtotals_of(sources: Sequence[str], row: IntArray) -> dict[str, Decimal]:
    return {key: from_units(int(row[c]), POINTS_DECIMALS) for c, key in enumerate(sources)}


def outcome_of(rules: RoundRules, tree: IndicatorTree, result: TableResult, row: int) -> Outcome:
    """Reporter ``row``'s outcome as Decimal figures and Contribution lines."""
    decisions, table = result.decisions, result.table
    veto_index = int(decisions.veto[row])
    interview = bool(decisions.interview[row])
    return Outcome(
        reporter_id=table.reporter_ids[row],
        group=table.group_names[int(table.groups[row])],
        composite=from_units(int(result.scores.composites[row]), rules.places),
        subtotals=subtotals_of(
            [key for key, _ in rules.weights.items()], result.scores.subtotals[row]
        ),
        rank=int(decisions.ranking.rank[row]),
        group_size=int(decisions.ranking.size[row]),
        grade=GRADE_ORDER[int(decisions.grade[row])],
        klass=int(decisions.klass[row]),
        honour=rules.honour_title if decisions.honour[row] else None,
        interview=interview,
        interview_reason=InterviewReason.BOTTOM_RANK.value if interview else None,
        veto=VETO_ORDER[veto_index] if veto_index >= 0 else None,
        veto_reason=result.veto_reason(tree, row),
        pay_share=from_units(int(decisions.pay_share_units[row]), WEIGHT_DECIMALS),
        breakdown=tuple(contribution(line, tree, rules.places) for line in result.lines.of(row)),
    )


def compute_round(
    rules: RoundRules, indicators: Sequence[Indicator], reporters: Sequence[ReporterInput]
) -> RoundResult:
    """Score a round end to end in fixed point; reporters from ``reference_rows`` are scored
    again in Decimal, and any difference is a bug, not a result."""
    tree = prepare(rules, indicators)
    table = from_inputs(rules, tree, reporters)
    result = score_round(rules, tree, table)
    check_reference(
        rules, tree, result, [(r, reporters[r]) for r in reference_rows(len(reporters))]
    )
    return RoundResult(tuple(outcome_of(rules, tree, result, row) for row in range(table.size)))

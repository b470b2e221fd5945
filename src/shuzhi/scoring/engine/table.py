"""Columnar input for the fixed-point path: every figure as a scaled integer in numpy arrays.

``from_inputs`` builds it from ``ReporterInput``s (the server and the CLI); ``from_rows`` from
raw rows — one per assessor's indicator score and one per vote — the way a province-size round
arrives (the benchmark). Scores are in 10^-4 units (``SCORE_DECIMALS``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .fixedpoint import IntArray, to_units
from .inputs import check_reporters
from .rules import IndicatorTree
from .types import (
    SCORE_DECIMALS,
    EvaluationGrade,
    ReporterInput,
    RoundRules,
    ScoringError,
    VetoEffect,
)

GRADES = tuple(EvaluationGrade)
#: Below this total, float64 sums of integer units are exact (2^53).
EXACT_FLOAT_LIMIT = 2**53


@dataclass(frozen=True)
class ScoreTable:
    """One round's inputs as arrays; n reporters, L leaves, C voter categories.

    - ``groups`` (n,) index into ``group_names``.
    - ``leaf_sums`` / ``leaf_counts`` (n, L): sum and number of assessors' scores per leaf.
    - ``onsite`` (n, C, 4): votes per voter category (``rules.voter_weights`` order) and grade
      (``EvaluationGrade`` order).
    - ``entered`` (n, E): superior, records and each level's score, in the order of
      ``rules.weights.items()`` after indicators and onsite; missing entries are 0.
    - ``hits`` (n, L): true where the reporter hit that constraint leaf.
    """

    reporter_ids: Sequence[str]
    group_names: Sequence[str]
    groups: IntArray
    leaf_sums: IntArray
    leaf_counts: IntArray
    onsite: IntArray
    entered: IntArray
    hits: np.ndarray

    @property
    def size(self) -> int:
        return len(self.reporter_ids)


def from_inputs(
    rules: RoundRules, tree: IndicatorTree, reporters: Sequence[ReporterInput]
) -> ScoreTable:
    """Check the reporters' inputs and lay them out as arrays."""
    check_reporters(rules, tree, reporters)
    n, leaves = len(reporters), tree.leaf_index()
    categories = {name: i for i, name in enumerate(rules.voter_weights)}
    extra = [key for key, _ in rules.weights.items()][2:]
    group_index: dict[str, int] = {}
    groups = np.zeros(n, dtype=np.int64)
    leaf_sums = np.zeros((n, len(leaves)), dtype=np.int64)
    leaf_counts = np.zeros((n, len(leaves)), dtype=np.int64)
    onsite = np.zeros((n, len(categories), len(GRADES)), dtype=np.int64)
    entered = np.zeros((n, len(extra)), dtype=np.int64)
    hits = np.zeros((n, len(leaves)), dtype=bool)
    for row, reporter in enumerate(reporters):
        groups[row] = group_index.setdefault(reporter.group, len(group_index))
        for code, scores in reporter.indicator_scores.items():
            column = leaves[code]
            leaf_sums[row, column] = sum(to_units(s, SCORE_DECIMALS, code) for s in scores)
            leaf_counts[row, column] = len(scores)
        for category, counts in reporter.onsite.items():
            for grade, count in counts.items():
                onsite[row, categories[category], GRADES.index(EvaluationGrade(grade))] += count
        values = {"superior": reporter.superior, "records": reporter.records}
        values.update({f"level:{name}": v for name, v in reporter.levels.items()})
        for column, key in enumerate(extra):
            value = values.get(key)
            if value is not None:
                entered[row, column] = to_units(value, SCORE_DECIMALS, key)
        for code in reporter.constraint_hits:
            if code in leaves:
                hits[row, leaves[code]] = True
    return ScoreTable(
        reporter_ids=[r.reporter_id for r in reporters],
        group_names=list(group_index),
        groups=groups,
        leaf_sums=leaf_sums,
        leaf_counts=leaf_counts,
        onsite=onsite,
        entered=entered,
        hits=hits,
    )


def _sum_by(keys: IntArray, values: IntArray, length: int) -> IntArray:
    """Exact per-key sums of integer values (float64 bincount when provably exact)."""
    if values.size == 0 or int(np.abs(values).sum()) < EXACT_FLOAT_LIMIT:
        return np.rint(np.bincount(keys, weights=values, minlength=length)).astype(np.int64)
    sums = np.zeros(length, dtype=np.int64)
    np.add.at(sums, keys, values)
    return sums


def from_rows(
    rules: RoundRules,
    tree: IndicatorTree,
    *,
    reporter_ids: Sequence[str],
    group_names: Sequence[str],
    groups: IntArray,
    score_reporter: IntArray,
    score_leaf: IntArray,
    score_units: IntArray,
    vote_reporter: IntArray,
    vote_category: IntArray,
    vote_grade: IntArray,
    entered: IntArray,
    hit_reporter: IntArray,
    hit_leaf: IntArray,
) -> ScoreTable:
    """Aggregate raw rows (indices into reporters, leaves, categories, ``EvaluationGrade`` order)."""
    n, n_leaves = len(reporter_ids), len(tree.leaves)
    n_categories, n_grades = len(rules.voter_weights), len(GRADES)
    if score_units.size and (score_units.min() < 0):
        raise ScoringError("指标得分不能为负数")
    for array, bound, what in (
        (score_reporter, n, "指标得分的述职人"),
        (score_leaf, n_leaves, "指标得分的指标"),
        (vote_reporter, n, "测评票的述职人"),
        (vote_category, n_categories, "测评票的人员类别"),
        (vote_grade, n_grades, "测评票的等次"),
    ):
        if array.size and (array.min() < 0 or array.max() >= bound):
            raise ScoringError(f"{what}超出范围")
    cell = score_reporter * n_leaves + score_leaf
    leaf_sums = _sum_by(cell, score_units, n * n_leaves).reshape(n, n_leaves)
    leaf_counts = np.bincount(cell, minlength=n * n_leaves).reshape(n, n_leaves)
    maxima = np.array(
        [
            to_units(tree.nodes[c].max_points or 0, SCORE_DECIMALS, c)
            if tree.nodes[c].max_points is not None
            else -1
            for c in tree.leaves
        ],
        dtype=np.int64,
    )
    bounded = maxima >= 0
    if score_units.size and np.any(bounded[score_leaf] & (score_units > maxima[score_leaf])):
        raise ScoringError("有指标得分超过该指标满分")
    vote_cell = (vote_reporter * n_categories + vote_category) * n_grades + vote_grade
    onsite = np.bincount(vote_cell, minlength=n * n_categories * n_grades)
    hits = np.zeros((n, n_leaves), dtype=bool)
    hits[hit_reporter, hit_leaf] = True
    return ScoreTable(
        reporter_ids=reporter_ids,
        group_names=group_names,
        groups=groups.astype(np.int64),
        leaf_sums=leaf_sums,
        leaf_counts=leaf_counts.astype(np.int64),
        onsite=onsite.reshape(n, n_categories, n_grades).astype(np.int64),
        entered=entered.astype(np.int64),
        hits=hits,
    )


def veto_leaves(tree: IndicatorTree) -> list[tuple[int, str, VetoEffect]]:
    """(leaf column, code, effect) of every constraint leaf that carries a veto effect."""
    return [
        (column, code, effect)
        for column, code in enumerate(tree.leaves)
        if (effect := tree.nodes[code].veto) is not None
    ]

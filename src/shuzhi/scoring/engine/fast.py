"""The fixed-point path: every reporter's source subtotals and composite in int64 numpy arrays.

Same rules and same rounding as ``reference`` (the tests compare them figure by figure), but
over whole columns. Scales: scores 10^4 (``SCORE_DECIMALS``), weights 10^2, points 10^6,
composite numerators 10^10, results at the round's places.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .fixedpoint import IntArray, div_round, to_units
from .rules import IndicatorTree
from .table import GRADES, ScoreTable
from .types import POINTS_LIMIT, SCORE_DECIMALS, WEIGHT_DECIMALS, RoundRules, ScoringError

POINTS_DECIMALS = SCORE_DECIMALS + WEIGHT_DECIMALS  # a score times a weight
COMPOSITE_DECIMALS = POINTS_DECIMALS + 2 * WEIGHT_DECIMALS  # times a percent weight / 100


@dataclass(frozen=True)
class FastScores:
    """``subtotals`` (n, sources) in 10^-6 points; ``composites`` (n,) at the round's places."""

    subtotals: IntArray
    composites: IntArray


def _rounded_mean(total: IntArray, count: IntArray, rules: RoundRules) -> IntArray:
    """total / count rounded to the round's places, in 10^-4 units; 0 where count is 0."""
    step = 10 ** (SCORE_DECIMALS - rules.places)
    result = div_round(total, np.maximum(count, 1) * step, rules.rounding) * step
    return np.where(count > 0, result, 0).astype(np.int64)


@dataclass(frozen=True)
class IndicatorNodes:
    """Per leaf the rounded mean (10^-4); per node in post-order its points before and after
    its cap or floor held them (10^-6)."""

    means: IntArray
    values: dict[str, IntArray]
    held: dict[str, IntArray]


def indicator_nodes(rules: RoundRules, tree: IndicatorTree, table: ScoreTable) -> IndicatorNodes:
    """Every node's points, leaves from the rounded means, groups as sums of their children."""
    means = _rounded_mean(table.leaf_sums, table.leaf_counts, rules)
    values: dict[str, IntArray] = {}
    held: dict[str, IntArray] = {}
    leaf_column = tree.leaf_index()
    scale = 10**WEIGHT_DECIMALS
    for code in tree.post_order:
        node = tree.nodes[code]
        kids = tree.children[code]
        if kids:
            value = held[kids[0]].copy()
            for kid in kids[1:]:
                value += held[kid]
        else:
            weight = node.sign * to_units(node.weight, WEIGHT_DECIMALS, code)
            value = means[:, leaf_column[code]] * weight
        values[code] = value
        if node.cap is not None:
            value = np.minimum(value, to_units(node.cap, SCORE_DECIMALS, code) * scale)
        if node.floor is not None:
            value = np.maximum(value, to_units(node.floor, SCORE_DECIMALS, code) * scale)
        held[code] = value
    return IndicatorNodes(means, values, held)


def indicator_subtotals(rules: RoundRules, tree: IndicatorTree, table: ScoreTable) -> IntArray:
    """Points of the roots summed, with every node held within its floor and cap (10^-6)."""
    held = indicator_nodes(rules, tree, table).held
    total = np.zeros(table.size, dtype=np.int64)
    for root in tree.roots:
        total += held[root]
    return total


@dataclass(frozen=True)
class OnsiteParts:
    """``votes`` and rounded ``means`` (10^-4) per (reporter, category); ``weights`` of the
    categories that voted and their ``weight_sum`` (10^-2); the rounded ``score`` (10^-4)."""

    votes: IntArray
    means: IntArray
    weights: IntArray
    weight_sum: IntArray
    score: IntArray


def onsite_parts(rules: RoundRules, table: ScoreTable) -> OnsiteParts:
    """Category means weighted over the categories that voted, rounded."""
    points = np.array(
        [to_units(rules.grade_points[g], SCORE_DECIMALS, g) for g in GRADES], dtype=np.int64
    )
    weights = np.array(
        [to_units(w, WEIGHT_DECIMALS, c) for c, w in rules.voter_weights.items()], dtype=np.int64
    )
    votes = table.onsite.sum(axis=2)
    category_means = _rounded_mean((table.onsite * points).sum(axis=2), votes, rules)
    present_weights = np.where(votes > 0, weights, 0)
    numerator = (category_means * present_weights).sum(axis=1)
    weight_sum = present_weights.sum(axis=1)
    score = _rounded_mean(numerator, weight_sum, rules)
    return OnsiteParts(votes, category_means, present_weights, weight_sum, score)


def onsite_subtotals(rules: RoundRules, table: ScoreTable) -> IntArray:
    """The on-site score of every reporter (10^-6 points)."""
    scaled: IntArray = onsite_parts(rules, table).score * 10**WEIGHT_DECIMALS
    return scaled


def check_points(tree: IndicatorTree, table: ScoreTable) -> None:
    """ScoringError naming the reporter whose indicator points (Σ |mean| × weight) exceed
    ``POINTS_LIMIT``: the int64 sums below stay exact well within that."""
    if table.size == 0 or not tree.leaves:
        return
    weights = np.array([float(tree.nodes[code].weight) for code in tree.leaves])
    means = np.abs(table.leaf_sums) / np.maximum(table.leaf_counts, 1) / 10**SCORE_DECIMALS
    totals = means @ weights
    worst = int(np.argmax(totals))
    if totals[worst] > POINTS_LIMIT:
        raise ScoringError(
            f"述职人「{table.reporter_ids[worst]}」的指标得分合计约 {totals[worst]:,.0f} 分，"
            f"超出可计算范围（不能超过 {POINTS_LIMIT:,} 分），请检查得分和权重"
        )


def score_table(rules: RoundRules, tree: IndicatorTree, table: ScoreTable) -> FastScores:
    """Subtotals of every source (``rules.weights.items()`` order) and the rounded composites."""
    check_points(tree, table)
    sources = rules.weights.items()
    subtotals = np.zeros((table.size, len(sources)), dtype=np.int64)
    subtotals[:, 0] = indicator_subtotals(rules, tree, table)
    subtotals[:, 1] = onsite_subtotals(rules, table)
    subtotals[:, 2:] = table.entered * 10**WEIGHT_DECIMALS
    percents = np.array([to_units(w, WEIGHT_DECIMALS, key) for key, w in sources], dtype=np.int64)
    numerator = subtotals @ percents
    composites = div_round(numerator, 10 ** (COMPOSITE_DECIMALS - rules.places), rules.rounding)
    return FastScores(subtotals=subtotals, composites=composites)

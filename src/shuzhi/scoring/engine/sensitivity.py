"""Sensitivity: which ranks change when one source weight moves by ±delta points.

The moved source takes (or gives) ``delta`` points from the other sources in proportion to
their weights, so the weights still make 100%. The shifted composite is an exact fraction of
integers, rounded with the round's rule, then ranked like the real one. A scenario is skipped
when the moved weight would leave 0..100 or no other source carries weight.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import numpy as np

from .core import prepare
from .fast import COMPOSITE_DECIMALS, score_table
from .fixedpoint import IntArray, div_round, to_units
from .outcomes import rank_in_groups
from .table import ScoreTable, from_inputs
from .types import WEIGHT_DECIMALS, Indicator, RankShift, ReporterInput, RoundRules, WeightShift

FULL = 100 * 10**WEIGHT_DECIMALS  # 100% in weight units


def shifted_composites(
    rules: RoundRules, subtotals: IntArray, source: int, delta_units: int
) -> IntArray | None:
    """Composites (round's places) with source ``source`` moved by ``delta_units``; None if the
    scenario is impossible."""
    weights = [to_units(w, WEIGHT_DECIMALS, key) for key, w in rules.weights.items()]
    moved = weights[source] + delta_units
    rest = FULL - weights[source]
    if not 0 <= moved <= FULL or rest == 0:
        return None
    # composite = [moved·x_s·rest + (FULL − moved)·Σ w_i·x_i] / (rest · 10^COMPOSITE_DECIMALS)
    denominator = rest * 10 ** (COMPOSITE_DECIMALS - rules.places)
    others = [0 if i == source else w for i, w in enumerate(weights)]
    largest = int(np.abs(subtotals).max()) if subtotals.size else 0
    if 2 * FULL * FULL * largest * len(weights) < 2**62:
        numerator: IntArray = moved * rest * subtotals[:, source] + (FULL - moved) * (
            subtotals @ np.array(others, dtype=np.int64)
        )
        return div_round(numerator, denominator, rules.rounding)
    # Beyond int64: exact Python integers, slower but never wrong.
    column = subtotals[:, source].astype(object)
    wide = moved * rest * column + (FULL - moved) * (
        subtotals.astype(object) @ np.array(others, dtype=object)
    )
    return np.array(
        [div_round(int(value), denominator, rules.rounding) for value in wide], dtype=np.int64
    )


def rank_shifts(
    rules: RoundRules, table: ScoreTable, subtotals: IntArray, base: IntArray, delta: Decimal
) -> list[RankShift]:
    """One RankShift per reporter, from the base composites and every shifted scenario."""
    base_rank = rank_in_groups(table.groups, base).rank
    delta_units = to_units(delta, WEIGHT_DECIMALS, "权重变动")
    changes: list[list[WeightShift]] = [[] for _ in range(table.size)]
    best, worst = base_rank.copy(), base_rank.copy()
    for index, (key, _) in enumerate(rules.weights.items()):
        for sign in (1, -1):
            shifted = shifted_composites(rules, subtotals, index, sign * delta_units)
            if shifted is None:
                continue
            ranks = rank_in_groups(table.groups, shifted).rank
            best, worst = np.minimum(best, ranks), np.maximum(worst, ranks)
            for row in np.flatnonzero(ranks != base_rank):
                changes[row].append(WeightShift(key, sign * delta, int(ranks[row])))
    return [
        RankShift(
            reporter_id=table.reporter_ids[row],
            group=table.group_names[int(table.groups[row])],
            rank=int(base_rank[row]),
            best=int(best[row]),
            worst=int(worst[row]),
            shifts=tuple(changes[row]),
        )
        for row in range(table.size)
    ]


def sensitivity_of(
    rules: RoundRules,
    indicators: Sequence[Indicator],
    reporters: Sequence[ReporterInput],
    delta: Decimal | int = 5,
) -> list[RankShift]:
    """For each reporter, the ranks seen when any one source weight moves by ±delta points."""
    tree = prepare(rules, indicators)
    table = from_inputs(rules, tree, reporters)
    scores = score_table(rules, tree, table)
    return rank_shifts(rules, table, scores.subtotals, scores.composites, Decimal(delta))

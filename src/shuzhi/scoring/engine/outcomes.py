"""From composites to outcomes: ranks, classes, grades, honours, interviews, then vetoes.

Vectorised over a whole round (numpy); composites are integers at the round's places, so every
comparison is exact. The order and the tie rules are written down in docs/scoring.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

import numpy as np

from .fixedpoint import IntArray, div_round, to_units
from .types import (
    SCORE_DECIMALS,
    WEIGHT_DECIMALS,
    Grade,
    GradingMode,
    QuotaRounding,
    RoundRules,
    TieRule,
    VetoEffect,
)

GRADE_ORDER = tuple(Grade)
#: Vetoes are applied in this order, so the most severe one wins over an affirmation.
VETO_ORDER = (
    VetoEffect.AFFIRM,
    VetoEffect.VETO_EXCELLENCE,
    VetoEffect.CAP_GRADE,
    VetoEffect.DISQUALIFY,
)


@dataclass(frozen=True)
class Ranking:
    """Competition ranks in each group: ``rank`` (1, 2, 2, 4), ``last`` = rank + ties − 1."""

    rank: IntArray
    last: IntArray
    size: IntArray


def rank_in_groups(groups: IntArray, composites: IntArray) -> Ranking:
    """Equal composites share a rank and the next rank skips (1, 2, 2, 4)."""
    n = len(groups)
    if n == 0:
        empty = np.zeros(0, dtype=np.int64)
        return Ranking(empty, empty, empty)
    order = np.lexsort((-composites, groups))
    sorted_groups, sorted_scores = groups[order], composites[order]
    new_group = np.r_[True, sorted_groups[1:] != sorted_groups[:-1]]
    new_tie = new_group | np.r_[True, sorted_scores[1:] != sorted_scores[:-1]]
    positions = np.arange(n)
    group_start = np.maximum.accumulate(np.where(new_group, positions, 0))
    tie_start = np.maximum.accumulate(np.where(new_tie, positions, 0))
    tie_id = np.cumsum(new_tie) - 1
    tie_size = np.bincount(tie_id)[tie_id]
    rank = np.empty(n, dtype=np.int64)
    rank[order] = tie_start - group_start + 1
    last = np.empty(n, dtype=np.int64)
    last[order] = tie_start - group_start + tie_size
    size = np.bincount(groups)[groups].astype(np.int64)
    return Ranking(rank, last, size)


def head_count(size: IntArray, percent: Decimal, rounding: QuotaRounding) -> IntArray:
    """``percent`` of each group size as a head count, rounded as the round says."""
    units = to_units(percent, WEIGHT_DECIMALS, "比例") * size
    scale = 100 * 10**WEIGHT_DECIMALS
    if rounding is QuotaRounding.UP:
        return np.asarray(-((-units) // scale), dtype=np.int64)
    mode = ROUND_HALF_UP if rounding is QuotaRounding.HALF_UP else ROUND_DOWN
    return div_round(units, scale, mode)


def tiers_by_quota(
    ranking: Ranking, shares: Sequence[Decimal], rounding: QuotaRounding, tie_rule: TieRule
) -> IntArray:
    """0-based tier by cumulative shares; reporters tied at a boundary stay together."""
    position = ranking.rank if tie_rule is TieRule.UP else ranking.last
    tier = np.zeros(len(position), dtype=np.int64)
    cumulative = Decimal(0)
    for share in shares[:-1]:
        cumulative += share
        tier += position > head_count(ranking.size, cumulative, rounding)
    return tier


def grades_by_threshold(rules: RoundRules, composites: IntArray) -> IntArray:
    """0-based grade: the best grade whose threshold the composite reaches."""
    scaled = composites * 10 ** (SCORE_DECIMALS - rules.places)
    grade = np.full(len(composites), len(GRADE_ORDER) - 1, dtype=np.int64)
    for order, result_grade in reversed(list(enumerate(GRADE_ORDER[:-1]))):
        bar = to_units(rules.grade_thresholds[result_grade], SCORE_DECIMALS, "分数线")
        grade = np.where(scaled >= bar, order, grade)
    return grade


def _top(composites: IntArray, eligible: np.ndarray, count: int) -> np.ndarray:
    """The best ``count`` composites among ``eligible``, with everyone tied with the last."""
    chosen = np.zeros(len(composites), dtype=bool)
    candidates = np.flatnonzero(eligible)
    if not count or not len(candidates):
        return chosen
    if len(candidates) <= count:
        chosen[candidates] = True
    else:
        cutoff = np.sort(composites[candidates])[::-1][count - 1]
        chosen[candidates] = composites[candidates] >= cutoff
    return chosen


@dataclass(frozen=True)
class Decisions:
    """Outcome arrays (n,): 0-based ``grade`` (Grade order), ``klass`` 1–3, flags, and
    ``veto`` as the index of the applied effect in VETO_ORDER or -1."""

    ranking: Ranking
    grade: IntArray
    klass: IntArray
    honour: np.ndarray
    interview: np.ndarray
    veto: IntArray
    pay_share_units: IntArray


def decide(
    rules: RoundRules,
    groups: IntArray,
    composites: IntArray,
    effects: dict[VetoEffect, np.ndarray],
    grade_caps: IntArray,
) -> Decisions:
    """Rank, class, grade, honour and interview by composite; vetoes applied last.

    ``effects`` maps each veto effect to a bool mask of the reporters it hits; ``grade_caps``
    is the worst grade (0-based) any hit CAP_GRADE item allows, or -1.
    """
    n = len(groups)
    ranking = rank_in_groups(groups, composites)
    klass = 1 + tiers_by_quota(ranking, rules.class_quotas, rules.quota_rounding, rules.tie_rule)
    if rules.grading is GradingMode.QUOTA:
        shares = [rules.grade_quotas[g] for g in GRADE_ORDER]
        grade = tiers_by_quota(ranking, shares, rules.quota_rounding, rules.tie_rule)
    else:
        grade = grades_by_threshold(rules, composites)
    honour = _top(composites, klass == 1, rules.honours_top_n)
    if rules.interview_bottom_n:
        bottom = np.minimum(ranking.size, rules.interview_bottom_n)
    else:
        bottom = head_count(ranking.size, rules.interview_bottom_percent, rules.quota_rounding)
    # Only someone ranked below another is at the bottom: a group of one, or a group whose
    # composites all tie, has no 末位 (docs/scoring.md, decisions).
    interview = (ranking.last > ranking.size - bottom) & (ranking.rank > 1)
    veto = np.full(n, -1, dtype=np.int64)
    none = np.zeros(n, dtype=bool)
    for index, effect in enumerate(VETO_ORDER):
        hit = effects.get(effect, none)
        veto = np.where(hit, index, veto)
        if effect is VetoEffect.AFFIRM:
            grade = np.where(hit, 0, grade)
        elif effect is VetoEffect.VETO_EXCELLENCE:
            grade = np.where(hit, np.maximum(grade, 1), grade)
            klass = np.where(hit, np.maximum(klass, 2), klass)
        elif effect is VetoEffect.CAP_GRADE:
            grade = np.where(hit, np.maximum(grade, grade_caps), grade)
            klass = np.where(hit, np.maximum(klass, np.minimum(grade_caps + 1, 3)), klass)
        else:
            grade = np.where(hit, len(GRADE_ORDER) - 1, grade)
            klass = np.where(hit, 3, klass)
        if effect is not VetoEffect.AFFIRM:
            honour &= ~hit
    if rules.honours_refill:
        # Places left by vetoed reporters go to the next eligible ones, after the vetoes.
        vetoed = np.zeros(n, dtype=bool)
        for effect, hit in effects.items():
            if effect is not VetoEffect.AFFIRM:
                vetoed |= hit
        honour = _top(composites, (klass == 1) & ~vetoed, rules.honours_top_n)
    pay_units = np.array(
        [to_units(share, WEIGHT_DECIMALS, "绩效报酬比例") for share in rules.pay_shares],
        dtype=np.int64,
    )[klass - 1]
    pay_units = np.where(effects.get(VetoEffect.DISQUALIFY, none), 0, pay_units)
    return Decisions(ranking, grade, klass, honour, interview, veto, pay_units)

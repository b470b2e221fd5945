"""The baseline for ``bench/scoring.py``: the same scoring rules written plainly with pandas.

Idiomatic, vectorised pandas (groupby, unstack, merge, rank) over the same raw rows the engine
reads; exact like the engine (integer units, half-up rounding done on integers) so the results
can be compared one for one. Supports what the benchmark's round uses: ROUND_HALF_UP, quota
rounding half-up, tie rule "up", grades by threshold, veto effects disqualify and
veto_excellence.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import numpy as np
import pandas as pd

from shuzhi.scoring.engine import Grade, Indicator, IndicatorKind, RoundRules, VetoEffect


def units(value: Decimal, decimals: int) -> int:
    return int(value.scaleb(decimals))


def round_half_up(numerator: pd.Series, denominator: pd.Series | int) -> pd.Series:
    """numerator / denominator rounded half away from zero, on integers."""
    absolute = numerator.abs()
    quotient = absolute // denominator
    remainder = absolute - quotient * denominator
    quotient = quotient + (2 * remainder >= denominator).astype("int64")
    return quotient.where(numerator >= 0, -quotient)


def score_round(
    rules: RoundRules,
    indicators: Sequence[Indicator],
    reporters: pd.DataFrame,
    scores: pd.DataFrame,
    votes: pd.DataFrame,
    hits: pd.DataFrame,
) -> pd.DataFrame:
    """One row per reporter (index = reporter number): composite (at the round's places),
    rank, klass, grade (0 = excellent), honour, interview, veto ("" or the effect)."""
    step = 10 ** (4 - rules.places)
    leaves = [i for i in indicators if not any(c.parent == i.code for c in indicators)]
    # Indicator scores: mean of the assessors per reporter and leaf, rounded to the places.
    per_leaf = scores.groupby(["reporter", "leaf"])["units"].agg(["sum", "count"])
    per_leaf["mean"] = round_half_up(per_leaf["sum"], per_leaf["count"] * step) * step
    means = (
        per_leaf["mean"]
        .unstack(fill_value=0)
        .reindex(index=reporters.index, columns=range(len(leaves)), fill_value=0)
    )
    points: dict[str, pd.Series] = {}
    for number, leaf in enumerate(leaves):
        sign = -1 if leaf.kind in (IndicatorKind.DEDUCTION, IndicatorKind.CONSTRAINT) else 1
        points[leaf.code] = means[number] * (sign * units(leaf.weight, 2))
    for node in reversed(indicators):  # children come after their parents in the list
        if node.code not in points:
            kids = [c.code for c in indicators if c.parent == node.code]
            points[node.code] = sum((points[k] for k in kids), pd.Series(0, index=reporters.index))
        if node.cap is not None:
            points[node.code] = points[node.code].clip(upper=units(node.cap, 6))
        if node.floor is not None:
            points[node.code] = points[node.code].clip(lower=units(node.floor, 6))
    roots = [i.code for i in indicators if i.parent is None]
    frame = pd.DataFrame(index=reporters.index)
    frame["indicators"] = sum((points[r] for r in roots), pd.Series(0, index=reporters.index))
    # On-site evaluation: each category's mean grade points, weighted over categories voting.
    grade_points = pd.Series([units(p, 4) for p in rules.grade_points.values()])
    tally = votes.groupby(["reporter", "category", "grade"]).size().rename("votes").reset_index()
    tally["points"] = tally["votes"] * tally["grade"].map(grade_points)
    per_category = tally.groupby(["reporter", "category"])[["votes", "points"]].sum()
    per_category["mean"] = (
        round_half_up(per_category["points"], per_category["votes"] * step) * step
    )
    category_weights = pd.Series([units(w, 2) for w in rules.voter_weights.values()])
    weight = per_category.index.get_level_values("category").map(category_weights)
    per_category["weighted"] = per_category["mean"] * weight.to_numpy()
    per_category["weight"] = weight.to_numpy()
    onsite = per_category.groupby("reporter")[["weighted", "weight"]].sum()
    onsite = onsite[onsite["weight"] > 0]
    onsite_score = round_half_up(onsite["weighted"], onsite["weight"] * step) * step * 100
    frame["onsite"] = onsite_score.reindex(reporters.index, fill_value=0)
    frame["superior"] = reporters["superior"] * 100
    frame["records"] = reporters["records"] * 100
    percents = rules.weights
    numerator = (
        frame["indicators"] * units(percents.indicators, 2)
        + frame["onsite"] * units(percents.onsite, 2)
        + frame["superior"] * units(percents.superior, 2)
        + frame["records"] * units(percents.records, 2)
    )
    frame["composite"] = round_half_up(numerator, 10 ** (10 - rules.places))
    frame["group"] = reporters["group"]
    # Ranks, classes (cumulative quotas, ties kept together in the better class), grades.
    by_group = frame.groupby("group")["composite"]
    frame["rank"] = by_group.rank(method="min", ascending=False).astype("int64")
    frame["size"] = by_group.transform("size")
    klass = pd.Series(1, index=frame.index)
    cumulative = Decimal(0)
    for share in rules.class_quotas[:2]:
        cumulative += share
        quota = round_half_up(frame["size"] * units(cumulative, 2), 10000)
        klass += (frame["rank"] > quota).astype("int64")
    frame["klass"] = klass
    scaled = frame["composite"] * step
    grade = pd.Series(3, index=frame.index)
    for order, result_grade in reversed(list(enumerate(list(Grade)[:3]))):
        grade = grade.where(scaled < units(rules.grade_thresholds[result_grade], 4), order)
    frame["grade"] = grade
    candidates = frame.loc[frame["klass"] == 1, "composite"]
    honour = pd.Series(False, index=frame.index)
    if rules.honours_top_n:
        cutoff = candidates.nlargest(rules.honours_top_n, keep="all").min()
        honour.loc[candidates.index] = candidates >= cutoff
    tie_size = frame.groupby(["group", "composite"])["composite"].transform("size")
    bottom = frame["size"].clip(upper=rules.interview_bottom_n)
    frame["interview"] = frame["rank"] + tie_size - 1 > frame["size"] - bottom
    # Vetoes last: the most severe effect wins.
    effects = {n: leaf.veto for n, leaf in enumerate(leaves) if leaf.veto is not None}
    hit_effects = hits.assign(effect=hits["leaf"].map(effects)).dropna(subset=["effect"])
    excellence = hit_effects.loc[hit_effects["effect"] == VetoEffect.VETO_EXCELLENCE, "reporter"]
    disqualified = hit_effects.loc[hit_effects["effect"] == VetoEffect.DISQUALIFY, "reporter"]
    frame["veto"] = ""
    frame.loc[excellence, "veto"] = VetoEffect.VETO_EXCELLENCE.value
    frame.loc[excellence, "grade"] = frame.loc[excellence, "grade"].clip(lower=1)
    frame.loc[excellence, "klass"] = frame.loc[excellence, "klass"].clip(lower=2)
    frame.loc[disqualified, "veto"] = VetoEffect.DISQUALIFY.value
    frame.loc[disqualified, "grade"] = 3
    frame.loc[disqualified, "klass"] = 3
    honour.loc[excellence] = False
    honour.loc[disqualified] = False
    frame["honour"] = honour
    return frame[["composite", "rank", "klass", "grade", "honour", "interview", "veto"]]


def as_frames(
    *,
    groups: np.ndarray,
    superior: np.ndarray,
    records: np.ndarray,
    score_reporter: np.ndarray,
    score_leaf: np.ndarray,
    score_units: np.ndarray,
    vote_reporter: np.ndarray,
    vote_category: np.ndarray,
    vote_grade: np.ndarray,
    hit_reporter: np.ndarray,
    hit_leaf: np.ndarray,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The raw rows as the DataFrames a pandas user would start from."""
    reporters = pd.DataFrame({"group": groups, "superior": superior, "records": records})
    scores = pd.DataFrame({"reporter": score_reporter, "leaf": score_leaf, "units": score_units})
    votes = pd.DataFrame(
        {"reporter": vote_reporter, "category": vote_category, "grade": vote_grade}
    )
    hits = pd.DataFrame({"reporter": hit_reporter, "leaf": hit_leaf})
    return reporters, scores, votes, hits

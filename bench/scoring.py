"""Benchmark: a province-size round scored end to end by the engine, against pandas.

    ./dev bench scoring [--quick] [--seed N]

Generates in-process 100,000 reporters in 5,000 peer groups, 5 million on-site rating rows and
1 million indicator scores (``--quick``: a tenth), then times (1) the engine — aggregating the
raw rows, fixed-point scores, ranks, classes, grades, honours, interviews, vetoes — and (2) a
plain pandas implementation of the same rules (``bench/scoring_pandas.py``), checks that both
give identical results, and prints the times and the ratio. Notes: docs/bench-scoring.md.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from bench.harness import print_ratio, table, timeit
from bench.scoring_pandas import as_frames, score_round
from shuzhi.scoring.engine import (
    Indicator,
    IndicatorKind,
    RoundRules,
    SourceWeights,
    VetoEffect,
)
from shuzhi.scoring.engine.core import decide_table, prepare
from shuzhi.scoring.engine.fast import score_table
from shuzhi.scoring.engine.outcomes import VETO_ORDER, Decisions
from shuzhi.scoring.engine.table import ScoreTable, from_rows

D = Decimal
RULES = RoundRules(
    weights=SourceWeights(indicators=D(50), onsite=D(30), superior=D(10), records=D(10)),
    honours_top_n=100,
    interview_bottom_n=1,
)
INDICATORS = [
    Indicator("A", "党建责任", cap=D(60)),
    Indicator("A1", "班子建设", parent="A", max_points=D(25)),
    Indicator("A2", "党员管理", parent="A", max_points=D(25)),
    Indicator("A3", "阵地建设", parent="A", max_points=D(20)),
    Indicator("B", "创新加分", kind=IndicatorKind.BONUS, max_points=D(10), cap=D(5)),
    Indicator("X", "工作失误", kind=IndicatorKind.DEDUCTION, max_points=D(10), floor=D(-6)),
    Indicator("C", "安全事故", kind=IndicatorKind.CONSTRAINT, veto=VetoEffect.DISQUALIFY),
    Indicator("E", "负面清单", kind=IndicatorKind.CONSTRAINT, veto=VetoEffect.VETO_EXCELLENCE),
]
SCORED_LEAVES = (0, 1, 2, 3, 4)  # A1, A2, A3, B, X (C and E are hit, not scored)
MAXIMA = np.array([25, 25, 20, 10, 10]) * 100  # in 0.01 points


@dataclass(frozen=True)
class Size:
    reporters: int
    groups: int
    ratings: int
    scores: int


FULL = Size(100_000, 5_000, 5_000_000, 1_000_000)
QUICK = Size(10_000, 500, 500_000, 100_000)


def generate(size: Size, seed: int) -> dict[str, np.ndarray]:
    """Raw rows of a round: every array the engine and pandas read."""
    rng = np.random.default_rng(seed)
    n = size.reporters
    groups = rng.permutation(np.arange(n) % size.groups)
    per_reporter = size.scores // n
    score_reporter = np.repeat(np.arange(n), per_reporter)
    score_leaf = np.tile(np.repeat(SCORED_LEAVES, per_reporter // len(SCORED_LEAVES)), n)
    # Scores in 0.01 points, skewed high like real marks; stored in the engine's 10^-4 units.
    quality = rng.beta(5, 2, n)[score_reporter]
    noise = rng.normal(0, 0.08, len(score_reporter))
    fraction = np.clip(quality + noise, 0, 1)
    score_units = np.rint(fraction * MAXIMA[score_leaf]).astype(np.int64) * 100
    vote_reporter = rng.integers(0, n, size.ratings)
    vote_category = rng.integers(0, 4, size.ratings)
    vote_grade = np.minimum(rng.geometric(0.6, size.ratings) - 1, 3)
    hit_reporter = rng.choice(n, n // 200, replace=False)
    hit_leaf = np.where(rng.random(len(hit_reporter)) < 0.3, 5, 6)  # C or E
    return {
        "groups": groups.astype(np.int64),
        "superior": rng.integers(60, 101, n).astype(np.int64) * 10_000,
        "records": rng.integers(5000, 10001, n).astype(np.int64) * 100,
        "score_reporter": score_reporter,
        "score_leaf": score_leaf.astype(np.int64),
        "score_units": score_units,
        "vote_reporter": vote_reporter,
        "vote_category": vote_category,
        "vote_grade": vote_grade.astype(np.int64),
        "hit_reporter": hit_reporter,
        "hit_leaf": hit_leaf.astype(np.int64),
    }


@dataclass(frozen=True)
class EngineResult:
    composites: np.ndarray
    decisions: Decisions


def engine_table(rules: RoundRules, tree: Any, data: dict[str, np.ndarray]) -> ScoreTable:
    """The engine's input table from the raw rows (reporters and groups by number)."""
    n = len(data["groups"])
    return from_rows(
        rules,
        tree,
        reporter_ids=[str(i) for i in range(n)],
        group_names=[str(g) for g in range(int(data["groups"].max()) + 1)],
        groups=data["groups"],
        score_reporter=data["score_reporter"],
        score_leaf=data["score_leaf"],
        score_units=data["score_units"],
        vote_reporter=data["vote_reporter"],
        vote_category=data["vote_category"],
        vote_grade=data["vote_grade"],
        entered=np.stack([data["superior"], data["records"]], axis=1),
        hit_reporter=data["hit_reporter"],
        hit_leaf=data["hit_leaf"],
    )


def run_engine(data: dict[str, np.ndarray]) -> EngineResult:
    tree = prepare(RULES, INDICATORS)
    table = engine_table(RULES, tree, data)
    scores = score_table(RULES, tree, table)
    return EngineResult(scores.composites, decide_table(RULES, tree, table, scores))


def run_pandas(data: dict[str, np.ndarray]) -> pd.DataFrame:
    reporters, scores, votes, hits = as_frames(**data)
    return score_round(RULES, INDICATORS, reporters, scores, votes, hits)


def compare(result: EngineResult, frame: pd.DataFrame) -> list[str]:
    """Names of the outcome columns that differ (empty when identical)."""
    engine = result.decisions
    veto_names = np.array(["", *[effect.value for effect in VETO_ORDER]])
    pairs = {
        "composite": (result.composites, frame["composite"].to_numpy()),
        "rank": (engine.ranking.rank, frame["rank"].to_numpy()),
        "class": (engine.klass, frame["klass"].to_numpy()),
        "grade": (engine.grade, frame["grade"].to_numpy()),
        "honour": (engine.honour, frame["honour"].to_numpy()),
        "interview": (engine.interview, frame["interview"].to_numpy()),
        "veto": (veto_names[engine.veto + 1], frame["veto"].to_numpy()),
    }
    return [name for name, (ours, theirs) in pairs.items() if not np.array_equal(ours, theirs)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="./dev bench scoring", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of the province size")
    parser.add_argument("--seed", type=int, default=2016)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    size = QUICK if args.quick else FULL
    data = generate(size, args.seed)
    print(
        f"一轮考核：{size.reporters:,} 名述职人，{size.groups:,} 个排名分组，"
        f"{size.ratings:,} 条测评票，{size.scores:,} 条指标得分"
    )
    engine_result = run_engine(data)
    pandas_result = run_pandas(data)
    differences = compare(engine_result, pandas_result)
    if differences:
        print(f"结果不一致：{', '.join(differences)}", file=sys.stderr)
        return 1
    engine_time = timeit(lambda: run_engine(data), repeat=args.repeat)
    pandas_time = timeit(lambda: run_pandas(data), repeat=args.repeat)
    counts = np.bincount(engine_result.decisions.klass, minlength=4)[1:]
    print(
        table(
            ["实现", "中位用时", "最快"],
            [
                ["engine (numpy fixed point)", str(engine_time), f"{engine_time.best_ms:.0f} ms"],
                ["pandas", str(pandas_time), f"{pandas_time.best_ms:.0f} ms"],
            ],
            title="端到端计分（聚合原始数据 → 综合得分 → 排名、类别、等次、表彰、约谈、否决）",
        )
    )
    print(f"结果一致：综合得分、排名、类别、等次、表彰、约谈、否决（一/二/三类 {counts.tolist()}）")
    print_ratio("engine vs pandas", pandas_time, engine_time)
    if engine_time.median_ms >= pandas_time.median_ms:
        print("引擎没有快于 pandas", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The benchmark's pandas baseline and the engine agree on a small generated round."""

from __future__ import annotations

import numpy as np
from bench.scoring import Size, compare, generate, run_engine, run_pandas


def test_engine_and_pandas_baseline_give_identical_outcomes() -> None:
    data = generate(Size(reporters=400, groups=20, ratings=8000, scores=4000), seed=7)
    engine = run_engine(data)
    assert compare(engine, run_pandas(data)) == []
    assert set(np.unique(engine.decisions.klass)) == {1, 2, 3}
    assert (engine.decisions.veto >= 0).any() and engine.decisions.interview.any()


def test_a_difference_is_reported() -> None:
    data = generate(Size(reporters=100, groups=5, ratings=2000, scores=1000), seed=8)
    frame = run_pandas(data)
    frame.loc[0, "rank"] += 1
    assert compare(run_engine(data), frame) == ["rank"]

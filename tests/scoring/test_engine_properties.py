"""Invariants of the scoring rules, checked on generated rounds (hypothesis)."""

from __future__ import annotations

import dataclasses
import json
from collections import defaultdict
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shuzhi.scoring.engine import (
    Grade,
    Indicator,
    Outcome,
    ReporterInput,
    RoundRules,
    ScoringError,
    SourceWeights,
    VetoEffect,
    compute,
    sensitivity,
)
from shuzhi.scoring.engine.core import prepare, score_round
from shuzhi.scoring.engine.fixedpoint import div_round
from shuzhi.scoring.engine.outcomes import head_count
from shuzhi.scoring.engine.reference import score_reporter
from shuzhi.scoring.engine.rules import build_tree
from shuzhi.scoring.engine.table import from_inputs
from tests.scoring.strategies import percents, rounds

Round = tuple[RoundRules, list[Indicator], list[ReporterInput]]
# Generating a round costs more than scoring it; 50 rounds per property keeps the suite quick.
EXAMPLES = settings(max_examples=50, deadline=None)


def by_group(outcomes: tuple[Outcome, ...]) -> dict[str, list[Outcome]]:
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        groups[outcome.group].append(outcome)
    return groups


@EXAMPLES
@given(rounds())
def test_fixed_point_path_equals_the_decimal_reference(round_: Round) -> None:
    rules, indicators, reporters = round_
    tree = build_tree(indicators)
    result = compute(rules, indicators, reporters)
    for reporter, outcome in zip(reporters, result.outcomes, strict=True):
        reference = score_reporter(rules, tree, reporter)
        assert outcome.composite == reference.composite
        assert outcome.subtotals == reference.subtotals
        # The vectorised breakdown: the reference's lines, in order, figures and notes.
        assert outcome.breakdown == reference.breakdown


@EXAMPLES
@given(rounds())
def test_breakdown_adds_up_to_the_composite(round_: Round) -> None:
    for outcome in compute(*round_).outcomes:
        assert sum((line.points for line in outcome.breakdown), Decimal(0)) == outcome.composite


@EXAMPLES
@given(rounds())
def test_ranks_agree_with_scores(round_: Round) -> None:
    for members in by_group(compute(*round_).outcomes).values():
        for outcome in members:
            better = sum(other.composite > outcome.composite for other in members)
            assert outcome.rank == better + 1
            assert outcome.group_size == len(members)


@EXAMPLES
@given(rounds(hits=False))
def test_quotas_partition_each_group_and_ties_never_split(round_: Round) -> None:
    rules, _, _ = round_
    for members in by_group(compute(*round_).outcomes).values():
        size = np.array([len(members)])
        members.sort(key=lambda o: o.rank)
        classes = [o.klass for o in members]
        assert classes == sorted(classes) and set(classes) <= {1, 2, 3}
        for a in members:
            for b in members:
                if a.composite == b.composite:
                    assert (a.klass, a.grade, a.interview) == (b.klass, b.grade, b.interview)
        cumulative = Decimal(0)
        for klass, share in enumerate(rules.class_quotas[:2], start=1):
            cumulative += share
            quota = int(head_count(size, cumulative, rules.quota_rounding)[0])
            inside = [o for o in members if o.klass <= klass]
            # The class boundary moves only to keep a tie together.
            if len(inside) != quota:
                boundary = members[min(len(inside), quota)]
                straddling = [o for o in members if o.composite == boundary.composite]
                assert any(o.klass <= klass for o in straddling) or len(inside) < quota
                assert {o.rank for o in straddling} == {boundary.rank}


@EXAMPLES
@given(rounds(), st.data())
def test_raising_an_input_never_lowers_that_reporters_rank(
    round_: Round, data: st.DataObject
) -> None:
    rules, indicators, reporters = round_
    index = data.draw(st.integers(0, len(reporters) - 1))
    before = compute(rules, indicators, reporters).outcomes[index]
    reporter = reporters[index]
    bump = Decimal(data.draw(st.integers(1, 3000))).scaleb(-2)
    which = data.draw(st.sampled_from(["superior", "records", "A2", "vote"]))
    if which == "A2":
        scores = reporter.indicator_scores.get("A2", (Decimal(0),))
        raised = (min(scores[0] + bump, Decimal(30)), *scores[1:])
        reporter = dataclasses.replace(
            reporter, indicator_scores={**reporter.indicator_scores, "A2": raised}
        )
    elif which == "vote":
        onsite = {c: dict(counts) for c, counts in reporter.onsite.items()}
        # A vote moved from 差 to 好 in a category that already voted cannot lower the mean.
        for counts in onsite.values():
            if counts.get("poor", 0):
                counts["poor"] -= 1
                counts["good"] = counts.get("good", 0) + 1
                break
        reporter = dataclasses.replace(reporter, onsite=onsite)
    else:
        current = getattr(reporter, which) or Decimal(0)
        # Within the score's range (0-100): the engine refuses a score above it.
        reporter = dataclasses.replace(reporter, **{which: min(current + bump, Decimal(100))})
    changed = [*reporters[:index], reporter, *reporters[index + 1 :]]
    after = compute(rules, indicators, changed).outcomes[index]
    assert after.composite >= before.composite
    assert after.rank <= before.rank


@EXAMPLES
@given(rounds())
def test_a_veto_is_always_enforced(round_: Round) -> None:
    _, indicators, reporters = round_
    nodes = {indicator.code: indicator for indicator in indicators}
    for reporter, outcome in zip(reporters, compute(*round_).outcomes, strict=True):
        effects = {nodes[code].veto for code in reporter.constraint_hits}
        if VetoEffect.DISQUALIFY in effects:
            assert outcome.veto is VetoEffect.DISQUALIFY
            assert (outcome.grade, outcome.klass, outcome.honour) == (Grade.POOR, 3, None)
            assert outcome.pay_share == 0
        if VetoEffect.VETO_EXCELLENCE in effects:
            assert outcome.grade is not Grade.EXCELLENT
            assert outcome.klass >= 2 and outcome.honour is None
        for code in reporter.constraint_hits:
            allowed = nodes[code].veto_grade
            if nodes[code].veto is VetoEffect.CAP_GRADE and allowed is not None:
                assert outcome.grade.order >= allowed.order and outcome.honour is None
        if effects == {VetoEffect.AFFIRM}:
            assert outcome.grade is Grade.EXCELLENT
        if effects:
            assert outcome.veto is not None and outcome.veto_reason
        else:
            assert outcome.veto is None and not outcome.veto_reason


@EXAMPLES
@given(percents(4), st.integers(-500, 500).filter(bool))
def test_weights_must_sum_to_one_hundred(weights: list[Decimal], error: int) -> None:
    fine = SourceWeights(*weights)
    compute(RoundRules(weights=fine), [], [])
    broken = SourceWeights(weights[0] + Decimal(error).scaleb(-2), *weights[1:])
    if broken.indicators < 0:
        return
    with pytest.raises(ScoringError, match="各项来源权重之和必须为 100%"):
        compute(RoundRules(weights=broken), [], [])


@EXAMPLES
@given(rounds(max_reporters=8))
def test_sensitivity_bounds_the_base_rank(round_: Round) -> None:
    result = compute(*round_).by_reporter()
    for shift in sensitivity(*round_):
        assert shift.rank == result[shift.reporter_id].rank
        assert shift.best <= shift.rank <= shift.worst
        assert shift.robust == (shift.best == shift.worst == shift.rank)


@settings(max_examples=400, deadline=None)
@given(
    st.integers(-(10**12), 10**12),
    st.integers(1, 10**6),
    st.sampled_from(["ROUND_HALF_UP", "ROUND_HALF_EVEN", "ROUND_DOWN"]),
)
def test_integer_rounding_matches_decimal_quantize(
    numerator: int, denominator: int, mode: str
) -> None:
    expected = int((Decimal(numerator) / Decimal(denominator)).quantize(Decimal(1), rounding=mode))
    assert div_round(numerator, denominator, mode) == expected
    array = div_round(np.array([numerator], dtype=np.int64), denominator, mode)
    assert int(array[0]) == expected


@EXAMPLES
@given(rounds(max_reporters=30))
def test_a_large_round_checks_a_spread_sample_against_the_reference(round_: Round) -> None:
    from shuzhi.scoring.engine import core

    rules, indicators, reporters = round_
    rows = core.reference_rows(len(reporters))
    assert rows == list(range(len(reporters)))
    original = core.REFERENCE_SAMPLE
    core.REFERENCE_SAMPLE = 5
    try:
        sample = core.reference_rows(len(reporters))
        assert len(sample) <= 5 and sample[0] == 0 and sample[-1] == len(reporters) - 1
        compute(rules, indicators, reporters)
    finally:
        core.REFERENCE_SAMPLE = original


@given(st.lists(st.integers(-(10**15), 10**15), max_size=20), st.integers(0, 6))
def test_decimal_texts_are_the_decimals_text(units: list[int], decimals: int) -> None:
    from shuzhi.scoring.engine.fixedpoint import decimal_texts, from_units

    texts = decimal_texts(np.array(units, dtype=np.int64), decimals)
    assert texts == [str(from_units(u, decimals)) for u in units]


def _line_text(line: tuple[object, ...]) -> str:
    """One stored line as the per-line formatting wrote it before the printf templates."""
    source, item, *figures = line
    head = json.dumps([source, item], ensure_ascii=False)[:-1]
    return head + "," + ",".join("null" if f is None else str(f) for f in figures) + "]"


@EXAMPLES
@given(rounds(), st.data())
def test_breakdown_texts_are_every_reporters_lines(round_: Round, data: st.DataObject) -> None:
    """The stored text of the lines, formatted by templates per kind of reporter, is each
    reporter's lines, byte for byte what formatting line by line gives, for any choice of rows."""
    rules, indicators, reporters = round_
    tree = prepare(rules, indicators)
    lines = score_round(rules, tree, from_inputs(rules, tree, reporters)).lines
    everyone = lines.texts()
    rows = data.draw(st.lists(st.integers(0, len(reporters) - 1), max_size=len(reporters)))
    chosen = lines.texts(np.array(rows, dtype=np.int64))
    for row, text in [*enumerate(everyone), *zip(rows, chosen, strict=True)]:
        expected = lines.of(row)
        assert json.loads(text) == [list(line) for line in expected]
        assert text == "[" + ",".join(_line_text(line) for line in expected) + "]"

"""Hand-computed examples of the scoring rules (docs/scoring.md)."""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

import pytest

from shuzhi.scoring.engine import (
    EvaluationGrade,
    Grade,
    Indicator,
    LevelWeight,
    QuotaRounding,
    ReporterInput,
    RoundRules,
    ScoringError,
    SourceWeights,
    TieRule,
    VetoEffect,
    compute,
    sensitivity,
)
from tests.scoring.strategies import example_tree

D = Decimal
TREE = example_tree()


def plain(scores: list[int] | list[str], group: str = "g") -> list[ReporterInput]:
    """Reporters scored only on the superior's evaluation, so the composite is that score;
    ids are the group name and the position (g1, g2, …)."""
    return [
        ReporterInput(f"{group}{i + 1}", group, superior=D(score)) for i, score in enumerate(scores)
    ]


SUPERIOR_ONLY = SourceWeights(indicators=D(0), superior=D(100))


def test_composite_adds_weighted_sources_with_caps_and_means() -> None:
    rules = RoundRules(weights=SourceWeights(indicators=D(60), onsite=D(30), superior=D(10)))
    reporter = ReporterInput(
        "r1",
        "g",
        indicator_scores={
            "A1": (D(28), D(29), D(27)),  # mean 28
            "A2": (D(25),),
            "B": (D(6), D(7)),  # mean 6.5, held at the cap of 5
            "X": (D(4),),  # −4, held at the floor of −3
        },
        onsite={
            "leader": {EvaluationGrade.GOOD: 3, EvaluationGrade.FAIR: 1}
        },  # (300 + 80) / 4 = 95
        superior=D(90),
    )
    (outcome,) = compute(rules, TREE, [reporter]).outcomes
    # indicators 28 + 25 + 5 − 3 = 55; composite 0.6·55 + 0.3·95 + 0.1·90 = 70.5
    assert outcome.subtotals["indicators"] == D(55)
    assert outcome.subtotals["onsite"] == D(95)
    assert outcome.composite == D("70.50")
    assert sum(line.points for line in outcome.breakdown) == outcome.composite
    caps = {line.item: line.points for line in outcome.breakdown if line.item.startswith("cap:")}
    assert caps == {"cap:B": D("-0.9"), "cap:X": D("0.6")}


def test_onsite_weights_only_the_categories_that_voted() -> None:
    rules = RoundRules(weights=SourceWeights(indicators=D(0), onsite=D(100)))
    reporter = ReporterInput(
        "r1",
        "g",
        onsite={"leader": {EvaluationGrade.GOOD: 1}, "masses": {EvaluationGrade.AVERAGE: 2}},
    )
    (outcome,) = compute(rules, TREE, [reporter]).outcomes
    # (30·100 + 20·60) / (30 + 20) = 84
    assert outcome.composite == D("84.00")


@pytest.mark.parametrize(
    ("mode", "expected"),
    [(ROUND_HALF_UP, "2.35"), (ROUND_HALF_EVEN, "2.34"), (ROUND_DOWN, "2.34")],
)
def test_mean_is_rounded_with_the_rounds_mode(mode: str, expected: str) -> None:
    rules = RoundRules(rounding=mode)
    reporter = ReporterInput("r1", "g", indicator_scores={"A1": (D("2.34"), D("2.35"))})
    (outcome,) = compute(rules, TREE, [reporter]).outcomes
    assert outcome.composite == D(expected)


def test_composite_is_rounded_once_and_the_rounding_is_a_breakdown_line() -> None:
    rules = RoundRules(weights=SourceWeights(indicators=D("33.33"), superior=D("66.67")))
    reporter = ReporterInput("r1", "g", indicator_scores={"A1": (D(10),)}, superior=D(1))
    (outcome,) = compute(rules, TREE, [reporter]).outcomes
    # 3.333 + 0.6667 = 3.9997 → 4.00
    assert outcome.composite == D("4.00")
    rounding = [line for line in outcome.breakdown if line.source == "composite"]
    assert rounding[0].points == D("0.0003")


def test_two_levels_combine_into_the_composite() -> None:
    rules = RoundRules(
        weights=SourceWeights(
            indicators=D(0), levels=(LevelWeight("市级", D(40)), LevelWeight("县级", D(60)))
        )
    )
    reporter = ReporterInput("r1", "g", levels={"市级": D(80), "县级": D(90)})
    (outcome,) = compute(rules, TREE, [reporter]).outcomes
    assert outcome.composite == D("86.00")


def test_weights_must_sum_to_one_hundred() -> None:
    rules = RoundRules(weights=SourceWeights(indicators=D(60), onsite=D(30)))
    with pytest.raises(ScoringError, match="之和必须为 100%，当前为 90%"):
        compute(rules, TREE, plain([1]))


def test_equal_composites_share_a_rank_and_the_next_rank_skips() -> None:
    result = compute(RoundRules(weights=SUPERIOR_ONLY), TREE, plain([90, 80, 80, 70]))
    assert [o.rank for o in result.outcomes] == [1, 2, 2, 4]


def test_default_quotas_split_ten_into_two_five_three() -> None:
    scores = list(range(100, 90, -1))
    result = compute(RoundRules(weights=SUPERIOR_ONLY), TREE, plain(scores))
    assert [o.klass for o in result.outcomes] == [1, 1, 2, 2, 2, 2, 2, 3, 3, 3]
    assert [o.pay_share for o in result.outcomes][:3] == [D(100), D(100), D(50)]


@pytest.mark.parametrize(
    ("tie_rule", "classes"),
    [(TieRule.UP, [1, 1, 1, 2, 2, 2, 2, 3, 3, 3]), (TieRule.DOWN, [1, 2, 2, 2, 2, 2, 2, 3, 3, 3])],
)
def test_ties_at_a_boundary_are_never_split(tie_rule: TieRule, classes: list[int]) -> None:
    scores = [100, 99, 99, 97, 96, 95, 94, 93, 92, 91]
    rules = RoundRules(weights=SUPERIOR_ONLY, tie_rule=tie_rule)
    result = compute(rules, TREE, plain(scores))
    assert [o.klass for o in result.outcomes] == classes


@pytest.mark.parametrize(
    ("rounding", "classes"),
    [(QuotaRounding.HALF_UP, [1, 2, 3]), (QuotaRounding.DOWN, [2, 2, 3])],
)
def test_quota_head_counts_round_cumulative_shares(
    rounding: QuotaRounding, classes: list[int]
) -> None:
    # 20% of 3 = 0.6 and 70% of 3 = 2.1
    rules = RoundRules(weights=SUPERIOR_ONLY, quota_rounding=rounding)
    result = compute(rules, TREE, plain([90, 80, 70]))
    assert [o.klass for o in result.outcomes] == classes


def test_grades_by_threshold() -> None:
    result = compute(RoundRules(weights=SUPERIOR_ONLY), TREE, plain([95, 85, "79.99", 60, 59]))
    assert [o.grade.label for o in result.outcomes] == ["优秀", "良好", "一般", "一般", "较差"]


@pytest.mark.parametrize(
    ("top_n", "honoured"),
    [(1, ["g1"]), (2, ["g1", "g2", "g3"]), (4, ["g1", "g2", "g3", "h1"])],
)
def test_honours_go_to_the_best_of_class_one_ties_included(top_n: int, honoured: list[str]) -> None:
    rules = RoundRules(
        weights=SUPERIOR_ONLY, honours_top_n=top_n, class_quotas=(D(50), D(50), D(0))
    )
    # class 1: g1 and the tied g2, g3 (rule: up), and h1 — h2 is not in class 1
    reporters = [*plain([99, 98, 98, 90]), *plain([97, 10], group="h")]
    result = compute(rules, TREE, reporters)
    assert [o.reporter_id for o in result.outcomes if o.honour == "十佳"] == honoured


def test_bottom_n_are_interviewed_with_ties() -> None:
    rules = RoundRules(weights=SUPERIOR_ONLY, interview_bottom_n=1)
    result = compute(rules, TREE, plain([90, 80, 70, 70]))
    assert [o.interview for o in result.outcomes] == [False, False, True, True]
    assert result.outcomes[2].interview_reason == "bottom_rank"


def test_bottom_percent_is_a_share_of_each_group() -> None:
    rules = RoundRules(weights=SUPERIOR_ONLY, interview_bottom_percent=D(10))
    result = compute(rules, TREE, [*plain(list(range(80, 60, -1))), *plain([50, 40], "h")])
    flagged = [o.reporter_id for o in result.outcomes if o.interview]
    # 10% of 20 = 2; 10% of 2 = 0.2 → 0
    assert flagged == ["g19", "g20"]  # 2 of 20, then 10% of 2 = 0.2 → 0


def test_vetoes_are_applied_last_and_the_most_severe_wins() -> None:
    rules = RoundRules(weights=SUPERIOR_ONLY, honours_top_n=5)
    reporters = [
        ReporterInput("best", "g", superior=D(99), constraint_hits=frozenset({"C", "F"})),
        ReporterInput("second", "g", superior=D(98), constraint_hits=frozenset({"E"})),
        ReporterInput("third", "g", superior=D(97), constraint_hits=frozenset({"G"})),
        ReporterInput("low", "g", superior=D(50), constraint_hits=frozenset({"F"})),
        ReporterInput("plain", "g", superior=D(40)),
    ]
    outcomes = compute(rules, TREE, reporters).by_reporter()
    best = outcomes["best"]
    assert (best.rank, best.grade, best.klass, best.honour) == (1, Grade.POOR, 3, None)
    assert best.veto is VetoEffect.DISQUALIFY and best.pay_share == 0
    assert best.veto_reason.startswith("一票否决：安全事故（C）")
    assert "一票肯定：党建示范（F）" in best.veto_reason
    second = outcomes["second"]
    assert (second.grade, second.klass, second.honour) == (Grade.GOOD, 2, None)
    third = outcomes["third"]
    assert (third.grade, third.klass) == (Grade.ADEQUATE, 3)
    low = outcomes["low"]
    assert (low.grade, low.veto) == (Grade.EXCELLENT, VetoEffect.AFFIRM)


def test_bad_input_names_the_reporter_and_the_item() -> None:
    reporter = ReporterInput("张三", "g", indicator_scores={"A1": (D(31),)})
    with pytest.raises(ScoringError, match="述职人「张三」指标「A1」的得分超过满分 30"):
        compute(RoundRules(), TREE, [reporter])
    with pytest.raises(ScoringError, match="只能给末级指标打分"):
        compute(RoundRules(), TREE, [ReporterInput("r", "g", indicator_scores={"A": (D(1),)})])
    with pytest.raises(ScoringError, match="最多保留 4 位小数"):
        compute(RoundRules(weights=SUPERIOR_ONLY), TREE, plain(["1.23456"]))


def test_indicator_tree_faults_are_refused() -> None:
    cycle = [Indicator("P", "甲", parent="Q"), Indicator("Q", "乙", parent="P")]
    with pytest.raises(ScoringError, match="循环"):
        compute(RoundRules(), cycle, [])
    with pytest.raises(ScoringError, match="不是约束项"):
        compute(RoundRules(), [Indicator("P", "甲", veto=VetoEffect.DISQUALIFY)], [])


def test_sensitivity_flags_ranks_that_a_five_point_shift_changes() -> None:
    rules = RoundRules(weights=SourceWeights(indicators=D(50), superior=D(50)))
    full = {"A1": (D(30),), "A2": (D(30),)}
    reporters = [
        ReporterInput("a", "g", indicator_scores={**full, "B": (D(5),)}, superior=D(50)),
        ReporterInput("b", "g", indicator_scores=full, superior=D(56)),
        ReporterInput("c", "g", superior=D(10)),
    ]
    # base: a = (65 + 50) / 2 = 57.5 < b = (60 + 56) / 2 = 58;
    # indicators 55 / superior 45: a = 58.25 > b = 58.20
    shifts = {shift.reporter_id: shift for shift in sensitivity(rules, TREE, reporters, delta=5)}
    assert (shifts["a"].rank, shifts["a"].best, shifts["a"].worst) == (2, 1, 2)
    assert not shifts["a"].robust
    assert {(s.source, s.delta, s.rank) for s in shifts["a"].shifts} == {
        ("indicators", D(5), 1),
        ("superior", D(-5), 1),
    }
    assert (shifts["b"].rank, shifts["b"].worst) == (1, 2)
    assert shifts["c"].robust and shifts["c"].rank == 3

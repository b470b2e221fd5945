"""Hypothesis strategies for scoring rounds: rules, a small indicator tree, reporters."""

from __future__ import annotations

import dataclasses
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

from hypothesis import strategies as st

from shuzhi.scoring.engine import (
    EvaluationGrade,
    Grade,
    GradingMode,
    Indicator,
    IndicatorKind,
    LevelWeight,
    QuotaRounding,
    ReporterInput,
    RoundRules,
    SourceWeights,
    TieRule,
    VetoEffect,
)

D = Decimal
ONE, FIVE, MINUS_THREE = D(1), D(5), D(-3)
CATEGORIES = ("leader", "representative", "member", "masses")
GROUPS = ("g", "h", "k")
CONSTRAINTS = ("C", "E", "F", "G")


@st.composite
def percents(draw: st.DrawFn, parts: int, whole: bool = False) -> list[Decimal]:
    """``parts`` non-negative percents with at most 2 decimals that add up to exactly 100."""
    step = 100 if whole else 1
    cuts = sorted(
        draw(st.lists(st.integers(0, 10000 // step), min_size=parts - 1, max_size=parts - 1))
    )
    bounds = [0, *[c * step for c in cuts], 10000]
    return [D(bounds[i + 1] - bounds[i]).scaleb(-2) for i in range(parts)]


@st.composite
def rules(draw: st.DrawFn) -> RoundRules:
    weights = draw(percents(6))
    voter = draw(percents(4))
    quotas = draw(percents(3, whole=draw(st.booleans())))
    grading = draw(st.sampled_from(GradingMode))
    grade_quotas = draw(percents(4))
    bars = sorted(draw(st.lists(st.integers(0, 100), min_size=3, max_size=3)), reverse=True)
    use_n = draw(st.booleans())
    return RoundRules(
        weights=SourceWeights(
            indicators=weights[0],
            onsite=weights[1],
            superior=weights[2],
            records=weights[3],
            levels=(LevelWeight("市级", weights[4]), LevelWeight("县级", weights[5])),
        ),
        voter_weights=dict(zip(CATEGORIES, voter, strict=True)),
        grading=grading,
        grade_thresholds=dict(zip(list(Grade)[:3], map(D, bars), strict=True)),
        grade_quotas=dict(zip(Grade, grade_quotas, strict=True)),
        class_quotas=(quotas[0], quotas[1], quotas[2]),
        quota_rounding=draw(st.sampled_from(QuotaRounding)),
        tie_rule=draw(st.sampled_from(TieRule)),
        honours_top_n=draw(st.integers(0, 4)),
        interview_bottom_n=draw(st.integers(0, 3)) if use_n else 0,
        interview_bottom_percent=D(0) if use_n else D(draw(st.integers(0, 40))),
        places=draw(st.integers(0, 4)),
        rounding=draw(st.sampled_from((ROUND_HALF_UP, ROUND_HALF_EVEN, ROUND_DOWN))),
    )


def example_tree(
    *,
    group_cap: Decimal | None = None,
    group_floor: Decimal | None = None,
    a1_weight: Decimal = ONE,
    bonus_cap: Decimal | None = FIVE,
    deduction_floor: Decimal | None = MINUS_THREE,
    cap_grade: Grade = Grade.ADEQUATE,
) -> list[Indicator]:
    """A small tree with every kind of item and every veto effect."""
    return [
        Indicator("A", "基础工作", cap=group_cap, floor=group_floor),
        Indicator("A1", "组织建设", parent="A", max_points=D(30), weight=a1_weight),
        Indicator("A2", "队伍建设", parent="A", max_points=D(30)),
        Indicator("B", "创新加分", kind=IndicatorKind.BONUS, cap=bonus_cap),
        Indicator("X", "工作失误", kind=IndicatorKind.DEDUCTION, floor=deduction_floor),
        Indicator("C", "安全事故", kind=IndicatorKind.CONSTRAINT, veto=VetoEffect.DISQUALIFY),
        Indicator("E", "负面清单", kind=IndicatorKind.CONSTRAINT, veto=VetoEffect.VETO_EXCELLENCE),
        Indicator("F", "党建示范", kind=IndicatorKind.CONSTRAINT, veto=VetoEffect.AFFIRM),
        Indicator(
            "G",
            "信访问题",
            kind=IndicatorKind.CONSTRAINT,
            veto=VetoEffect.CAP_GRADE,
            veto_grade=cap_grade,
        ),
    ]


@st.composite
def indicator_trees(draw: st.DrawFn) -> list[Indicator]:
    group_floor = draw(st.none() | st.integers(-10, 0))
    lowest = -20 if group_floor is None else group_floor
    group_cap = draw(st.none() | st.integers(lowest, 60))
    return example_tree(
        group_cap=None if group_cap is None else D(group_cap),
        group_floor=None if group_floor is None else D(group_floor),
        a1_weight=D(draw(st.sampled_from(["1", "0.5", "1.25"]))),
        bonus_cap=draw(st.none() | st.integers(-20, 60).map(D)),
        deduction_floor=draw(st.none() | st.integers(-10, 0).map(D)),
        cap_grade=draw(st.sampled_from(Grade)),
    )


def scores(high: int) -> st.SearchStrategy[Decimal]:
    return st.integers(0, high * 100).map(lambda units: D(units).scaleb(-2))


def _hundredths(units: int) -> Decimal:
    return D(units).scaleb(-2)


LEAVES = (("A1", 30), ("A2", 30), ("B", 10), ("X", 10), ("C", 5))


@st.composite
def reporter_inputs(draw: st.DrawFn, reporter_id: str, hits: bool = True) -> ReporterInput:
    # Few, wide draws: generating a round must stay cheaper than scoring it.
    indicator_scores = {}
    for code, high in LEAVES:
        marks = draw(st.lists(st.integers(0, high * 100), max_size=4))
        if marks:
            indicator_scores[code] = tuple(map(_hundredths, marks))
    present = draw(st.integers(0, 15))
    counts = draw(st.lists(st.integers(0, 5), min_size=16, max_size=16))
    onsite = {
        category: dict(zip(EvaluationGrade, counts[4 * i : 4 * i + 4], strict=True))
        for i, category in enumerate(CATEGORIES)
        if present >> i & 1
    }
    superior, records, city, county = draw(st.lists(st.integers(-1, 10000), min_size=4, max_size=4))
    return ReporterInput(
        reporter_id=reporter_id,
        group=draw(st.sampled_from(GROUPS)),
        indicator_scores=indicator_scores,
        onsite=onsite,
        superior=None if superior < 0 else _hundredths(superior),
        records=None if records < 0 else _hundredths(records),
        levels={"市级": _hundredths(max(city, 0)), "县级": _hundredths(max(county, 0))},
        constraint_hits=frozenset(draw(st.sets(st.sampled_from(CONSTRAINTS), max_size=2)))
        if hits
        else frozenset(),
    )


@st.composite
def rounds(
    draw: st.DrawFn, hits: bool = True, max_reporters: int = 12
) -> tuple[RoundRules, list[Indicator], list[ReporterInput]]:
    """A round; some reporters copy an earlier one's inputs so that ties occur often."""
    count = draw(st.integers(1, max_reporters))
    reporters: list[ReporterInput] = []
    for i in range(count):
        if reporters and draw(st.integers(0, 3)) == 0:
            twin = reporters[draw(st.integers(0, len(reporters) - 1))]
            reporters.append(dataclasses.replace(twin, reporter_id=f"r{i}"))
        else:
            reporters.append(draw(reporter_inputs(f"r{i}", hits=hits)))
    return draw(rules()), draw(indicator_trees()), reporters

"""The pure rules of 双述双评: the vote window, the scores, ranking, the 公示 period."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from shuzhi.meetings.rules import DEFAULT_GRADE_POINTS, GRADES
from shuzhi.villages import rules

points = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)
OPENS = datetime(2026, 7, 1, 8, 0)
CLOSES = datetime(2026, 7, 4, 18, 0)


@given(st.integers(min_value=-10_000, max_value=10_000))
def test_a_vote_is_taken_exactly_inside_the_window(minutes: int) -> None:
    now = OPENS + timedelta(minutes=minutes)
    refusal = rules.window_refusal(now, OPENS, CLOSES)
    assert (refusal is None) == (OPENS <= now < CLOSES)
    if now < OPENS:
        assert refusal and "开始" in refusal
    elif now >= CLOSES:
        assert refusal and "结束" in refusal


@given(st.dictionaries(st.integers(0, 50), points, min_size=1, max_size=30))
def test_ranks_follow_totals_and_ties_share_a_place(totals: dict[int, Decimal]) -> None:
    ranks = rules.competition_ranks(totals)
    for a, ta in totals.items():
        assert ranks[a] == 1 + sum(1 for t in totals.values() if t > ta)


@given(points, points, st.integers(0, 100))
def test_the_combined_score_lies_between_its_parts(a: Decimal, e: Decimal, w: int) -> None:
    total = rules.combined_score(a, e, w)
    assert min(a, e) <= total <= max(a, e)
    assert rules.combined_score(a, e, 100) == a and rules.combined_score(a, e, 0) == e


@given(st.lists(st.tuples(st.sampled_from(rules.AssessorKind.values), points), max_size=20))
def test_each_kind_of_assessor_counts_alike(scores: list[tuple[str, Decimal]]) -> None:
    result = rules.assessor_score(scores)
    if not scores:
        assert result is None
        return
    values = [s for _, s in scores]
    assert result is not None and min(values) <= result <= max(values)
    # Ten more township cadres with the same scores change nothing.
    cadre_scores = [s for k, s in scores if k == "township_cadre"]
    assert rules.assessor_score(scores + [("township_cadre", s) for s in cadre_scores]) == result


@given(st.lists(st.sampled_from(GRADES), max_size=50))
def test_the_democratic_score_is_the_mean_grade_points(grades: list[str]) -> None:
    score = rules.evaluation_score(grades, DEFAULT_GRADE_POINTS)
    if not grades:
        assert score is None
    else:
        assert score is not None and Decimal(0) <= score <= Decimal(100)


def test_a_good_and_a_fair_vote_average_ninety() -> None:
    assert rules.evaluation_score(["good", "fair"], DEFAULT_GRADE_POINTS) == Decimal(90)


@given(st.integers(-5, 15), st.integers(0, 3))
def test_objections_and_finality_follow_the_period(offset: int, unanswered: int) -> None:
    published, closes = date(2026, 7, 10), date(2026, 7, 14)
    day = published + timedelta(days=offset)
    assert (rules.objection_refusal(day, published, closes) is None) == (published <= day <= closes)
    final = rules.finalization_refusal(day, closes, unanswered) is None
    assert final == (day > closes and unanswered == 0)

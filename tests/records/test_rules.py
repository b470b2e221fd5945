"""Property tests of the pure records rules: completion, being behind, the records score."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from shuzhi.records import rules

kinds = st.sampled_from(rules.WorkKind.values)
days = st.decimals(min_value=0, max_value=31, places=1)
entries = st.lists(
    st.builds(
        rules.Entry,
        kind=kinds,
        occurred_on=st.dates(date(2026, 1, 1), date(2026, 12, 31)),
        days=days,
        place=st.sampled_from(["", "V1", "V2", "V3"]),
    ),
    max_size=40,
)
targets = st.lists(
    st.builds(
        rules.Target,
        kind=kinds,
        measure=st.sampled_from(rules.TargetMeasure.values),
        minimum=st.decimals(min_value=0, max_value=400, places=1),
        days_per_place=st.decimals(min_value=0, max_value=60, places=1),
    ),
    max_size=5,
)
share = st.decimals(min_value=0, max_value=1, places=4)
points = st.lists(st.decimals(min_value=-50, max_value=50, places=2), max_size=10)


@given(targets, entries)
def test_completion_is_a_share(targets_, entries_):  # type: ignore[no-untyped-def]
    tallies = rules.tally(entries_)
    for target in targets_:
        assert 0 <= rules.completion(target, tallies.get(target.kind)) <= 1
    assert 0 <= rules.overall_completion(targets_, tallies) <= 1


@given(targets, entries, entries)
def test_more_entries_never_lower_completion(targets_, some, more):  # type: ignore[no-untyped-def]
    before = rules.overall_completion(targets_, rules.tally(some))
    assert rules.overall_completion(targets_, rules.tally(some + more)) >= before


@given(targets, entries, st.dates(date(2026, 1, 1), date(2026, 12, 30)))
def test_nobody_is_behind_who_has_met_every_target(targets_, entries_, today):  # type: ignore[no-untyped-def]
    tallies = rules.tally(entries_)
    met = all(rules.completion(t, tallies.get(t.kind)) == 1 for t in targets_)
    if met:
        assert not rules.is_behind(targets_, tallies, today, 2026)
    # Being behind can only start later in the year, never be cured by time alone.
    if rules.is_behind(targets_, tallies, today, 2026):
        assert rules.is_behind(targets_, tallies, today + timedelta(days=1), 2026)


@given(share, points)
def test_the_score_stays_between_0_and_100(share_, points_):  # type: ignore[no-untyped-def]
    score = rules.records_score(rules.Formula(), share_, points_)
    assert Decimal(0) <= score <= Decimal(100)


@given(share, points, st.decimals(min_value=0, max_value=20, places=2))
def test_red_points_never_lower_and_black_never_raise_the_score(share_, points_, extra):  # type: ignore[no-untyped-def]
    formula = rules.Formula()
    base = rules.records_score(formula, share_, points_)
    red = rules.signed_points(rules.MeritColor.RED, extra)
    black = rules.signed_points(rules.MeritColor.BLACK, extra)
    assert rules.records_score(formula, share_, [*points_, red]) >= base
    assert rules.records_score(formula, share_, [*points_, black]) <= base


def test_full_completion_without_entries_scores_100():
    assert rules.records_score(rules.Formula(), Decimal(1), []) == Decimal(100)
    assert rules.describe_target(rules.DEFAULT_TARGETS[1]) == "联系点工作 ≥ 3 个（每个 ≥ 30 天）"

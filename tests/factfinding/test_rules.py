"""The pure fact-finding rules and their invariants."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shuzhi.factfinding import rules

scores = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)


@given(st.text(min_size=1, max_size=20), st.integers(0, 200), st.integers(0, 10))
def test_the_same_seed_draws_the_same_positions(seed: str, population: int, wanted: int) -> None:
    first = rules.draw_positions(seed, "village", population, wanted)
    assert first == rules.draw_positions(seed, "village", population, wanted)


@given(st.text(min_size=1, max_size=20), st.integers(0, 200), st.integers(0, 10))
def test_a_draw_takes_the_count_or_all_there_are(seed: str, population: int, wanted: int) -> None:
    drawn = rules.draw_positions(seed, "village", population, wanted)
    assert len(drawn.positions) == min(population, wanted)
    assert len(set(drawn.positions)) == len(drawn.positions)
    assert all(0 <= p < population for p in drawn.positions)
    assert list(drawn.positions) == sorted(drawn.positions)
    assert drawn.short == (wanted > population)


def test_different_seeds_usually_draw_differently() -> None:
    draws = {rules.draw_positions(f"seed-{n}", "village", 1000, 3).positions for n in range(20)}
    assert len(draws) > 15


@given(st.lists(scores, min_size=1, max_size=30))
def test_the_combined_rating_lies_between_the_lowest_and_the_highest(
    ratings: list[Decimal],
) -> None:
    combined = rules.combine_ratings(ratings)
    assert combined is not None
    assert min(ratings) <= combined <= max(ratings)


@given(st.lists(scores, min_size=1, max_size=30), st.randoms())
def test_the_combined_rating_ignores_the_order(ratings: list[Decimal], shuffler) -> None:  # type: ignore[no-untyped-def]
    shuffled = list(ratings)
    shuffler.shuffle(shuffled)
    assert rules.combine_ratings(shuffled) == rules.combine_ratings(ratings)


@given(st.lists(scores, min_size=rules.TRIM_FROM, max_size=30), scores)
def test_one_extreme_rating_moves_a_trimmed_mean_no_further_than_its_neighbours(
    ratings: list[Decimal], extreme: Decimal
) -> None:
    # Raising the highest rating to anything changes nothing: it is dropped.
    top = max(ratings)
    raised = [*sorted(ratings)[:-1], max(top, extreme)]
    assert rules.combine_ratings(raised) == rules.combine_ratings(ratings)


def test_the_highest_and_lowest_are_dropped_from_five_ratings() -> None:
    assert rules.combine_ratings([Decimal(v) for v in (10, 80, 85, 90, 100)]) == Decimal("85.00")
    assert rules.combine_ratings([Decimal(v) for v in (10, 80, 90, 100)]) == Decimal("70.00")
    assert rules.combine_ratings([]) is None


@given(
    st.lists(st.tuples(st.integers(1, 10_000), st.sampled_from("abcde")), unique_by=lambda m: m[0]),
    st.integers(1, 8),
)
def test_dealing_members_balances_sizes_and_categories(members, groups: int) -> None:  # type: ignore[no-untyped-def]
    dealt = rules.deal_members(members, groups)
    assert len(dealt) == groups
    assert sorted(pk for group in dealt for pk in group) == sorted(pk for pk, _ in members)
    sizes = [len(g) for g in dealt]
    assert max(sizes) - min(sizes) <= 1
    category = dict(members)
    for name in set(category.values()):
        counts = [sum(1 for pk in g if category[pk] == name) for g in dealt]
        assert max(counts) - min(counts) <= 1


@given(st.lists(st.tuples(scores, st.decimals(min_value=1, max_value=30, places=0)), min_size=1))
def test_an_audit_score_is_out_of_a_hundred(items) -> None:  # type: ignore[no-untyped-def]
    capped = [(min(a, m), m) for a, m in items]
    score = rules.audit_score(capped)
    assert score is not None and Decimal(0) <= score <= Decimal(100)
    full = rules.audit_score([(m, m) for _, m in items])
    assert full == Decimal("100.00")


@given(st.dictionaries(st.integers(1, 100), scores, min_size=1))
def test_a_higher_score_never_ranks_below_a_lower_one(scored: dict[int, Decimal]) -> None:
    places = rules.rank(scored)
    for a in scored:
        for b in scored:
            if scored[a] > scored[b]:
                assert places[a] < places[b]
            if scored[a] == scored[b]:
                assert places[a] == places[b]
    assert min(places.values()) == 1


def test_the_secretary_answers_once_and_the_superior_rules_once() -> None:
    disputed = rules.acknowledge("pending", "dispute")
    assert disputed == rules.Acknowledgement.DISPUTED
    assert rules.acknowledge(disputed, "reject_dispute") == rules.Acknowledgement.DISPUTE_REJECTED
    with pytest.raises(rules.RefusedMove):
        rules.acknowledge("accepted", "dispute")
    with pytest.raises(rules.RefusedMove):
        rules.acknowledge("pending", "uphold_dispute")


def test_the_rectification_report_is_due_two_months_after_the_audit_report() -> None:
    assert rules.rectification_due(date(2025, 12, 31)) == date(2026, 2, 28)
    assert rules.rectification_due(date(2025, 3, 15)) == date(2025, 5, 15)

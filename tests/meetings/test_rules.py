"""Property tests of the pure rules: composition, validity, canonical form, chain, tally."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from shuzhi.meetings import rules

grades = st.sampled_from(rules.GRADES)
categories = st.sampled_from(rules.CATEGORIES)
contents = st.builds(
    rules.BallotContent,
    ratings=st.dictionaries(
        st.integers(1, 15),
        st.builds(rules.Rating, grade=st.one_of(st.none(), grades), remark=st.text(max_size=5)),
        max_size=15,
    ),
    comment=st.text(max_size=10),
)


@given(st.integers(1, 300), st.integers(0, 300))
def test_composition_holds_exactly_at_a_third(present, representatives):
    representatives = min(representatives, present)
    check = rules.Composition(present, representatives, Fraction(1, 3))
    assert check.holds == (3 * representatives >= present)
    if not check.holds:
        fixed = rules.Composition(
            present + check.shortfall, representatives + check.shortfall, Fraction(1, 3)
        )
        assert fixed.holds


@given(contents)
def test_canonical_form_round_trips(content):
    canonical = rules.canonical_ballot(content)
    assert rules.canonical_ballot(rules.content_from_canonical(canonical)) == canonical


@given(st.lists(st.integers(1, 15).map(lambda n: n), min_size=1, max_size=15), st.integers(1, 100))
def test_good_share_rule(goods_flags, percent):
    ratings = {i: rules.Rating("good" if f % 2 else "fair") for i, f in enumerate(goods_flags)}
    content = rules.BallotContent(ratings)
    problems = rules.ballot_problems(content, 15, rules.ValidityRules(max_good_percent=percent))
    goods = sum(1 for r in ratings.values() if r.grade == "good")
    assert bool(problems) == (goods * 100 > 15 * percent and goods > 15 * percent // 100)


@given(st.lists(st.text(max_size=20), max_size=20), st.integers(0, 19))
def test_changing_any_record_changes_the_digest(records, index):
    start = rules.genesis(1, False)
    digest = rules.chain_digest(start, records)
    if records:
        index %= len(records)
        changed = [*records]
        changed[index] = changed[index] + "x"
        assert rules.chain_digest(start, changed) != digest


@given(st.lists(st.tuples(categories, st.booleans(), contents), max_size=30))
def test_tally_counts_each_valid_rating_once(ballots):
    counted = [rules.CountedBallot(c, v, content) for c, v, content in ballots]
    result = rules.tally(
        counted, list(range(1, 16)), rules.DEFAULT_GRADE_POINTS, rules.DEFAULT_CATEGORY_WEIGHTS
    )
    expected = sum(
        1 for _, valid, content in ballots if valid for r in content.ratings.values() if r.grade
    )
    assert sum(r.rated for r in result.reporters.values()) == expected
    assert result.valid + result.invalid == len(ballots)
    for r in result.reporters.values():
        if r.score is not None:
            assert 0 <= r.score <= 100


@given(st.dictionaries(categories, st.integers(1, 20), min_size=1), st.integers(1, 6))
def test_no_displayed_group_is_smaller_than_the_threshold(voters, threshold):
    groups = rules.merge_small_categories(voters, threshold)
    shown = sorted(c for members in groups.values() for c in members)
    assert shown == sorted(voters)
    if sum(voters.values()) >= threshold:
        for members in groups.values():
            assert sum(voters[c] for c in members) >= threshold

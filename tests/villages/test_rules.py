"""The pure village rules: classes by the scoring quotas, pay shares, bonus rounding, 十佳,
the lagging count and de-listing gate, stars and their distribution."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from shuzhi.villages import rules

SHARE_OF_CLASS = {1: Decimal(100), 2: Decimal(50), 3: Decimal(20)}
scores = st.lists(
    st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False),
    min_size=1,
    max_size=60,
)


@given(scores)
def test_pay_shares_follow_classes(values: list[Decimal]) -> None:
    outcomes = rules.classify(values)
    for outcome in outcomes:
        assert outcome.pay_share == SHARE_OF_CLASS[outcome.klass]


@given(scores)
def test_a_better_score_never_gets_a_worse_class_and_ties_share_one(values: list[Decimal]) -> None:
    outcomes = rules.classify(values)
    for a, oa in zip(values, outcomes, strict=True):
        for b, ob in zip(values, outcomes, strict=True):
            if a > b:
                assert oa.klass <= ob.klass and oa.rank < ob.rank
            if a == b:
                assert oa.klass == ob.klass and oa.rank == ob.rank


@given(scores)
def test_top_ten_are_the_best_of_class_one(values: list[Decimal]) -> None:
    outcomes = rules.classify(values)
    chosen = [v for v, o in zip(values, outcomes, strict=True) if o.top_ten]
    assert all(o.klass == 1 for o in outcomes if o.top_ten)
    others = [v for v, o in zip(values, outcomes, strict=True) if o.klass == 1 and not o.top_ten]
    if others:
        # Only ties at the 10th place may take more than ten.
        assert len(chosen) >= 10 and min(chosen) > max(others)


def test_twenty_fifty_thirty_of_ten_villages() -> None:
    outcomes = rules.classify([Decimal(100 - i) for i in range(10)])
    assert [o.klass for o in outcomes] == [1, 1, 2, 2, 2, 2, 2, 3, 3, 3]


def test_bonus_rounds_half_up_to_the_cent_per_person() -> None:
    assert rules.bonus(Decimal("1234.57"), Decimal(50)) == Decimal("617.29")  # 617.285
    assert rules.bonus(Decimal("0.01"), Decimal(50)) == Decimal("0.01")  # 0.005
    assert rules.bonus(Decimal("24000.50"), Decimal(20)) == Decimal("4800.10")
    assert rules.bonus(Decimal("30000"), Decimal(100)) == Decimal("30000.00")


@given(st.decimals(min_value=0, max_value=10**7, places=2), st.sampled_from([100, 50, 20]))
def test_bonus_is_exact_to_half_a_cent(pay: Decimal, share: int) -> None:
    exact = pay * share / 100
    assert abs(rules.bonus(pay, Decimal(share)) - exact) <= Decimal("0.005")
    assert rules.bonus(pay, Decimal(share)).as_tuple().exponent == -2

""" "Overdue" is one rule: the pure predicate, the SQL filter of the pages, dashboard and nightly
job, and the status shown in the ledger export all agree, whatever the items and the day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shuzhi.rectification import deadlines, queries, rules
from shuzhi.rectification.models import RectificationItem, ReportDeadline, overdue_condition
from shuzhi.rectification.rules import Status
from tests.rectification.conftest import Cast, item_for, raise_problem

pytestmark = pytest.mark.django_db

BASE = date(2026, 6, 30)
ITEMS = 5
states = st.lists(
    st.tuples(st.sampled_from(list(Status)), st.integers(min_value=-3, max_value=3)),
    min_size=ITEMS,
    max_size=ITEMS,
)


@pytest.fixture
def items(small_city, cast: Cast) -> list[RectificationItem]:  # type: ignore[no-untyped-def]
    return [
        item_for(raise_problem(small_city.town_a1, text=f"问题{n}"), cast) for n in range(ITEMS)
    ]


def _set(item: RectificationItem, status: Status, deadline: date, cast: Cast) -> None:
    closed = status is Status.CLOSED
    RectificationItem.objects.filter(pk=item.pk).update(
        status=status.value,
        deadline=deadline,
        overdue_since=None,
        submitted_by=cast.owner if closed else None,
        closed_by=cast.superior if closed else None,
        closed_on=deadline if closed else None,
        close_reason="核实" if closed else "",
        return_reason="补充材料" if status is Status.RETURNED else "",
    )


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(states=states, day=st.integers(min_value=-4, max_value=4))
def test_the_sql_filter_selects_exactly_the_items_the_predicate_calls_overdue(
    items: list[RectificationItem], cast: Cast, states: list[tuple[Status, int]], day: int
) -> None:
    today = BASE + timedelta(days=day)
    for item, (status, offset) in zip(items, states, strict=True):
        _set(item, status, BASE + timedelta(days=offset), cast)
    stored = list(RectificationItem.objects.filter(pk__in=[i.pk for i in items]))
    expected = {i.pk for i in stored if rules.is_overdue(i.deadline, i.status, today)}

    assert {i.pk for i in stored if i.is_overdue_on(today)} == expected
    assert (
        set(RectificationItem.objects.filter(overdue_condition(today)).values_list("pk", flat=True))
        == expected
    )
    assert {i.pk for i in queries.overdue_items(cast.superior, today)} == expected
    tally = queries.organization_tally(items[0].organization, today)
    assert tally.overdue == len(expected)
    assert tally.open == sum(1 for i in stored if i.status not in rules.FINISHED_STATUSES) - len(
        expected
    )
    assert {i.pk for i in stored if "已逾期" in queries.item_status(i, today)} == expected
    assert deadlines.mark_overdue(today=today) == len(expected)  # the nightly job


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    owed=st.lists(
        st.tuples(st.integers(-3, 3), st.one_of(st.none(), st.integers(-3, 3))),
        min_size=3,
        max_size=3,
    ),
    day=st.integers(-4, 4),
)
def test_overdue_reports_agree_between_rule_sql_and_page(
    small_city, cast: Cast, owed: list[tuple[int, int | None]], day: int
) -> None:
    ReportDeadline.objects.all().delete()
    today = BASE + timedelta(days=day)
    for due, delivered in owed:
        ReportDeadline.objects.create(
            organization=small_city.town_a1,
            title="整改情况报告",
            basis_date=BASE - timedelta(days=10),
            due_date=BASE + timedelta(days=due),
            delivered_on=None if delivered is None else BASE + timedelta(days=delivered),
            created_by=cast.county_admin,
        )
    stored = list(ReportDeadline.objects.all())
    expected = {r.pk for r in stored if rules.is_report_overdue(r.due_date, r.delivered_on, today)}
    assert {r.pk for r in stored if r.is_overdue_on(today)} == expected
    assert {r.pk for r in deadlines.reports_overdue(today=today)} == expected
    assert {r.pk for r in queries.overdue_reports(cast.county_admin, today)} == expected

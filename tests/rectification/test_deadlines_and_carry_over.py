"""Overdue detection with a controlled clock, report deadlines, carry-over into next year."""

from __future__ import annotations

from datetime import date

import pytest

from shuzhi.core.events import PriorItemsRequest, prior_items_requested
from shuzhi.rectification import deadlines, queries
from shuzhi.rectification.models import RectificationItem
from tests.rectification.conftest import close_out, item_for, raise_problem

pytestmark = pytest.mark.django_db


def test_overdue_is_marked_once_the_deadline_has_passed(item):
    assert deadlines.mark_overdue(today=date(2026, 6, 30)) == 0
    assert deadlines.mark_overdue(today=date(2026, 7, 1)) == 1
    assert deadlines.mark_overdue(today=date(2026, 7, 2)) == 0  # already marked
    item.refresh_from_db()
    assert item.overdue_since == date(2026, 7, 1) and item.is_overdue_on(date(2026, 7, 1))


def test_closed_items_are_never_overdue(item, cast):
    close_out(item, cast)
    assert deadlines.mark_overdue(today=date(2027, 1, 1)) == 0


def test_daily_job_runs_the_same_check(item, monkeypatch):
    from shuzhi.rectification import tasks

    monkeypatch.setattr(deadlines.timezone, "localdate", lambda: date(2026, 8, 1))
    tasks.mark_overdue_items.call_local()
    assert RectificationItem.objects.get(pk=item.pk).overdue_since == date(2026, 8, 1)


def test_overdue_items_are_shown_to_owner_and_superior(item, cast):
    today = date(2026, 7, 5)
    for user in (cast.owner, cast.superior, cast.county_admin):
        assert list(queries.overdue_items(user, today)) == [item]
    assert list(queries.overdue_items(cast.outsider, today)) == []
    assert list(queries.my_items(cast.owner)) == [item]


def test_report_deadline_two_months_after_an_audit_report(small_city, cast):
    owed = deadlines.schedule_report(
        actor=cast.owner,
        organization=small_city.town_a1,
        title="党建审计整改报告",
        basis_date=date(2025, 12, 31),
    )
    assert owed.due_date == date(2026, 2, 28)
    assert [r.pk for r in deadlines.reports_overdue(today=date(2026, 3, 1))] == [owed.pk]
    assert list(queries.overdue_reports(cast.superior, date(2026, 3, 1))) == [owed]
    assert list(queries.overdue_reports(cast.outsider, date(2026, 3, 1))) == []
    deadlines.deliver_report(actor=cast.owner, deadline=owed, delivered_on=date(2026, 2, 20))
    assert list(deadlines.reports_overdue(today=date(2026, 3, 1))) == []


def test_next_years_report_receives_last_years_problems_with_status(small_city, cast):
    closed = raise_problem(small_city.town_a1, "去年问题甲", year=2025)
    close_out(item_for(closed, cast), cast)
    item_for(raise_problem(small_city.town_a1, "前年问题乙", year=2024), cast, date(2025, 3, 31))
    close_out(item_for(raise_problem(small_city.town_a1, "前年已销号丙", year=2024), cast), cast)
    raise_problem(small_city.town_a1, "去年问题丁", year=2025)

    answers = prior_items_requested.ask(PriorItemsRequest(small_city.town_a1.pk, 2026))
    assert len(answers) == 1
    items = {p.text: p for p in answers[0]}
    assert set(items) == {"去年问题甲", "前年问题乙", "去年问题丁"}
    assert items["去年问题甲"].status == "已销号"
    assert items["前年问题乙"].status == "待整改（已逾期）"
    assert items["去年问题丁"].status == "未立整改事项"
    assert (
        items["去年问题甲"].key == f"problem:{closed.pk}"
        and items["去年问题甲"].source == "superior"
    )


def test_superior_sees_how_many_of_last_years_problems_are_closed(small_city, cast):
    for n in range(3):
        raise_problem(small_city.town_a1, f"点评问题{n}", year=2025, raised_by_id=cast.superior.pk)
    raise_problem(small_city.town_a1, "别人提的", year=2025)
    close_out(item_for(queries.visible_problems(cast.superior).get(text="点评问题0"), cast), cast)
    summary = queries.raised_by_me(cast.superior, 2025)
    assert (summary.raised, summary.closed, summary.open) == (3, 1, 2)
    assert summary.sentence() == "2025年我点评指出 3 个问题：已销号 1 个，未销号 2 个"

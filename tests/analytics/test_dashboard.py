"""The department's dashboard: stage figures, overdue colours by unit, no open box's results."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from shuzhi.analytics import dashboard, warnings
from shuzhi.meetings.models import Ballot, BallotBox, BoxState, Meeting
from shuzhi.rectification import services as rectification
from shuzhi.rectification.models import Problem, RectificationItem
from shuzhi.rounds.models import Reporter
from tests.analytics.history import build_history

DAY = date(2026, 3, 1)


@given(st.integers(-400, 400), st.integers(0, 400))
def test_a_longer_overdue_is_never_a_cooler_colour(days: int, more: int) -> None:
    order = [None, *warnings.WarningLevel]
    earlier = warnings.level(DAY - timedelta(days=days), DAY)
    later = warnings.level(DAY - timedelta(days=days + more), DAY)
    assert order.index(later) >= order.index(earlier)
    assert (earlier is None) == (days <= 0)


def test_the_colours_change_at_their_thresholds() -> None:
    level = warnings.level
    assert level(DAY - timedelta(days=warnings.BLUE_DAYS), DAY) == warnings.WarningLevel.BLUE
    assert level(DAY - timedelta(days=warnings.BLUE_DAYS + 1), DAY) == warnings.WarningLevel.YELLOW
    assert level(DAY - timedelta(days=warnings.YELLOW_DAYS + 1), DAY) == warnings.WarningLevel.RED


@pytest.fixture
def history(small_city):  # type: ignore[no-untyped-def]
    return build_history(small_city)


def _meeting(round_, host, state: str, ballots: int) -> Meeting:  # type: ignore[no-untyped-def]
    meeting = Meeting.objects.create(
        round=round_, hosting_organization=host, title="评议会", held_on=date(2026, 1, 10),
        sign_in_code=f"code-{state}", state=state, digest="d" if state == BoxState.CLOSED else "",
    )  # fmt: skip
    box = BallotBox.objects.create(meeting=meeting, rehearsal=False)
    for n in range(ballots):
        Ballot.objects.create(
            box=box,
            category="member",
            source="phone",
            canonical="{}",
            receipt=f"r{state}{n}",
            valid=True,
        )
    return meeting


@pytest.mark.django_db
def test_an_open_box_is_neither_counted_nor_tallied(history) -> None:  # type: ignore[no-untyped-def]
    round_ = history.rounds[2025]
    _meeting(round_, history.county, BoxState.OPEN, 7)
    figures = {f.key: f for f in dashboard.figures(round_, history.county)}
    assert figures["meetings.ballots"].done == 0
    assert figures["meetings.open"].done == 1
    assert figures["meetings.held"].done == 0 and figures["meetings.held"].total == 1
    Meeting.objects.filter(round=round_).update(state=BoxState.CLOSED, digest="d")
    figures = {f.key: f for f in dashboard.figures(round_, history.county)}
    assert figures["meetings.ballots"].done == 7 and figures["meetings.held"].done == 1


@pytest.mark.django_db
def test_the_stage_figures_count_the_round_s_reporters(history) -> None:  # type: ignore[no-untyped-def]
    figures = {f.key: f for f in dashboard.figures(history.rounds[2025], history.county)}
    assert (
        figures["reports.submitted"].total
        == Reporter.objects.filter(round=history.rounds[2025]).count()
    )
    assert figures["scoring.computed"].done == 2 and figures["scoring.published"].done == 2


@pytest.mark.django_db
def test_overdue_items_are_counted_by_unit_below_in_colours(history) -> None:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    theme_set = history.theme_sets[2025]
    town = history.towns[0]
    problems = list(Problem.objects.filter(organization=town, round_id=theme_set.round_id)[:3])
    owner = history.admin
    for problem, days in zip(problems, (5, 20, 60), strict=True):
        item = rectification.create_item(
            actor=owner, problem=problem, measures="整改", deadline=today
        )
        RectificationItem.objects.filter(pk=item.pk).update(deadline=today - timedelta(days=days))
    units = dashboard.overdue_by_unit(history.county, today)
    assert [u.organization for u in units] == [town]
    assert list(units[0].counts.values()) == [1, 1, 1]


@pytest.mark.django_db
def test_the_dashboard_polls_its_panel_at_hall_and_phone_sizes(history) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(history.admin)
    base = f"/analytics/org/{history.county.code}/rounds/{history.rounds[2025].pk}/dashboard/"
    page = client.get(base).content.decode()
    assert f'hx-get="{base}panel/"' in page and 'hx-trigger="every 15s"' in page
    panel = client.get(base + "panel/")
    assert panel.status_code == 200 and "<html" not in panel.content.decode()

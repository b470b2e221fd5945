"""Dashboards: closed on time, overdue and open, per organisation and per subtree."""

from __future__ import annotations

from datetime import date

import pytest

from shuzhi.rectification import chart, queries
from tests.rectification.conftest import close_out, item_for, raise_problem

pytestmark = pytest.mark.django_db


def test_subtree_dashboard_groups_by_child_and_matches_the_loop(small_city, cast):
    village = small_city.village_a1
    close_out(item_for(raise_problem(small_city.town_a1, "按期"), cast, date(2099, 1, 1)), cast)
    close_out(item_for(raise_problem(small_city.town_a1, "逾期销号"), cast, date(2000, 1, 1)), cast)
    item_for(raise_problem(small_city.town_a1, "已逾期"), cast, date(2026, 1, 1))
    from tests.factories import make_person, make_post

    make_post(village, make_person("村书记", village))
    item_for(raise_problem(village, "村里的"), cast, date(2026, 12, 31))
    today = date(2026, 6, 1)

    rows = queries.subtree_dashboard(small_city.county_a, today)
    assert [row.label for row in rows] == ["甲县委（本级）", "甲1镇党委", "甲2镇党委"]
    town = rows[1].tally
    assert (town.closed_on_time, town.closed_late, town.overdue, town.open) == (1, 1, 1, 1)
    assert rows[0].tally.total == 0 and rows[2].tally.total == 0
    looped = queries.subtree_dashboard_by_loop(small_city.county_a, today)
    assert [r.tally for r in looped] == [r.tally for r in rows]
    own = queries.organization_tally(small_city.town_a1, today)
    assert (own.total, own.closed) == (3, 2)


def test_chart_is_inline_svg_with_escaped_labels():
    svg = chart.stacked_bars([chart.Bar("<甲>", {"closed_on_time": 2, "overdue": 1})])
    assert svg.startswith("<svg") and "&lt;甲&gt;" in svg and "<甲>" not in svg
    assert svg.count("<rect") == 4 + 2  # legend plus two segments

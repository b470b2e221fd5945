"""Year over year over three generated years: figures, movers, recurrences, charts and Excel."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.test import Client
from openpyxl import load_workbook

from shuzhi.analytics import yearly
from tests.analytics.history import A1, A2, YEARS, build_history

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(small_city):  # type: ignore[no-untyped-def]
    return build_history(small_city)


def test_the_subtree_has_one_row_per_year_with_its_figures(history) -> None:  # type: ignore[no-untyped-def]
    data = yearly.subtree_years(history.county)
    assert [f.year for f in data.figures] == list(YEARS)
    for f in data.figures:
        assert f.reporters == 2
        assert f.mean_composite == pytest.approx((A1[f.year][0] + A2[f.year][0]) / 2)
        assert f.good_share == pytest.approx((A1[f.year][1] + A2[f.year][1]) / 40)
        assert f.problems == 24


def test_the_units_that_improved_and_fell_most(history) -> None:  # type: ignore[no-untyped-def]
    data = yearly.subtree_years(history.county)
    assert data.latest_pair == (2024, 2025)
    assert [m.organization_id for m in data.movers.improved] == [history.towns[0].pk]
    assert data.movers.improved[0].change == pytest.approx(A1[2025][0] - A1[2024][0])
    assert [m.organization_id for m in data.movers.fell] == [history.towns[1].pk]


def test_problems_recur_through_themes_continued_from_last_year(history) -> None:  # type: ignore[no-untyped-def]
    data = yearly.subtree_years(history.county)
    first, *later = data.figures
    assert first.recurred == 0  # nothing before 2023
    assert all(0 < f.recurred <= f.problems for f in later)
    assert data.recurring and all(r.theme.previous_id == r.previous.pk for r in data.recurring)


def test_a_unit_s_record_has_rank_class_and_shares(history) -> None:  # type: ignore[no-untyped-def]
    rows = yearly.unit_series(history.towns[0])
    assert [r.year for r in rows] == list(YEARS)
    assert [r.composite for r in rows] == [A1[y][0] for y in YEARS]
    assert [r.rank for r in rows] == [2, 1, 1]
    assert rows[-1].grade == "excellent" and rows[-1].class_number == 1
    assert rows[0].good_share == pytest.approx(10 / 20)
    assert all(r.problems > 0 for r in rows)


def test_an_unpublished_round_shows_no_result(small_city) -> None:  # type: ignore[no-untyped-def]
    history = build_history(small_city, publish_last=False)
    rows = yearly.unit_series(history.towns[0])
    assert rows[-1].year == 2025 and rows[-1].composite is None and rows[-1].rank is None
    figures = yearly.subtree_years(history.county).figures
    assert figures[-1].reporters == 0


def test_the_page_draws_charts_beside_tables_and_exports_the_same_rows(history) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(history.admin)
    page = client.get(f"/analytics/org/{history.county.code}/years/").content.decode()
    assert page.count('data-chart="chart-') >= 3
    assert 'data-testid="years"' in page and "chart.umd.min.js" in page
    response = client.get(f"/analytics/org/{history.county.code}/years.xlsx")
    sheet = load_workbook(BytesIO(response.content))["逐年概况"]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert [r[0] for r in rows] == list(YEARS)
    assert rows[-1][2] == pytest.approx((A1[2025][0] + A2[2025][0]) / 2, abs=0.01)
    assert f"{rows[-1][2]:.2f}" in page  # the table shows the figure the workbook holds


def test_a_person_s_years_follow_them_and_export(history) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(history.admin)
    person = history.people[1]
    page = client.get(f"/analytics/people/{person.pk}/years/")
    assert page.status_code == 200 and "甲二书记" in page.content.decode()
    sheet = load_workbook(BytesIO(client.get(f"/analytics/people/{person.pk}/years.xlsx").content))
    values = [r[2] for r in sheet["逐年记录"].iter_rows(min_row=3, values_only=True)]
    assert values == [A2[y][0] for y in YEARS]


def test_the_town_record_downloads(history) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(history.admin)
    response = client.get(f"/analytics/org/{history.towns[0].code}/record.xlsx")
    assert response.status_code == 200

"""The township's star-rating sheet and points entries: all or nothing, row-numbered errors."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from shuzhi.core.workbook import WorkbookInvalid
from shuzhi.villages import ratings, rules
from shuzhi.villages.models import PointsEntry, StarRating
from shuzhi.villages.star_workbook import POINTS, STARS
from tests.factories import make_user
from tests.sheets import workbook_file

pytestmark = pytest.mark.django_db

FULL = [s.max_points for s in rules.SIX_STANDARDS]  # 100 points: five stars


def stars_file(rows: list[list[Any]]):  # type: ignore[no-untyped-def]
    return workbook_file({STARS.name: [STARS.headers, *rows]})


def points_file(rows: list[list[Any]]):  # type: ignore[no-untyped-def]
    return workbook_file({POINTS.name: [POINTS.headers, *rows]})


@pytest.fixture
def rater(small_city):  # type: ignore[no-untyped-def]
    return make_user("town_rater", "reviewer", small_city.town_a1)


def test_a_sheet_rates_every_branch_in_it(small_city, rater) -> None:  # type: ignore[no-untyped-def]
    one, two = small_city.town_a1.children.order_by("path")
    half = [m * Decimal("0.5") for m in FULL]
    count = ratings.import_star_ratings(
        actor=rater,
        organization=small_city.town_a1,
        year=2025,
        stream=stars_file(
            [[one.code, one.name, *FULL, "查阅记录"], [two.code, "", *half, "走访党员"]]
        ),
    )
    assert count == 2
    stars = dict(StarRating.objects.values_list("branch__code", "stars"))
    assert stars == {one.code: 5, two.code: 1}


def test_one_bad_row_writes_nothing_and_every_error_is_numbered(small_city, rater) -> None:  # type: ignore[no-untyped-def]
    one, two = small_city.town_a1.children.order_by("path")
    elsewhere = small_city.town_b1.children.first()
    too_much = [*FULL[:-1], FULL[-1] + 1]
    with pytest.raises(WorkbookInvalid) as invalid:
        ratings.import_star_ratings(
            actor=rater,
            organization=small_city.town_a1,
            year=2025,
            stream=stars_file(
                [
                    [one.code, "", *FULL, "查阅记录"],
                    [two.code, "", *too_much, "查阅记录"],
                    [elsewhere.code, "", *FULL, "查阅记录"],
                    [one.code, "", *FULL, ""],
                ]
            ),
        )
    messages = [str(e) for e in invalid.value.errors]
    assert any("第 3 行" in m and "0 到 15" in m for m in messages), messages
    assert any("第 4 行" in m and "不在您的评定范围内" in m for m in messages), messages
    assert any("第 5 行" in m and "评定依据" in m for m in messages), messages
    assert not StarRating.objects.exists()


def test_points_entries_are_imported_pending_the_township(small_city) -> None:  # type: ignore[no-untyped-def]
    enterer = make_user("branch_sec", "secretary", small_city.town_a1)
    one, _ = small_city.town_a1.children.order_by("path")
    rule = rules.DEFAULT_POINTS_RULES[0]
    count = ratings.import_points(
        actor=enterer,
        organization=small_city.town_a1,
        stream=points_file([[one.code, "", rule.code, "2025-03-01", "按时召开"]]),
    )
    entry = PointsEntry.objects.get()
    assert count == 1 and entry.points == rule.points and entry.status == "pending"
    assert entry.occurred_on == date(2025, 3, 1)


def test_a_bad_points_row_writes_nothing(small_city) -> None:  # type: ignore[no-untyped-def]
    enterer = make_user("branch_sec", "secretary", small_city.town_a1)
    one, two = small_city.town_a1.children.order_by("path")
    rule = rules.DEFAULT_POINTS_RULES[0]
    with pytest.raises(WorkbookInvalid) as invalid:
        ratings.import_points(
            actor=enterer,
            organization=small_city.town_a1,
            stream=points_file(
                [
                    [one.code, "", rule.code, "2025-03-01", ""],
                    [two.code, "", "nosuch", "2025-03-02", ""],
                ]
            ),
        )
    assert any("第 3 行" in str(e) and "nosuch" in str(e) for e in invalid.value.errors)
    assert not PointsEntry.objects.exists()


def test_the_pages_download_templates_and_show_errors(small_city, rater) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(rater)
    org = small_city.town_a1.code
    template = client.get(f"/villages/stars/template.xlsx?org={org}")
    assert template.status_code == 200 and template["Content-Type"].startswith("application/")
    upload = stars_file([["NOPE", "", *FULL, "记录"]])
    upload.name = "星级.xlsx"
    response = client.post(f"/villages/stars/import/?org={org}", {"year": 2025, "file": upload})
    assert response.status_code == 400 and "第 2 行" in response.content.decode()
    assert not StarRating.objects.exists()

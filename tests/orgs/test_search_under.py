"""Search and listing below an organisation: the ``under`` root must be visible first."""

from __future__ import annotations

import pytest
from django.test import Client

from shuzhi.orgs import queries
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _codes(queryset) -> set[str]:  # type: ignore[no-untyped-def]
    return {o.code for o in queryset}


def test_search_under_a_visible_root_stays_in_its_subtree(small_city, county_admin):
    found = _codes(queries.search(county_admin, "", under=small_city.town_a1))
    assert found == {"C-A1", "C-A1-1", "C-A1-2"}
    assert _codes(queries.search(county_admin, "村", under=small_city.town_a1)) == {
        "C-A1-1",
        "C-A1-2",
    }


def test_county_admin_searching_under_another_county_finds_nothing(small_city, county_admin):
    assert _codes(queries.search(county_admin, "", under=small_city.county_b)) == set()
    assert _codes(queries.search(county_admin, "乙", under=small_city.county_b)) == set()
    assert _codes(queries.search(county_admin, "C-B1", under=small_city.town_b1)) == set()


def test_under_an_ancestor_above_the_grant_finds_nothing(small_city, county_admin):
    # The city is not the county admin's to browse, even though part of it is.
    assert _codes(queries.search(county_admin, "", under=small_city.city)) == set()


def test_city_admin_may_search_under_either_county(small_city, city_admin):
    found = _codes(queries.search(city_admin, "", under=small_city.county_b))
    assert found == {"C-B", "C-B1", "C-B1-1", "C-B1-2", "C-B2", "C-B2-1", "C-B2-2"}


def test_organizations_under_uses_one_range_once_visible(small_city, superuser):
    sql = str(queries.organizations_under(superuser, small_city.county_a).query)
    assert sql.count('"path" >=') == 1 and " OR " not in sql


def _api(user, query: str) -> dict:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    response = client.get(f"/api/orgs/?limit=100&{query}")
    assert response.status_code == 200
    return response.json()


def test_api_under_lists_the_subtree(small_city, county_admin):
    page = _api(county_admin, "under=C-A1")
    assert page["count"] == 3
    assert {item["code"] for item in page["items"]} == {"C-A1", "C-A1-1", "C-A1-2"}


def test_api_county_admin_under_another_county_gets_nothing(small_city, county_admin):
    for under in ("C-B", "C-B1", "C", "NO-SUCH-CODE"):
        page = _api(county_admin, f"under={under}")
        assert page == {"items": [], "count": 0}, under


def test_api_under_with_a_name_filter(small_city):
    viewer = make_user("viewer_a", "viewer", small_city.county_a)
    page = _api(viewer, "under=C-A&q=2村")
    assert {item["code"] for item in page["items"]} == {"C-A1-2", "C-A2-2"}

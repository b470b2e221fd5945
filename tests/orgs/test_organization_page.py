from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from tests.factories import make_person, make_post

pytestmark = pytest.mark.django_db


def test_secretary_is_listed_first_among_posts(small_city, city_admin):
    town = small_city.town_b1
    # Appointed in an order that alphabetical sorting by role code would get wrong.
    make_post(town, make_person("组织委员甲", town), "organiser", date(2024, 3, 1))
    make_post(town, make_person("副书记乙", town), "deputy_secretary", date(2024, 2, 1))
    make_post(town, make_person("书记丙", town), "secretary", date(2024, 1, 1))
    client = Client()
    client.force_login(city_admin)

    html = client.get(f"/orgs/{town.code}/").content.decode()
    positions = [html.index(name) for name in ("书记丙", "副书记乙", "组织委员甲")]
    assert positions == sorted(positions)

    posts = client.get(f"/api/orgs/{town.code}").json()["current_posts"]
    assert [p["role"] for p in posts] == ["secretary", "deputy_secretary", "organiser"]

from __future__ import annotations

import pytest
from django.test import Client

from shuzhi.orgs.models import Organization, Person, Post, Representative

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(county_admin) -> Client:
    client = Client()
    client.force_login(county_admin)
    return client


def test_appointing_a_new_person_hands_the_post_over(small_city, admin_client):
    response = admin_client.post(
        "/orgs/C-A1/posts/new/",
        {
            "role": "secretary",
            "person_code": "P-NEW",
            "person_name": "周新任",
            "start_date": "2025-04-01",
        },
    )
    assert response.status_code == 302
    history = Post.objects.filter(organization__code="C-A1", role="secretary").order_by(
        "start_date"
    )
    assert [(p.person.name, str(p.end_date)) for p in history] == [
        ("甲一书记", "2025-03-31"),
        ("周新任", "None"),
    ]
    assert Person.objects.get(code="P-NEW").unit.code == "C-A1"


def test_a_rejected_appointment_keeps_what_was_typed(small_city, admin_client):
    response = admin_client.post(
        "/orgs/C-A1/posts/new/",
        {
            "role": "secretary",
            "person_code": "P-NEW",
            "person_name": "周新任",
            "start_date": "2020-01-01",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "新任职日期必须晚于现任人员的任职日期" in html
    assert 'value="P-NEW"' in html and 'value="周新任"' in html and 'value="2020-01-01"' in html
    assert not Person.objects.filter(code="P-NEW").exists()


def test_adding_a_child_organization_and_a_duplicate_code(small_city, admin_client):
    data = {
        "code": "C-A1-9",
        "name": "甲19村党支部",
        "level": "village",
        "kind": "branch",
        "field": "rural",
    }
    assert admin_client.post("/orgs/C-A1/children/new/", data).status_code == 302
    child = Organization.objects.get(code="C-A1-9")
    assert child.parent.code == "C-A1" and child.path.startswith(small_city.town_a1.path)
    again = admin_client.post("/orgs/C-A1/children/new/", {**data, "name": "另一个"})
    assert again.status_code == 400 and 'value="另一个"' in again.content.decode()


def test_adding_a_representative_needs_a_known_person(small_city, admin_client):
    bad = admin_client.post(
        "/orgs/C-A1/representatives/new/", {"person_code": "NOPE", "category": "masses"}
    )
    assert bad.status_code == 400 and "找不到编码为「NOPE」的人员" in bad.content.decode()
    ok = admin_client.post(
        "/orgs/C-A1/representatives/new/", {"person_code": "P-SEC", "category": "cppcc"}
    )
    assert ok.status_code == 302
    assert Representative.objects.get().get_category_display() == "政协委员"


def test_no_manage_forms_for_a_viewer(small_city):
    from tests.factories import make_user

    client = Client()
    client.force_login(make_user("v", "viewer", small_city.county_a))
    html = client.get("/orgs/C-A1/").content.decode()
    assert "任命 / 交接职务" not in html and "新增下级组织" not in html
    assert client.post("/orgs/C-A1/posts/new/", {}).status_code == 403

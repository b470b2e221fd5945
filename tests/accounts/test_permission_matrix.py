"""Every role × every page and endpoint of the foundation → allowed or denied.

Each role is granted at county A. "mine" is a township in county A; "theirs" is one in
county B, which no role here may see: it must answer 404, as if it did not exist.
"""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import make_person
from tests.meetings.conftest import make_meeting_for
from tests.permission_matrix import ACCOUNTS, ROLES, client_for, matrix_failures

pytestmark = pytest.mark.django_db

EVERYONE = set(ROLES)
ADMIN = {"admin"}
EXPORTERS = {"admin", "viewer"}
AUDITORS = {"admin", "viewer"}
MEETING_HOSTS = {"admin", "host"}
BALLOT_EXPORTERS = {"admin", "host", "viewer", "inspector"}

# (method, url, roles allowed, status when allowed, status when denied)
MATRIX = [
    ("get", "/", EVERYONE | {"nogrant"}, 200, 302),
    ("get", "/orgs/", EVERYONE, 200, 403),
    ("get", "/orgs/search/?q=甲", EVERYONE, 200, 403),
    # The picker answers everyone signed in; what it offers is scoped (tests/orgs/test_pickers).
    ("get", "/orgs/pick/?q=甲&permission=rounds.manage", EVERYONE | {"nogrant"}, 200, 302),
    ("get", "/orgs/pick/?q=甲&permission=no.such", EVERYONE | {"nogrant"}, 400, 302),
    ("get", "/orgs/{mine}/", EVERYONE, 200, 404),
    ("get", "/orgs/{theirs}/", set(), 200, 404),
    ("get", "/orgs/{mine}/children/", EVERYONE, 200, 404),
    ("get", "/orgs/{theirs}/children/", set(), 200, 404),
    ("post", "/orgs/{mine}/", ADMIN, 302, 403),
    ("post", "/orgs/{theirs}/", set(), 302, 404),
    ("post", "/orgs/{mine}/posts/new/", ADMIN, 400, 403),
    ("post", "/orgs/{theirs}/posts/new/", set(), 400, 404),
    ("post", "/orgs/{mine}/children/new/", ADMIN, 400, 403),
    ("post", "/orgs/{theirs}/children/new/", set(), 400, 404),
    ("post", "/orgs/{mine}/representatives/new/", ADMIN, 400, 403),
    ("get", "/orgs/{mine}/export.xlsx", EXPORTERS, 200, 404),
    ("get", "/orgs/{theirs}/export.xlsx", set(), 200, 404),
    ("get", "/orgs/people/{my_person}/", EVERYONE, 200, 404),
    ("get", "/orgs/people/{their_person}/", set(), 200, 404),
    ("get", "/orgs/import/", ADMIN, 200, 403),
    ("get", "/orgs/template.xlsx", EVERYONE, 200, 403),
    ("get", "/accounts/grants/", ADMIN, 200, 403),
    ("get", "/accounts/tokens/", EVERYONE | {"nogrant"}, 200, 302),
    ("get", "/audit/", AUDITORS, 200, 403),
    ("get", "/api/orgs/me", EVERYONE | {"nogrant"}, 200, 401),
    ("get", "/api/orgs/", EVERYONE, 200, 403),
    ("get", "/api/orgs/{mine}", EVERYONE, 200, 404),
    ("get", "/api/orgs/{theirs}", set(), 200, 404),
    ("get", "/api/orgs/{mine}/children", EVERYONE, 200, 404),
    ("get", "/api/orgs/{theirs}/children", set(), 200, 404),
    ("post", "/api/orgs/import", ADMIN, 400, 403),
    # The meeting (述职评议会); "mine_meeting" is hosted by county A and closed.
    ("get", "/meetings/", EVERYONE, 200, 403),
    ("get", "/meetings/?state=open", EVERYONE, 200, 403),
    ("get", "/meetings/{mine_meeting}/", EVERYONE, 200, 404),
    ("get", "/meetings/{theirs_meeting}/", set(), 200, 404),
    ("get", "/meetings/{mine_meeting}/settings/", MEETING_HOSTS, 200, 403),
    ("get", "/meetings/{mine_meeting}/sign-in/", MEETING_HOSTS, 200, 403),
    ("get", "/meetings/{theirs_meeting}/sign-in/", set(), 200, 404),
    ("get", "/meetings/{mine_meeting}/paper/", MEETING_HOSTS, 200, 403),
    ("get", "/meetings/{mine_meeting}/presenter/", EVERYONE, 200, 404),
    ("get", "/meetings/{mine_meeting}/live/", EVERYONE, 200, 404),
    ("get", "/meetings/{mine_meeting}/results/", EVERYONE, 200, 404),
    ("get", "/meetings/{mine_meeting}/critiques/{mine_item}/", EVERYONE, 200, 404),
    ("post", "/meetings/{mine_meeting}/box/open/", MEETING_HOSTS, 302, 403),
    ("post", "/meetings/{theirs_meeting}/box/open/", set(), 302, 404),
    ("post", "/meetings/{mine_meeting}/tokens/", MEETING_HOSTS, 302, 403),
    ("get", "/meetings/{mine_meeting}/export.json", BALLOT_EXPORTERS, 200, 403),
    ("get", "/meetings/{theirs_meeting}/export.json", set(), 200, 404),
    ("get", "/api/meetings/", EVERYONE, 200, 403),
    ("get", "/api/meetings/{mine_meeting}", EVERYONE, 200, 404),
    ("get", "/api/meetings/{theirs_meeting}", set(), 200, 404),
    ("get", "/api/meetings/{mine_meeting}/export", BALLOT_EXPORTERS, 200, 403),
]


@pytest.fixture
def places(small_city):
    return {
        "mine": small_city.town_a1.code,
        "theirs": small_city.town_b1.code,
        "my_person": make_person("甲县某人", small_city.town_a1).pk,
        "their_person": make_person("乙县某人", small_city.town_b1).pk,
        "mine_meeting": (mine := make_meeting_for(small_city.county_a, closed=True)).pk,
        "mine_item": mine.agenda.get().pk,
        "theirs_meeting": make_meeting_for(small_city.county_b, closed=True).pk,
    }


def _request(client: Client, method: str, url: str):
    if method == "get":
        return client.get(url)
    if url.startswith("/api/") and url.endswith("/import"):
        from tests.orgs.workbooks import xlsx

        return client.post(url, {"file": _named(xlsx(组织=[["", "x", "", "", "", ""]]))})
    return client.post(
        url, {"name": "改名", "level": "township", "kind": "party_committee", "field": "regional"}
    )


def _named(buffer):
    buffer.name = "bad.xlsx"
    return buffer


@pytest.mark.parametrize("role", ACCOUNTS)
def test_permission_matrix(role, small_city, places):
    client = client_for(role, small_city)
    failures = matrix_failures(client, role, MATRIX, places, _request)
    assert not failures, "\n".join(failures)


def test_scoped_listing_never_includes_another_county(small_city):
    client = client_for("viewer", small_city)
    codes = {item["code"] for item in client.get("/api/orgs/?limit=100").json()["items"]}
    assert "C-A1" in codes and "C-A" in codes
    assert not any(code.startswith("C-B") for code in codes) and "C" not in codes


def test_search_never_finds_another_county(small_city):
    client = client_for("viewer", small_city)
    html = client.get("/orgs/search/?q=乙").content.decode()
    assert "乙1镇党委" not in html and "没有找到匹配的组织或人员" in html


def test_county_admin_cannot_grant_roles_above_or_beside_their_county(small_city, county_admin):
    client = Client()
    client.force_login(county_admin)
    for code in ("C", "C-B"):
        response = client.post(
            "/accounts/grants/",
            {
                "username": "new_one",
                "display_name": "新人",
                "password": "Sturdy-Passw0rd!",
                "role": "admin",
                "organization_code": code,
            },
        )
        assert response.status_code == 200
        assert "不在您的管理范围内" in response.content.decode()
        # The rejected form keeps what was typed.
        assert 'value="new_one"' in response.content.decode()
    from shuzhi.accounts.models import RoleGrant

    assert not RoleGrant.objects.filter(user__username="new_one").exists()


def test_people_search_stays_in_scope(small_city):
    make_person("同名人", small_city.town_a1, code="P-SAME-A")
    make_person("同名人", small_city.town_b1, code="P-SAME-B")
    client = client_for("viewer", small_city)
    found = client.get("/api/orgs/people?q=同名").json()
    assert [p["code"] for p in found] == ["P-SAME-A"] and found[0]["unit_code"] == "C-A1"
    html = client.get("/orgs/search/?q=同名").content.decode()
    assert "P-SAME-A" in html and "P-SAME-B" not in html

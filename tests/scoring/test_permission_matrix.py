"""Every role × every rounds and scoring page and endpoint → allowed or denied.

As in tests/accounts/test_permission_matrix.py, each role is granted at county A. "mine" is a
round heard by county A; "theirs" one heard by county B, which must answer 404 to everyone here.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from shuzhi.rounds.indicator_rules import IndicatorRow
from shuzhi.rounds.indicator_system import save_indicator_system
from shuzhi.rounds.services import create_round
from tests.factories import make_user
from tests.permission_matrix import ACCOUNTS, ROLES, client_for, matrix_failures

pytestmark = pytest.mark.django_db

EVERYONE = set(ROLES)
ADMIN = {"admin"}
VIEW = {"admin", "viewer", "reviewer", "inspector"}
ENTER = {"admin", "reviewer"}

# (method, url, roles allowed, status when allowed, status when denied)
MATRIX = [
    ("get", "/rounds/", EVERYONE, 200, 403),
    ("get", "/rounds/{mine}/", EVERYONE, 200, 404),
    ("get", "/rounds/{theirs}/", set(), 200, 404),
    ("get", "/rounds/{mine}/settings/", EVERYONE, 200, 404),
    ("post", "/rounds/{mine}/settings/", ADMIN, 400, 403),
    ("get", "/rounds/{mine}/groups/", EVERYONE, 200, 404),
    ("post", "/rounds/{mine}/groups/", ADMIN, 302, 403),
    ("get", "/rounds/{mine}/groups/?source={theirs}", EVERYONE, 200, 404),
    ("post", "/rounds/{mine}/reporters/carry-over/", ADMIN, 400, 403),
    ("get", "/rounds/{mine}/indicators/", EVERYONE, 200, 404),
    ("get", "/rounds/{theirs}/indicators/", set(), 200, 404),
    ("post", "/rounds/{mine}/indicators/new/", ADMIN, 400, 403),
    ("get", "/rounds/{mine}/indicators/1/edit/", ADMIN, 200, 403),
    ("post", "/rounds/{mine}/indicators/1/edit/", ADMIN, 400, 403),
    ("get", "/rounds/{theirs}/indicators/1/edit/", set(), 200, 404),
    ("get", "/rounds/{mine}/indicators/export.xlsx", EVERYONE, 200, 404),
    ("get", "/scoring/", VIEW, 200, 403),
    ("get", "/scoring/{mine}/entry/", ENTER, 200, 404),
    ("get", "/scoring/{theirs}/entry/", set(), 200, 404),
    ("get", "/scoring/{mine}/sources/", ENTER, 200, 404),
    ("post", "/scoring/{mine}/sources/onsite/", ENTER, 400, 404),
    ("post", "/scoring/{mine}/sources-from-fact-finding/", ENTER, 400, 404),
    ("get", "/scoring/{mine}/results/", VIEW, 200, 404),
    ("get", "/scoring/{theirs}/results/", set(), 200, 404),
    ("post", "/scoring/{mine}/compute/", ADMIN, 302, 404),
    ("post", "/scoring/{mine}/publish/", ADMIN, 400, 404),
    ("get", "/scoring/{mine}/sensitivity/", VIEW, 200, 404),
    ("get", "/scoring/{mine}/summary.xlsx", VIEW, 200, 404),
    ("get", "/scoring/{mine}/round.xlsx", ADMIN, 200, 404),
    ("get", "/scoring/{theirs}/round.xlsx", set(), 200, 404),
    ("get", "/scoring/{mine}/notice/", EVERYONE, 200, 404),
    ("get", "/scoring/{theirs}/notice/", set(), 200, 404),
    ("get", "/api/rounds/", EVERYONE, 200, 403),
    ("get", "/api/rounds/{mine}", EVERYONE, 200, 404),
    ("get", "/api/rounds/{theirs}", set(), 200, 404),
    ("get", "/api/rounds/{mine}/indicators", EVERYONE, 200, 404),
    ("get", "/api/scoring/rounds/{mine}/results", VIEW, 200, 404),
    ("get", "/api/scoring/rounds/{theirs}/results", set(), 200, 404),
    ("post", "/api/scoring/rounds/{mine}/compute", ADMIN, 200, 404),
]


@pytest.fixture
def places(small_city):
    root = make_user("root_maker", is_superuser=True)
    mine = create_round(actor=root, hearing_organization=small_city.county_a, year=2025)
    theirs = create_round(actor=root, hearing_organization=small_city.county_b, year=2025)
    for round_ in (mine, theirs):
        rows = [IndicatorRow("1", "履行第一责任人职责", max_points=Decimal(100))]
        save_indicator_system(actor=root, round=round_, rows=rows)
    return {"mine": mine.pk, "theirs": theirs.pk}


def _request(client: Client, method: str, url: str):
    if method == "get":
        return client.get(url)
    if url.startswith("/api/"):
        return client.post(url, {}, content_type="application/json")
    return client.post(url, {})


@pytest.mark.parametrize("role", ACCOUNTS)
def test_permission_matrix(role, small_city, places, django_capture_on_commit_callbacks):
    def send(client: Client, method: str, url: str):  # type: ignore[no-untyped-def]
        with django_capture_on_commit_callbacks(execute=True):
            return _request(client, method, url)

    failures = matrix_failures(client_for(role, small_city), role, MATRIX, places, send)
    assert not failures, "\n".join(failures)

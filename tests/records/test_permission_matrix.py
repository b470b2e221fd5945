"""Every role × every records page and endpoint → allowed or denied.

As in tests/rectification/test_permission_matrix.py: each role is granted at county A; "mine"
is township A1 (in county A), "theirs" is township B1, which must answer 404 as if missing.
Nobody granted at county A writes township A1's record: only a grant AT the township does.
"""

from __future__ import annotations

from datetime import date

import pytest

from shuzhi.records import merit_services
from tests.factories import make_person, make_post, make_user
from tests.permission_matrix import ACCOUNTS, ROLES, client_for, matrix_failures
from tests.records.conftest import YEAR, log, meeting, submit

pytestmark = pytest.mark.django_db

EVERYONE = set(ROLES)
SUBMITTERS = {"admin", "secretary", "inspector"}
APPROVERS = {"admin", "reviewer"}
CONFIRMERS = {"admin", "reviewer"}  # over the parent (county A) of "mine"
ADMIN = {"admin"}

# (method, url, data, roles allowed, status when allowed, status when denied)
MATRIX = [
    ("get", "/records/", None, EVERYONE, 200, 403),
    ("get", "/records/org/{mine}/", None, EVERYONE, 200, 404),
    ("get", "/records/org/{theirs}/", None, set(), 200, 404),
    ("get", "/records/org/{mine}/secretaries/", None, EVERYONE, 200, 404),
    ("get", "/records/org/{theirs}/secretaries/", None, set(), 200, 404),
    ("post", "/records/org/{mine}/log/", {}, set(), 400, 403),
    ("post", "/records/org/{mine}/confirm/", {}, CONFIRMERS, 400, 403),
    ("post", "/records/org/{theirs}/confirm/", {}, set(), 400, 404),
    ("get", "/records/org/{mine}/rules/", None, EVERYONE, 200, 404),
    ("post", "/records/org/{mine}/rules/", {}, ADMIN, 400, 403),
    ("get", "/records/org/{mine}/rules.xlsx", None, EVERYONE, 200, 404),
    ("get", "/records/org/{theirs}/rules.xlsx", None, set(), 200, 404),
    ("get", "/records/org/{mine}/rules/import/", None, ADMIN, 200, 403),
    ("post", "/records/org/{mine}/rules/import/", {}, ADMIN, 400, 403),
    ("post", "/records/org/{theirs}/rules/import/", {}, set(), 400, 404),
    ("get", "/records/logs/{my_log}/", None, EVERYONE, 200, 404),
    ("get", "/records/logs/{their_log}/", None, set(), 200, 404),
    ("post", "/records/logs/{my_log}/", {}, set(), 400, 403),
    ("get", "/records/rounds/{round}/scores/", None, EVERYONE, 200, 404),
    ("get", "/records/rounds/{their_round}/scores/", None, set(), 200, 404),
    ("get", "/records/rounds/{round}/targets/", None, ADMIN, 200, 403),
    ("get", "/records/rounds/{round}/targets.xlsx", None, ADMIN, 200, 403),
    ("get", "/records/rounds/{their_round}/targets.xlsx", None, set(), 200, 404),
    ("get", "/records/rounds/{round}/targets/import/", None, ADMIN, 200, 403),
    ("post", "/records/rounds/{round}/targets/import/", {}, ADMIN, 400, 403),
    ("get", "/records/merits/", None, EVERYONE, 200, 403),
    ("post", "/records/merits/new/", {}, SUBMITTERS, 400, 403),
    ("get", "/records/merits/{my_merit}/", None, EVERYONE, 200, 404),
    ("get", "/records/merits/{their_merit}/", None, set(), 200, 404),
    ("get", "/records/meetings/new/", None, APPROVERS, 200, 403),
    ("post", "/records/meetings/hold/", {}, APPROVERS, 400, 403),
    ("get", "/records/meetings/{meeting}/", None, EVERYONE, 200, 404),
    ("get", "/records/meetings/{meeting}/bulletin/", None, EVERYONE, 200, 404),
    ("get", "/records/meetings/{meeting}/bulletin.docx", None, EVERYONE, 200, 404),
    # Only the meeting's own approvers decide; the matrix accounts are not among them.
    (
        "post",
        "/records/meetings/{meeting}/decide/{my_merit}/",
        {"decision": "approve"},
        set(),
        302,
        403,
    ),
    ("post", "/records/meetings/{meeting}/publish/", {}, set(), 302, 403),
    ("get", "/api/records/organizations/{mine}/progress", None, EVERYONE, 200, 404),
    ("get", "/api/records/organizations/{theirs}/progress", None, set(), 200, 404),
    ("get", "/api/records/organizations/{mine}/logs", None, EVERYONE, 200, 404),
    ("get", "/api/records/meetings/{meeting}/bulletin", None, EVERYONE, 200, 404),
]

# Someone with no grant cannot even see the round or the meeting: they do not exist for them.
OVERRIDES = {
    ("nogrant", "/records/rounds/{round}/targets/"): 404,
    ("nogrant", "/records/rounds/{round}/targets.xlsx"): 404,
    ("nogrant", "/records/rounds/{round}/targets/import/"): 404,
    ("nogrant", "/records/meetings/{meeting}/publish/"): 404,
}


@pytest.fixture
def places(small_city, cast):  # type: ignore[no-untyped-def]
    from shuzhi.rounds.models import Round

    mine = log(cast, small_city.town_a1, date(YEAR, 2, 1))
    b1_secretary = make_person("乙一书记", small_city.town_b1)
    make_post(small_city.town_b1, b1_secretary)
    b1 = make_user("b1_sec", "secretary", small_city.town_b1, person=b1_secretary)
    theirs = log(cast, small_city.town_b1, date(YEAR, 2, 1), actor=b1)
    merit = submit(cast, small_city.town_a1, cast.red)
    march = meeting(cast)
    merit_services.decide_merit(actor=cast.county_rev, meeting=march, merit=merit, approve=True)
    merit_services.publish_bulletin(actor=cast.county_rev, meeting=march)
    root = make_user("matrix_root", is_superuser=True)
    b_rule = merit_services.set_rule(
        actor=root, organization=small_city.county_b, code="R1", color="red", title="表彰", points=1
    )
    their_merit = merit_services.submit_merit(
        actor=root,
        submitting_unit=small_city.county_b,
        organization=small_city.town_b1,
        rule=b_rule,
        occurred_on=date(YEAR, 3, 1),
        facts="x",
    )
    their_round = Round.objects.create(
        name="乙县", year=YEAR, hearing_organization=small_city.county_b
    )
    return {
        "mine": small_city.town_a1.code,
        "theirs": small_city.town_b1.code,
        "my_log": mine.pk,
        "their_log": theirs.pk,
        "round": cast.round.pk,
        "their_round": their_round.pk,
        "my_merit": merit.pk,
        "their_merit": their_merit.pk,
        "meeting": march.pk,
    }


@pytest.mark.parametrize("role", ACCOUNTS)
def test_records_permission_matrix(role, small_city, places):  # type: ignore[no-untyped-def]
    bodies = {template.format(**places): body for _, template, body, *_ in MATRIX}
    rows = [(method, template, *rest) for method, template, _, *rest in MATRIX]

    def send(client, method, url):  # type: ignore[no-untyped-def]
        return client.get(url) if method == "get" else client.post(url, bodies[url])

    failures = matrix_failures(
        client_for(role, small_city), role, rows, places, send, overrides=OVERRIDES
    )
    assert failures == []


def test_the_township_secretary_writes_their_own_record_by_page_and_api(small_city, cast):
    from django.test import Client

    client = Client()
    client.force_login(cast.town_sec)
    body = {
        "kind": "village_visit",
        "occurred_on": "2026-02-03",
        "place": "甲一1村",
        "text": "走访",
        "days": "0",
    }
    assert client.post(f"/records/org/{small_city.town_a1.code}/log/", body).status_code == 302
    api = {**body, "days": 1}
    response = client.post(
        f"/api/records/organizations/{small_city.town_a1.code}/logs",
        api,
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["kind"] == "village_visit"
    county = Client()
    county.force_login(cast.county_sec)
    assert (
        county.post(
            f"/api/records/organizations/{small_city.town_a1.code}/logs",
            api,
            content_type="application/json",
        ).status_code
        == 403
    )

"""Every role × every report page and endpoint → allowed or denied (as in tests/accounts).

Each role is granted at county A, which hears the township reporter whose report is "mine";
"theirs" belongs to county B's round, which no role here may see (404, as if absent).
"""

from __future__ import annotations

import json

import pytest
from django.test import Client

from shuzhi.orgs.models import Person
from shuzhi.reports import services
from shuzhi.rounds.models import Reporter, Round
from tests.factories import make_person, make_post, make_user
from tests.permission_matrix import ACCOUNTS, ROLES, client_for, matrix_failures
from tests.reports.conftest import ALL_GATES
from tests.reports.texts import GOOD_SECTIONS

pytestmark = pytest.mark.django_db

EVERYONE = set(ROLES)
ADMIN = {"admin"}
STEP_ONE = {"reviewer"}  # the first step's role at the hearing body (county A)

# (method, url, roles allowed, status when allowed, status when denied)
MATRIX = [
    ("get", "/reports/", EVERYONE, 200, 403),
    ("get", "/reports/?todo=review", EVERYONE, 200, 403),
    ("get", "/reports/{mine}/", EVERYONE, 200, 404),
    ("get", "/reports/{theirs}/", set(), 200, 404),
    # Only the reporter's own account (or a secretary granted at the township) writes the report.
    ("get", "/reports/{mine}/edit/", set(), 200, 403),
    ("post", "/reports/{mine}/checks/", set(), 200, 403),
    ("post", "/reports/{mine}/upload/", set(), 302, 403),
    ("get", "/reports/{theirs}/edit/", set(), 200, 404),
    ("get", "/reports/{mine}/export.docx", EVERYONE, 200, 404),
    ("get", "/reports/{theirs}/export.docx", set(), 200, 404),
    ("get", "/reports/{mine}/diff/?a=1&b=1", EVERYONE, 200, 404),
    # Marking a finding as wrong is the reporter's own (as writing the report).
    ("post", "/reports/{mine}/objections/", set(), 302, 403),
    ("post", "/reports/{theirs}/objections/", set(), 302, 404),
    # The objections workbook (labelled data) is for those who review reports.
    ("get", "/reports/objections.xlsx", {"admin", "reviewer", "secretary"}, 200, 403),
    ("post", "/reports/{mine}/review/", STEP_ONE, 302, 403),
    ("post", "/reports/{theirs}/review/", set(), 302, 404),
    ("get", "/reports/rounds/{my_round}/chain/", ADMIN, 200, 403),
    ("get", "/reports/rounds/{their_round}/chain/", set(), 200, 404),
    ("get", "/api/reports/", EVERYONE, 200, 403),
    ("get", "/api/reports/{mine}", EVERYONE, 200, 404),
    ("get", "/api/reports/{theirs}", set(), 200, 404),
    ("post", "/api/reports/{mine2}/decisions", STEP_ONE, 201, 403),
    ("post", "/api/reports/{theirs}/decisions", set(), 201, 404),
    ("post", "/api/reports/check", EVERYONE, 200, 403),
]


def _submitted_report(round_: Round, organization, person: Person):  # type: ignore[no-untyped-def]
    reporter = Reporter.objects.create(round=round_, organization=organization, person=person)
    author = make_user(f"author_{organization.code}", "secretary", organization, person=person)
    report = services.open_report(actor=author, reporter=reporter)
    report = services.save_draft(actor=author, report=report, sections=GOOD_SECTIONS, answers={})
    services.submit(actor=author, report=report)
    return report


@pytest.fixture
def places(small_city):
    my_round = Round.objects.create(
        name="甲县", year=2026, hearing_organization=small_city.county_a
    )
    their_round = Round.objects.create(
        name="乙县", year=2026, hearing_organization=small_city.county_b
    )
    theirs_person = make_person("乙一书记", small_city.town_b1)
    make_post(small_city.town_b1, theirs_person)
    mine = _submitted_report(my_round, small_city.town_a1, Person.objects.get(code="P-SEC"))
    theirs = _submitted_report(their_round, small_city.town_b1, theirs_person)
    second_person = make_person("甲二书记", small_city.town_a2)
    make_post(small_city.town_a2, second_person)
    mine2 = _submitted_report(my_round, small_city.town_a2, second_person)
    return {
        "mine": mine.pk,
        "mine2": mine2.pk,
        "theirs": theirs.pk,
        "my_round": my_round.pk,
        "their_round": their_round.pk,
    }


def _request(client: Client, method: str, url: str):  # type: ignore[no-untyped-def]
    if method == "get":
        return client.get(url)
    if url.startswith("/api/"):
        body = (
            {"decision": "pass", "gates": ALL_GATES}
            if "decisions" in url
            else {"text": "一、成绩\n完成3项。"}
        )
        return client.post(url, json.dumps(body), content_type="application/json")
    if url.endswith("/review/"):
        return client.post(url, {"decision": "pass", "gates": ALL_GATES})
    return client.post(url, GOOD_SECTIONS)


@pytest.mark.parametrize("role", ACCOUNTS)
def test_report_permission_matrix(role, small_city, places):
    failures = matrix_failures(client_for(role, small_city), role, MATRIX, places, _request)
    assert not failures, "\n".join(failures)


def test_the_reporter_may_edit_and_check_their_own_report(small_city, places):
    author = Person.objects.get(code="P-SEC").accounts.get()
    client = Client()
    client.force_login(author)
    assert client.post(f"/reports/{places['mine']}/checks/", GOOD_SECTIONS).status_code == 200
    # Submitted: the editor sends the author back to the review page until it is returned.
    assert client.get(f"/reports/{places['mine']}/edit/").status_code == 302

"""Every role × every fact-finding page and endpoint → allowed or denied.

Each role is granted at county A (tests/permission_matrix.py); "my" round is county A's, its
township A1 is visited and audited; "their" round is county B's and answers 404.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from shuzhi.factfinding import audits, services
from shuzhi.orgs.models import Person, Representative
from shuzhi.rounds.models import Round
from tests.factories import make_user
from tests.permission_matrix import ACCOUNTS, ROLES, client_for, matrix_failures

pytestmark = pytest.mark.django_db

EVERYONE = set(ROLES)
ADMIN = {"admin"}
RECORDERS = {"admin", "inspector"}
AUDITORS = {"admin", "inspector"}

# (method, url, data, roles allowed, status when allowed, status when denied)
MATRIX = [
    ("get", "/factfinding/", None, EVERYONE, 200, 403),
    ("get", "/factfinding/rounds/{my_round}/", None, EVERYONE, 200, 404),
    ("get", "/factfinding/rounds/{their_round}/", None, set(), 200, 404),
    ("get", "/factfinding/rounds/{my_round}/findings.xlsx", None, ADMIN, 200, 404),
    ("post", "/factfinding/rounds/{my_round}/groups/", {}, ADMIN, 400, 404),
    ("post", "/factfinding/rounds/{my_round}/audits/", {}, ADMIN, 400, 404),
    ("post", "/factfinding/rounds/{my_round}/import/", {}, RECORDERS, 400, 404),
    ("get", "/factfinding/groups/{my_group}/", None, EVERYONE, 200, 404),
    ("get", "/factfinding/groups/{their_group}/", None, set(), 200, 404),
    ("get", "/factfinding/visits/{my_visit}/", None, EVERYONE, 200, 404),
    ("get", "/factfinding/visits/{their_visit}/", None, set(), 200, 404),
    ("post", "/factfinding/visits/{my_visit}/finding/", {}, RECORDERS, 400, 403),
    ("post", "/factfinding/visits/{their_visit}/finding/", {}, set(), 400, 404),
    ("get", "/factfinding/findings/", None, EVERYONE, 200, 403),
    # Findings are corrected by who may record them; an inspection's only by the group's
    # members, and no account of the matrix is one.
    ("get", "/factfinding/findings/{my_finding}/edit/", None, RECORDERS, 200, 403),
    ("post", "/factfinding/findings/{my_finding}/edit/", {}, RECORDERS, 400, 403),
    ("get", "/factfinding/findings/{my_inspection_finding}/edit/", None, set(), 200, 403),
    ("post", "/factfinding/findings/{my_inspection_finding}/edit/", {}, set(), 400, 403),
    ("get", "/factfinding/findings/{their_finding}/edit/", None, set(), 200, 404),
    ("get", "/factfinding/audits/{my_audit}/", None, EVERYONE, 200, 404),
    ("get", "/factfinding/audits/{their_audit}/", None, set(), 200, 404),
    ("get", "/factfinding/audits/{my_audit}/report.docx", None, AUDITORS, 200, 404),
    ("get", "/api/factfinding/rounds/{my_round}/findings", None, EVERYONE, 200, 404),
    ("get", "/api/factfinding/rounds/{their_round}/findings", None, set(), 200, 404),
    ("get", "/api/factfinding/audits/{my_audit}", None, EVERYONE, 200, 404),
    ("get", "/api/factfinding/audits/{their_audit}", None, set(), 200, 404),
    (
        "post",
        "/api/factfinding/visits/{my_visit}/findings",
        {"responsibility": "便民服务", "text": "无人值守"},
        RECORDERS,
        201,
        403,
    ),
    (
        "post",
        "/api/factfinding/findings/{my_finding}/answer",
        {"action": "accept"},
        {"secretary"},
        200,
        403,
    ),
    # Changing rows last.
    (
        "post",
        "/factfinding/findings/{my_finding}/answer/",
        {"action": "accept"},
        {"secretary"},
        302,
        403,
    ),
    ("post", "/factfinding/audits/{my_audit}/start/", {}, AUDITORS, 302, 403),
]


def _round_with_visit(county, town, suffix: str):  # type: ignore[no-untyped-def]
    root = make_user(f"matrix_root_{suffix}", is_superuser=True)
    round_ = Round.objects.create(name=f"{county.name}2025", year=2025, hearing_organization=county)
    person = Person.objects.create(code=f"MX-{suffix}", name="代表", unit=county)
    Representative.objects.create(organization=county, person=person, category="masses")
    group = services.form_groups(actor=root, round=round_, group_count=1)[0]
    services.assign_unit(actor=root, group=group, organization=town)
    member = make_user(f"matrix_member_{suffix}", "inspector", county, person=person)
    # An unannounced visit by the root, and an inspection by the group's only member.
    visits, findings = [], []
    for actor, kind, in_group in ((root, "unannounced", None), (member, "inspection", group)):
        visit = services.record_visit(
            actor=actor,
            round=round_,
            organization=town,
            kind=kind,
            visited_on=date(2025, 11, 1),
            group=in_group,
        )
        visits.append(visit)
        findings.append(
            services.record_finding(actor=actor, visit=visit, responsibility="甲", text="问题")
        )
    audit = audits.plan_audit(actor=root, round=round_, organization=town, seed="s")
    return round_, group, visits[0], findings[0], audit, findings[1]


@pytest.fixture
def places(small_city):  # type: ignore[no-untyped-def]
    mine = _round_with_visit(small_city.county_a, small_city.town_a1, "a")
    theirs = _round_with_visit(small_city.county_b, small_city.town_b1, "b")
    names = ["round", "group", "visit", "finding", "audit", "inspection_finding"]
    return {f"my_{n}": o.pk for n, o in zip(names, mine, strict=True)} | {
        f"their_{n}": o.pk for n, o in zip(names, theirs, strict=True)
    }


@pytest.mark.parametrize("role", ACCOUNTS)
def test_factfinding_permission_matrix(role, small_city, places) -> None:  # type: ignore[no-untyped-def]
    bodies = {template.format(**places): body for _, template, body, *_ in MATRIX}
    rows = [(method, template, *rest) for method, template, _, *rest in MATRIX]

    def send(client, method, url):  # type: ignore[no-untyped-def]
        if method == "get":
            return client.get(url)
        if url.startswith("/api/"):
            return client.post(url, json.dumps(bodies[url]), content_type="application/json")
        return client.post(url, bodies[url])

    failures = matrix_failures(client_for(role, small_city), role, rows, places, send)
    assert failures == []

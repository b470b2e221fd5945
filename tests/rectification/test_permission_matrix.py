"""Every role × every rectification page and endpoint → allowed or denied.

As in tests/accounts/test_permission_matrix.py: each role is granted at county A; "mine" is
township A1 (in county A), "theirs" is township B1, which must answer 404 as if missing.
The item in "mine" waits for sign-off, so the sign-off row checks who may close it.
"""

from __future__ import annotations

import pytest

from tests.permission_matrix import ACCOUNTS, ROLES, client_for, matrix_failures
from tests.rectification.conftest import item_for, raise_problem, submit

pytestmark = pytest.mark.django_db

EVERYONE = set(ROLES)
MANAGERS = {"admin", "secretary", "inspector"}
SIGNERS = {"admin", "secretary", "reviewer"}  # over the parent (county A) of "mine"
ADMIN = {"admin"}

# (method, url, data, roles allowed, status when allowed, status when denied)
MATRIX = [
    ("get", "/rectification/", None, EVERYONE, 200, 403),
    ("get", "/rectification/org/{mine}/", None, EVERYONE, 200, 404),
    ("get", "/rectification/org/{theirs}/", None, set(), 200, 404),
    ("get", "/rectification/problems/{my_problem}/", None, EVERYONE, 200, 404),
    ("get", "/rectification/problems/{their_problem}/", None, set(), 200, 404),
    ("get", "/rectification/items/{my_item}/", None, EVERYONE, 200, 404),
    ("get", "/rectification/items/{their_item}/", None, set(), 200, 404),
    ("get", "/rectification/org/{mine}/ledger.xlsx", None, EVERYONE, 200, 404),
    ("get", "/rectification/org/{theirs}/ledger.xlsx", None, set(), 200, 404),
    ("get", "/rectification/org/{mine}/report.docx", None, EVERYONE, 200, 404),
    ("post", "/rectification/org/{mine}/problems/new/", {}, MANAGERS, 400, 403),
    ("post", "/rectification/org/{theirs}/problems/new/", {}, set(), 400, 404),
    ("post", "/rectification/org/{mine}/interviews/new/", {}, ADMIN, 400, 403),
    ("post", "/rectification/org/{mine}/accountability/new/", {}, ADMIN, 400, 403),
    ("post", "/rectification/items/{their_item}/close/", {"reason": "x"}, set(), 302, 404),
    ("get", "/api/rectification/organizations/{mine}/items", None, EVERYONE, 200, 404),
    ("get", "/api/rectification/organizations/{theirs}/items", None, set(), 200, 404),
    ("get", "/api/rectification/organizations/{mine}/dashboard", None, EVERYONE, 200, 404),
    ("get", "/api/rectification/items/{my_item}", None, EVERYONE, 200, 404),
    ("get", "/api/rectification/items/{their_item}", None, set(), 200, 404),
    # Sign-off last: it changes the item. The inspector manages "mine" but is no superior: the
    # flow refuses (400); roles that neither manage nor sign off are forbidden (403).
    ("post", "/rectification/items/{my_item}/close/", {"reason": "核实"}, SIGNERS, 302, 403),
]
OVERRIDES = {("inspector", "/rectification/items/{my_item}/close/"): 400}


@pytest.fixture
def places(small_city, cast):  # type: ignore[no-untyped-def]
    mine = item_for(raise_problem(small_city.town_a1, "我的问题"), cast)
    submit(mine, cast.owner)
    from tests.factories import make_person, make_post, make_user

    make_post(small_city.town_b1, make_person("乙一书记", small_city.town_b1))
    root = make_user("matrix_root", is_superuser=True)
    theirs = item_for(raise_problem(small_city.town_b1, "他们的问题"), cast, actor=root)
    return {
        "mine": small_city.town_a1.code,
        "theirs": small_city.town_b1.code,
        "my_problem": mine.problem_id,
        "their_problem": theirs.problem_id,
        "my_item": mine.pk,
        "their_item": theirs.pk,
    }


@pytest.mark.parametrize("role", ACCOUNTS)
def test_rectification_permission_matrix(role, small_city, places, settings):
    # Rows here carry the form data their POST sends, third in the row.
    bodies = {template.format(**places): body for _, template, body, *_ in MATRIX}
    rows = [(method, template, *rest) for method, template, _, *rest in MATRIX]

    def send(client, method, url):  # type: ignore[no-untyped-def]
        return client.get(url) if method == "get" else client.post(url, bodies[url])

    failures = matrix_failures(
        client_for(role, small_city), role, rows, places, send, overrides=OVERRIDES
    )
    assert not failures, "\n".join(failures)

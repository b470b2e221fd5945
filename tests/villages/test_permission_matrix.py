"""Every role × every villages page and endpoint → allowed or denied.

As in tests/accounts/test_permission_matrix.py: each role is granted at county A; "mine" is
county A's assessment and township A1, "theirs" county B's assessment and township B1, which
must answer 404 as if missing.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from shuzhi.villages import listing, ratings, services
from tests.factories import make_user
from tests.permission_matrix import ACCOUNTS, ROLES, client_for, matrix_failures
from tests.villages.conftest import assessment_file, members_for, scores_for

pytestmark = pytest.mark.django_db

EVERYONE = set(ROLES)
ADMIN = {"admin"}
SIGNERS = {"admin", "secretary", "reviewer"}
RATERS = {"admin", "reviewer"}
POINTS = {"admin", "secretary", "reviewer"}
A = "/villages/assessments"

# (method, url, roles allowed, status when allowed, status when denied)
MATRIX = [
    ("get", "/villages/", EVERYONE, 200, 403),
    ("post", "/villages/assessments/new/", ADMIN, 400, 403),
    ("get", A + "/{mine}/", EVERYONE, 200, 404),
    ("get", A + "/{theirs}/", set(), 200, 404),
    ("get", A + "/{mine}/template.xlsx", ADMIN, 200, 403),
    ("get", A + "/{theirs}/template.xlsx", set(), 200, 404),
    ("post", A + "/{mine}/import/", ADMIN, 400, 403),
    ("post", A + "/{theirs}/import/", set(), 400, 404),
    ("get", A + "/{mine}/townships/{my_town}/", EVERYONE, 200, 404),
    ("get", A + "/{theirs}/townships/{their_town}/", set(), 200, 404),
    ("get", A + "/{mine}/townships/{my_town}/pay.xlsx", EVERYONE, 200, 404),
    ("get", A + "/{theirs}/townships/{their_town}/pay.xlsx", set(), 200, 404),
    ("post", A + "/{theirs}/townships/{their_town}/sign/township/", set(), 302, 404),
    ("get", "/villages/lagging/", EVERYONE, 200, 403),
    ("get", "/villages/lagging/?years=3", EVERYONE, 200, 403),
    ("post", "/villages/lagging/new/", ADMIN, 400, 403),
    ("get", "/villages/lagging/{my_listing}/", EVERYONE, 200, 404),
    ("get", "/villages/lagging/{their_listing}/", set(), 200, 404),
    ("post", "/villages/lagging/{my_listing}/pair/", ADMIN, 400, 403),
    ("post", "/villages/lagging/{their_listing}/pair/", set(), 400, 404),
    ("post", "/villages/lagging/{my_listing}/plan/", ADMIN, 400, 403),
    # No plan items yet: the gate refuses whoever may ask (400); others are forbidden.
    ("post", "/villages/lagging/{my_listing}/request/", SIGNERS, 400, 403),
    ("post", "/villages/lagging/{their_listing}/request/", set(), 400, 404),
    ("post", "/villages/lagging/{their_listing}/approve/", set(), 400, 404),
    ("get", "/villages/stars/", EVERYONE, 200, 403),
    ("get", "/villages/stars/?org={my_town}&by=field&year=2025", EVERYONE, 200, 404),
    ("get", "/villages/stars/?org={their_town}", set(), 200, 404),
    ("get", "/villages/branches/{my_branch}/", EVERYONE, 200, 404),
    ("get", "/villages/branches/{their_branch}/", set(), 200, 404),
    ("post", "/villages/branches/{my_branch}/rate/", RATERS, 400, 403),
    ("post", "/villages/branches/{their_branch}/rate/", set(), 400, 404),
    ("post", "/villages/branches/{my_branch}/points/", POINTS, 400, 403),
    ("post", "/villages/branches/{their_branch}/points/", set(), 400, 404),
    ("post", "/villages/points/{their_entry}/confirm/", set(), 302, 404),
    ("get", "/api/villages/assessments/{mine}", EVERYONE, 200, 404),
    ("get", "/api/villages/assessments/{theirs}", set(), 200, 404),
    # Changing rows last: computing, then signing (which freezes the assessment).
    ("post", A + "/{mine}/compute/", ADMIN, 302, 403),
    ("post", A + "/{mine}/identify-lagging/", ADMIN, 302, 403),
    ("post", A + "/{theirs}/identify-lagging/", set(), 302, 404),
    ("post", A + "/{mine}/townships/{my_town}/sign/township/", SIGNERS, 302, 403),
]


def _assessment(small_city, county, town):  # type: ignore[no-untyped-def]
    root = make_user(f"root_{county.code}", is_superuser=True)
    assessment = services.create_assessment(actor=root, organization=county, year=2025)
    villages = list(town.children.all())
    services.import_assessment(
        actor=root,
        assessment=assessment,
        stream=assessment_file(scores_for(villages), members_for(villages)),
    )
    services.compute_assessment(actor=root, assessment=assessment)
    return assessment


@pytest.fixture
def places(small_city):  # type: ignore[no-untyped-def]
    return {
        "mine": _assessment(small_city, small_city.county_a, small_city.town_a1).pk,
        "theirs": _assessment(small_city, small_city.county_b, small_city.town_b1).pk,
        "my_town": small_city.town_a1.code,
        "their_town": small_city.town_b1.code,
        "my_listing": _listed(small_city.village_a1).pk,
        "my_branch": small_city.village_a1.code,
        "their_branch": small_city.town_b1.children.first().code,
        "their_entry": _entry(small_city.town_b1.children.first()).pk,
        "their_listing": _listed(small_city.town_b1.children.first()).pk,
    }


def _entry(branch):  # type: ignore[no-untyped-def]
    root = make_user(f"points_{branch.code}", is_superuser=True)
    return ratings.enter_points(
        actor=root, branch=branch, rule_code="meeting", occurred_on=date(2025, 3, 1)
    )


def _listed(organization):  # type: ignore[no-untyped-def]
    root = make_user(f"lister_{organization.code}", is_superuser=True)
    return listing.list_organization(
        actor=root,
        organization=organization,
        kind="weak",
        identified_by="hand",
        reason="软弱",
        year=2025,
    )


def _request(client: Client, method: str, url: str):  # type: ignore[no-untyped-def]
    if method == "get":
        return client.get(url)
    return client.post(url, {})


@pytest.mark.parametrize("role", ACCOUNTS)
def test_permission_matrix(role, small_city, places):  # type: ignore[no-untyped-def]
    client = client_for(role, small_city)
    failures = matrix_failures(client, role, MATRIX, places, _request)
    assert not failures, "\n".join(failures)

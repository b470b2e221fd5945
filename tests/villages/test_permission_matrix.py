"""Every role × every villages page and endpoint → allowed or denied.

As in tests/accounts/test_permission_matrix.py: each role is granted at county A; "mine" is
county A's assessment and township A1, "theirs" county B's assessment and township B1, which
must answer 404 as if missing.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from shuzhi.villages import dual_queries, evaluation, listing, ratings, services
from shuzhi.villages.models import DemocraticEvaluation, Objection, VillageRound
from tests.factories import make_user
from tests.permission_matrix import ACCOUNTS, ROLES, client_for, matrix_failures
from tests.villages.conftest import assessment_file, members_for, scores_for
from tests.villages.dual_world import CLOSES, OPENS, open_village_round

pytestmark = pytest.mark.django_db

EVERYONE = set(ROLES)
ADMIN = {"admin"}
SIGNERS = {"admin", "secretary", "reviewer"}
RATERS = {"admin", "reviewer"}
POINTS = {"admin", "secretary", "reviewer"}
A = "/villages/assessments"
R = "/villages/rounds"
E = "/villages/evaluations"

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
    # The township's sheets: templates and all-or-nothing imports (an empty post is refused).
    ("get", "/villages/stars/template.xlsx?org={my_town}", RATERS, 200, 403),
    ("get", "/villages/stars/template.xlsx?org={their_town}", set(), 200, 404),
    ("post", "/villages/stars/import/?org={my_town}", RATERS, 400, 403),
    ("post", "/villages/stars/import/?org={their_town}", set(), 400, 404),
    ("get", "/villages/points/template.xlsx?org={my_town}", POINTS, 200, 403),
    ("get", "/villages/points/template.xlsx?org={their_town}", set(), 200, 404),
    ("post", "/villages/points/import/?org={my_town}", POINTS, 400, 403),
    ("post", "/villages/points/import/?org={their_town}", set(), 400, 404),
    ("get", "/villages/points/rules/?org={my_county}", EVERYONE, 200, 404),
    ("get", "/villages/points/rules/?org={their_county}", set(), 200, 404),
    ("get", "/villages/points/rules/?org={my_town}", set(), 200, 404),
    ("post", "/villages/points/rules/?org={my_county}", ADMIN, 400, 403),
    ("post", "/villages/points/rules/?org={their_county}", set(), 400, 404),
    ("get", "/villages/stars/template/?org={my_county}&field=rural", EVERYONE, 200, 404),
    ("get", "/villages/stars/template/?org={their_county}", set(), 200, 404),
    ("post", "/villages/stars/template/?org={my_county}&field=rural", ADMIN, 400, 403),
    ("post", "/villages/stars/template/?org={their_county}", set(), 400, 404),
    # 双述双评: the round, its hearings, evaluations, scores, ranking, 公示 and objections.
    ("get", R + "/", EVERYONE, 200, 403),
    ("post", R + "/new/", ADMIN, 400, 403),
    ("get", R + "/{my_vround}/", EVERYONE, 200, 404),
    ("get", R + "/{their_vround}/", set(), 200, 404),
    ("post", R + "/{my_vround}/hearings/", ADMIN, 400, 403),
    ("post", R + "/{their_vround}/hearings/", set(), 400, 404),
    ("post", R + "/{my_vround}/evaluations/", ADMIN, 400, 403),
    ("post", R + "/{their_vround}/evaluations/", set(), 400, 404),
    ("post", R + "/{my_vround}/scores/", ADMIN, 400, 403),
    ("post", R + "/{their_vround}/scores/", set(), 400, 404),
    ("get", R + "/{my_vround}/scores/template.xlsx", ADMIN, 200, 403),
    ("get", R + "/{their_vround}/scores/template.xlsx", set(), 200, 404),
    ("post", R + "/{my_vround}/scores/import/", ADMIN, 400, 403),
    ("post", R + "/{their_vround}/scores/import/", set(), 400, 404),
    ("get", R + "/{my_vround}/notice/", EVERYONE, 200, 404),
    ("get", R + "/{their_vround}/notice/", set(), 200, 404),
    ("post", R + "/{my_vround}/rank/", ADMIN, 400, 403),
    ("post", R + "/{their_vround}/rank/", set(), 400, 404),
    ("post", R + "/{my_vround}/publish/", ADMIN, 400, 403),
    ("post", R + "/{their_vround}/publish/", set(), 400, 404),
    ("post", R + "/{my_vround}/objections/", ADMIN, 400, 403),
    ("post", R + "/{their_vround}/objections/", set(), 400, 404),
    ("post", R + "/{my_vround}/finalize/", ADMIN, 400, 403),
    ("post", R + "/{their_vround}/finalize/", set(), 400, 404),
    ("post", "/villages/objections/{my_objection}/answer/", ADMIN, 400, 403),
    ("post", "/villages/objections/{their_objection}/answer/", set(), 400, 404),
    ("get", E + "/{my_eval}/", EVERYONE, 200, 404),
    ("get", E + "/{their_eval}/", set(), 200, 404),
    ("post", E + "/{my_eval}/electors/", ADMIN, 400, 403),
    ("post", E + "/{their_eval}/electors/", set(), 400, 404),
    ("get", E + "/{my_eval}/roll/template.xlsx", ADMIN, 200, 403),
    ("get", E + "/{their_eval}/roll/template.xlsx", set(), 200, 404),
    ("post", E + "/{my_eval}/roll/import/", ADMIN, 400, 403),
    ("post", E + "/{their_eval}/roll/import/", set(), 400, 404),
    ("post", E + "/{my_eval}/tokens/", ADMIN, 400, 403),
    ("post", E + "/{their_eval}/tokens/", set(), 400, 404),
    ("post", E + "/{my_eval}/count/", ADMIN, 400, 403),
    ("post", E + "/{their_eval}/count/", set(), 400, 404),
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
        "my_county": small_city.county_a.code,
        "their_county": small_city.county_b.code,
        "their_town": small_city.town_b1.code,
        "my_listing": _listed(small_city.village_a1).pk,
        "my_branch": small_city.village_a1.code,
        "their_branch": small_city.town_b1.children.first().code,
        "their_entry": _entry(small_city.town_b1.children.first()).pk,
        "their_listing": _listed(small_city.town_b1.children.first()).pk,
        **_dual(small_city.town_a1, "my"),
        **_dual(small_city.town_b1, "their"),
    }


def _dual(town, prefix: str):  # type: ignore[no-untyped-def]
    """A village round of ``town`` with a roll evaluation still to open, posted today and with
    an objection (both written directly: reaching 公示 takes the whole flow, tested in
    test_dual)."""
    root = make_user(f"dual_{town.code}", is_superuser=True)
    world = open_village_round(town, root)
    (found,) = evaluation.open_evaluations(
        actor=root,
        village_round=world.village_round,
        villages=world.villages[:1],
        mode="roll",
        opens_at=OPENS.replace(year=2099),
        closes_at=CLOSES.replace(year=2099),
    )
    today = timezone.localdate()
    VillageRound.objects.filter(pk=world.village_round.pk).update(
        published_on=today, objections_close_on=today + timedelta(days=4)
    )
    objection = Objection.objects.create(
        village_round=world.village_round,
        raised_by="村民",
        text="异议",
        raised_on=date(2026, 7, 10),
        recorded_by=root,
    )
    return {
        f"{prefix}_vround": world.village_round.pk,
        f"{prefix}_eval": found.pk,
        f"{prefix}_objection": objection.pk,
    }


@pytest.mark.parametrize("role", ["anonymous", "nogrant", "viewer"])
def test_voters_pages_need_no_account(role, small_city, places) -> None:  # type: ignore[no-untyped-def]
    """The phone ballots and the public objection page are for members and masses without
    accounts: open to anyone, an unknown slip answers 404, and a slip evaluation has no roll
    page."""
    client = client_for(role, small_city)
    posted = VillageRound.objects.get(pk=places["my_vround"])
    public = f"/villages/o/{dual_queries.public_key(posted)}/"
    assert client.get(public).status_code == 200
    assert client.post(public, {}).status_code == 400  # an empty filing is refused, not denied
    assert client.get(E + f"/{places['my_eval']}/vote/").status_code == 200
    assert client.get("/villages/e/NOSUCHTOKEN/").status_code == 404
    root = make_user(f"slips_{role}", is_superuser=True)
    found = DemocraticEvaluation.objects.get(pk=places["my_eval"])
    found.mode = "tokens"
    found.save()
    (token,) = evaluation.issue_tokens(actor=root, evaluation=found, category="masses", count=1)
    assert client.get(f"/villages/e/{token}/").status_code == 200
    assert client.get(E + f"/{found.pk}/vote/").status_code == 404


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

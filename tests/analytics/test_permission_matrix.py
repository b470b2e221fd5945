"""Every role × every analytics page and endpoint → allowed or denied.

Each role is granted at county A ("mine"); county B ("theirs") answers 404 as if missing, and
so does county A for a role that may not see figures at all (secretary, host): the figures of
a subtree are not even confirmed to exist to those who may not read them.
"""

from __future__ import annotations

import pytest

from shuzhi.analytics import services
from shuzhi.rounds.models import Round
from tests.analytics.conftest import raise_problems
from tests.factories import make_user
from tests.permission_matrix import ACCOUNTS, client_for, matrix_failures

pytestmark = pytest.mark.django_db

VIEWERS = {"admin", "reviewer", "inspector", "viewer"}
ADMIN = {"admin"}
MINE = "/analytics/org/{mine}"
THEIRS = "/analytics/org/{theirs}"
API = "/api/analytics/organizations"

# (method, url, data, roles allowed, status when allowed, status when denied)
MATRIX = [
    ("get", "/analytics/", None, VIEWERS, 200, 403),
    ("get", MINE + "/rounds/{round}/themes/", None, VIEWERS, 200, 404),
    ("get", THEIRS + "/rounds/{their_round}/themes/", None, set(), 200, 404),
    ("get", "/analytics/themes/{theme}/", None, VIEWERS, 200, 404),
    ("get", "/analytics/themes/{their_theme}/", None, set(), 200, 404),
    ("get", MINE + "/years/", None, VIEWERS, 200, 404),
    ("get", THEIRS + "/years/", None, set(), 200, 404),
    ("get", MINE + "/years.xlsx", None, VIEWERS, 200, 404),
    ("get", MINE + "/record.xlsx", None, VIEWERS, 200, 404),
    ("get", "/analytics/people/{person}/years/", None, VIEWERS, 200, 404),
    ("get", "/analytics/people/{their_person}/years/", None, set(), 200, 404),
    ("get", "/analytics/people/{person}/years.xlsx", None, VIEWERS, 200, 404),
    ("get", MINE + "/rounds/{round}/dashboard/", None, VIEWERS, 200, 404),
    ("get", MINE + "/rounds/{round}/dashboard/panel/", None, VIEWERS, 200, 404),
    ("get", THEIRS + "/rounds/{their_round}/dashboard/", None, set(), 200, 404),
    ("get", MINE + "/rounds/{round}/summary/", None, VIEWERS, 200, 404),
    ("get", MINE + "/rounds/{round}/summary.docx", None, VIEWERS, 200, 404),
    ("get", MINE + "/rounds/{round}/publications/", None, VIEWERS, 200, 404),
    ("get", API + "/{mine}/rounds/{round}/themes", None, VIEWERS, 200, 404),
    ("get", API + "/{theirs}/rounds/{their_round}/themes", None, set(), 200, 404),
    ("get", API + "/{mine}/years", None, VIEWERS, 200, 404),
    ("get", API + "/{mine}/rounds/{round}/dashboard", None, VIEWERS, 200, 404),
    ("get", API + "/{mine}/rounds/{round}/summary", None, VIEWERS, 200, 404),
    ("post", "/analytics/themes/{theme}/rename/", {}, ADMIN, 400, 403),
    ("post", "/analytics/themes/{their_theme}/rename/", {"name": "x"}, set(), 302, 404),
    ("post", "/analytics/themes/{theme}/merge/", {}, ADMIN, 400, 403),
    ("post", "/analytics/themes/{theme}/root-above/", {}, ADMIN, 400, 403),
    ("post", THEIRS + "/rounds/{their_round}/themes/build/", {}, set(), 302, 404),
    # Last: it rebuilds the themes of "mine".
    ("post", MINE + "/rounds/{round}/themes/build/", {}, ADMIN, 302, 403),
]
# Seeing the organisation but not allowed to manage: forbidden, not missing.
OVERRIDES = {
    (role, template): 403
    for role in VIEWERS - ADMIN
    for _, template, _, allowed, _, _ in MATRIX
    if allowed == ADMIN and "{mine}" in template
}
OVERRIDES.update(
    {
        (role, template): 404
        for role in ("secretary", "host", "nogrant")
        for _, template, _, allowed, _, _ in MATRIX
        if allowed == ADMIN
    }
)


@pytest.fixture
def places(small_city):  # type: ignore[no-untyped-def]
    from tests.analytics.history import build_history

    history = build_history(small_city)
    root = make_user("matrix_root", is_superuser=True)
    theirs = Round.objects.create(
        name="乙县2025", year=2025, hearing_organization=small_city.county_b
    )
    raise_problems(theirs, [small_city.town_b1], seed=9, count=6)
    their_set = services.build_themes(actor=root, round=theirs, organization=small_city.county_b)
    from shuzhi.orgs.models import Person
    from shuzhi.rounds.models import Reporter

    their_person = Person.objects.create(code="P-B1", name="乙一书记", unit=small_city.town_b1)
    Reporter.objects.create(round=theirs, organization=small_city.town_b1, person=their_person)
    return {
        "mine": small_city.county_a.code,
        "theirs": small_city.county_b.code,
        "round": history.rounds[2025].pk,
        "their_round": theirs.pk,
        "theme": history.theme_sets[2025].themes.first().pk,
        "their_theme": their_set.themes.first().pk,
        "person": history.people[0].pk,
        "their_person": their_person.pk,
    }


@pytest.mark.parametrize("role", ACCOUNTS)
def test_analytics_permission_matrix(role, small_city, places):  # type: ignore[no-untyped-def]
    bodies = {template.format(**places): body for _, template, body, *_ in MATRIX}
    rows = [(method, template, *rest) for method, template, _, *rest in MATRIX]

    def send(client, method, url):  # type: ignore[no-untyped-def]
        return client.get(url) if method == "get" else client.post(url, bodies[url])

    failures = matrix_failures(
        client_for(role, small_city), role, rows, places, send, overrides=OVERRIDES
    )
    assert not failures, "\n".join(failures)

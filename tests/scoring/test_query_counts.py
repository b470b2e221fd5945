"""Pages issue a fixed number of queries however many reporters a round has."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from shuzhi.rounds.models import Reporter
from shuzhi.rounds.services import enroll_reporters
from tests.factories import make_org, make_person, make_post
from tests.scoring.helpers import scored_round

pytestmark = pytest.mark.django_db

PAGES = ("entry/", "sources/", "results/", "notice/", "sensitivity/", "summary.xlsx")
PAGES += ("score-sheets.xlsx",)


def _counts(client, round_, reporter):
    counts = {}
    for page in (*PAGES, f"results/{reporter.pk}/", f"results/{reporter.pk}/sheet.xlsx"):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/scoring/{round_.pk}/{page}").status_code == 200
        counts[page] = len(captured.captured_queries)
    return counts


def test_scoring_pages_do_not_query_per_reporter(small_city, city_admin, compute):
    round_, (first, _) = scored_round(small_city, city_admin)
    compute(round_, city_admin)
    client = Client()
    client.force_login(city_admin)
    before = _counts(client, round_, first)
    towns = []
    for n in range(3, 7):
        town = make_org(f"甲{n}镇党委", small_city.county_a, code=f"C-A{n}")
        make_post(town, make_person(f"甲{n}书记", town))
        towns.append(town)
    enroll_reporters(actor=city_admin, round=round_, organizations=towns, peer_group="乡镇组")
    compute(round_, city_admin)
    assert Reporter.objects.filter(round=round_).count() == 6
    assert _counts(client, round_, first) == before

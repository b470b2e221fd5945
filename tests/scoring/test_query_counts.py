"""Pages issue a fixed number of queries however many reporters a round has."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from shuzhi.rounds.models import Reporter
from tests.scoring.helpers import enroll_more_towns, scored_round

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
    enroll_more_towns(small_city, city_admin, round_)
    compute(round_, city_admin)
    assert Reporter.objects.filter(round=round_).count() == 6
    assert _counts(client, round_, first) == before

"""Every village page runs the same number of queries whatever the tree's size."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from shuzhi.villages import listing, ratings, rules
from tests.factories import make_org, make_user
from tests.villages.conftest import assessment_file, members_for, scores_for

pytestmark = pytest.mark.django_db

FULL = {s.key: s.max_points * Decimal("0.7") for s in rules.SIX_STANDARDS}


def _grow(small_city, admin, cadre, start: int, count: int) -> None:  # type: ignore[no-untyped-def]
    for n in range(start, start + count):
        village = make_org(
            f"新村{n}", small_city.town_a2, code=f"C-A2-{n}", kind="branch", field="rural"
        )
        branch = make_org(f"新村{n}支部", village, code=f"C-A2-{n}-1", kind="branch", field="rural")
        ratings.rate_branch(actor=cadre, branch=branch, year=2025, points=FULL, evidence="x")
        listing.list_organization(
            actor=admin,
            organization=village,
            kind="weak",
            identified_by="hand",
            reason="软弱",
            year=2024,
        )


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_queries_per_page_do_not_grow_with_the_tree(small_city, admin):  # type: ignore[no-untyped-def]
    cadre = make_user("cadre_q", "reviewer", small_city.county_a)
    client = Client()
    client.force_login(admin)
    from shuzhi.villages import services

    assessment = services.create_assessment(
        actor=admin, organization=small_city.county_a, year=2025
    )
    urls = [
        "/villages/",
        "/villages/stars/?year=2025",
        "/villages/stars/?year=2025&by=field",
        "/villages/lagging/",
        f"/villages/assessments/{assessment.pk}/",
        f"/villages/assessments/{assessment.pk}/townships/C-A2/",
    ]

    def load() -> None:
        from shuzhi.orgs.models import Organization

        villages = list(
            Organization.objects.filter(level="village", path__startswith=small_city.county_a.path)
        )
        services.import_assessment(
            actor=admin,
            assessment=assessment,
            stream=assessment_file(scores_for(villages), members_for(villages)),
        )
        services.compute_assessment(actor=admin, assessment=assessment)

    _grow(small_city, admin, cadre, 10, 3)
    load()
    small = [_count(client, url) for url in urls]
    _grow(small_city, admin, cadre, 20, 12)
    load()
    large = [_count(client, url) for url in urls]
    assert small == large, list(zip(urls, small, large, strict=True))

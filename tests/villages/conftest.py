"""County A of ``small_city`` grown to 24 villages, and helpers to run an assessment."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest

from shuzhi.accounts.models import User
from shuzhi.orgs.models import Organization
from shuzhi.villages import services
from shuzhi.villages.models import VillageAssessment
from shuzhi.villages.workbook import MEMBERS, SCORES
from tests.factories import make_org, make_user

# The voter pages' throttle counts in the cache: each test gets its own (as meetings' do).
from tests.meetings.conftest import private_cache  # noqa: F401
from tests.sheets import workbook_file


def assessment_file(scores: list[list[Any]], members: list[list[Any]]) -> BytesIO:
    return workbook_file(
        {SCORES.name: [SCORES.headers, *scores], MEMBERS.name: [MEMBERS.headers, *members]}
    )


@pytest.fixture
def county_villages(small_city) -> list[Organization]:  # type: ignore[no-untyped-def]
    """24 villages in county A: the 4 of small_city and 10 more in each township."""
    for town in (small_city.town_a1, small_city.town_a2):
        for n in range(3, 13):
            make_org(
                f"{town.name[:2]}{n}村党支部",
                town,
                code=f"{town.code}-{n}",
                kind="branch",
                field="rural",
            )
    return list(
        Organization.objects.filter(
            level="village", path__startswith=small_city.county_a.path
        ).order_by("path")
    )


@pytest.fixture
def admin(small_city) -> User:  # type: ignore[no-untyped-def]
    return make_user("villages_admin", "admin", small_city.county_a)


def scores_for(villages: list[Organization]) -> list[list[Any]]:
    """Distinct scores 99, 98, … in tree order."""
    return [[v.code, v.name, Decimal(99 - i)] for i, v in enumerate(villages)]


def members_for(villages: list[Organization], pay: str = "30000.00") -> list[list[Any]]:
    rows = []
    for v in villages:
        rows.append([v.code, f"{v.code}书记", "党组织书记", pay])
        rows.append([v.code, f"{v.code}主任", "村（居）委会主任", "24000.50"])
    return rows


@pytest.fixture
def computed(small_city, county_villages, admin) -> VillageAssessment:  # type: ignore[no-untyped-def]
    assessment = services.create_assessment(
        actor=admin, organization=small_city.county_a, year=2025
    )
    services.import_assessment(
        actor=admin,
        assessment=assessment,
        stream=assessment_file(scores_for(county_villages), members_for(county_villages)),
    )
    services.compute_assessment(actor=admin, assessment=assessment)
    assessment.refresh_from_db()
    return assessment

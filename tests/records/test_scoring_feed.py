"""The round's records source: computed here, taken by scoring without re-approval."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from shuzhi.audit.models import AuditEntry
from shuzhi.records import merit_services, queries, services
from shuzhi.scoring import services as scoring_services
from shuzhi.scoring.models import Publication, ReporterAssessment
from tests.records.conftest import YEAR, log, meeting, submit

pytestmark = pytest.mark.django_db


def _year_of_records(small_city, cast):  # type: ignore[no-untyped-def]
    for month in range(1, 10):
        log(cast, small_city.town_a1, date(YEAR, month, 5), days="15")  # 135 of 180 days
    log(cast, small_city.town_a1, date(YEAR, 10, 5), days="20")  # not confirmed: not counted
    for month in range(1, 10):
        services.confirm_month(
            actor=cast.county_rev, organization=small_city.town_a1, month=date(YEAR, month, 1)
        )
    red = submit(cast, small_city.town_a1, cast.red)
    black = submit(cast, small_city.town_a1, cast.black, day=date(YEAR, 3, 20))
    rejected = submit(cast, small_city.town_a1, cast.red, day=date(YEAR, 3, 21))
    march = meeting(cast)
    for merit, approve in ((red, True), (black, True), (rejected, False)):
        merit_services.decide_merit(
            actor=cast.county_rev, meeting=march, merit=merit, approve=approve, note="x"
        )
    merit_services.publish_bulletin(actor=cast.county_rev, meeting=march)
    return red, black, rejected


def test_the_score_follows_the_documented_formula(small_city, cast):
    red, black, rejected = _year_of_records(small_city, cast)
    answer = queries.records_scores(cast.round.pk)[cast.reporter.pk]
    # Days 135/180 = 0.75, contact points 0/3 = 0 → completion 0.375; 40 + 60 × 0.375 + 3 − 2.
    assert answer.score == Decimal("63.50")
    keys = [line.key for line in answer.lines]
    assert keys == [
        "target:village_days",
        "target:contact_point",
        "completion",
        f"merit:{red.pk}",
        f"merit:{black.pk}",
    ]
    assert f"merit:{rejected.pk}" not in keys


def test_year_end_totals_reach_scoring_without_re_approval_and_match_the_breakdown(
    small_city, cast
):
    _year_of_records(small_city, cast)
    assert scoring_services.take_records_source(actor=cast.county_admin, round=cast.round) == 1
    stored = ReporterAssessment.objects.get(reporter=cast.reporter, source="records")
    answer = queries.records_scores(cast.round.pk)[cast.reporter.pk]
    assert (stored.score, stored.origin) == (answer.score, "records")
    assert json.loads(stored.detail) == [[ln.key, ln.label, ln.value] for ln in answer.lines]
    # No approval step stands between the meeting's decisions and the score.
    assert not AuditEntry.objects.filter(action__contains="reapprov").exists()
    assert AuditEntry.objects.get(action="scoring.records.take").after == {
        "scores": {str(cast.reporter.pk): "63.50"}
    }


def test_taking_it_again_after_publication_needs_a_reason(small_city, cast):
    _year_of_records(small_city, cast)
    scoring_services.take_records_source(actor=cast.county_admin, round=cast.round)
    Publication.objects.create(
        round=cast.round,
        frozen_at="2026-12-01T00:00Z",
        starts_on=date(YEAR, 12, 1),
        ends_on=date(YEAR, 12, 7),
        published_by=cast.county_admin,
    )
    with pytest.raises(ValidationError, match="理由"):
        scoring_services.take_records_source(actor=cast.county_admin, round=cast.round)
    scoring_services.take_records_source(
        actor=cast.county_admin, round=cast.round, reason="补录纪实"
    )
    assert ReporterAssessment.objects.filter(source="records").count() == 1


def test_the_sources_page_takes_the_records_source_and_the_breakdown_page_shows_it(
    small_city, cast
):
    _year_of_records(small_city, cast)
    client = Client()
    client.force_login(cast.county_admin)
    assert client.post(f"/scoring/{cast.round.pk}/sources/from-records/").status_code == 302
    assert ReporterAssessment.objects.get(source="records").score == Decimal("63.50")
    page = client.get(f"/records/rounds/{cast.round.pk}/scores/").content.decode()
    assert "63.50" in page and "获评上级表彰" in page

"""The demo city has a deterministic year of records, and its pages work."""

from __future__ import annotations

import time

import pytest
from django.test import Client

from shuzhi.orgs.demo import DEMO_PASSWORD, build_demo_city
from shuzhi.records.demo import YEAR, build_demo
from shuzhi.records.models import JointMeeting, MeritRecord, WorkLog

pytestmark = pytest.mark.django_db


def _fingerprint() -> list[tuple[str, str, str, str]]:
    return [
        (code, kind, str(day), str(days))
        for code, kind, day, days in WorkLog.objects.order_by(
            "organization__code", "occurred_on", "kind", "days"
        )
        .values_list("organization__code", "kind", "occurred_on", "days")
        .filter(occurred_on__year=YEAR)
    ]


def test_the_demo_has_a_year_of_records_and_working_pages(settings, tmp_path):
    build_demo_city(seed=2016)
    started = time.perf_counter()
    build_demo(seed=2016)
    assert time.perf_counter() - started < 20
    year = WorkLog.objects.filter(occurred_on__year=YEAR)
    assert year.count() > 500 and not year.filter(confirmed_at__isnull=True).exists()
    assert JointMeeting.objects.filter(published_at__isnull=False).count() == 12
    assert MeritRecord.objects.filter(status="approved").exists()
    client = Client()
    assert client.login(username="county_admin", password=DEMO_PASSWORD)
    page = client.get(f"/records/org/QL-01/secretaries/?year={YEAR}").content.decode()
    assert "落后" in page and "正常" in page
    meeting = JointMeeting.objects.order_by("month").first()
    assert client.get(f"/records/meetings/{meeting.pk}/bulletin/").status_code == 200
    assert client.login(username="secretary", password=DEMO_PASSWORD)
    assert client.get(f"/records/org/QL-01-01/?year={YEAR}").status_code == 200


def test_the_demo_year_is_the_same_for_the_same_seed(settings, tmp_path):
    build_demo_city(seed=2016)
    build_demo(seed=2016)
    first = _fingerprint()
    WorkLog.objects.all().delete()
    MeritRecord.objects.all().delete()
    JointMeeting.objects.all().delete()
    from shuzhi.records.models import MeritRule

    MeritRule.objects.all().delete()
    build_demo(seed=2016)
    assert _fingerprint() == first


def test_the_demo_without_the_demo_city_adds_nothing(small_city):
    build_demo(seed=2016)
    assert not WorkLog.objects.exists()

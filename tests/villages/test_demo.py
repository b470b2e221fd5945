"""The demo city gets assessments with pay, lagging villages and star ratings."""

from __future__ import annotations

import time
from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from shuzhi.orgs.demo import DEMO_PASSWORD, build_demo_city
from shuzhi.rectification.models import Problem
from shuzhi.villages.demo import build_demo
from shuzhi.villages.models import (
    CommitteeMember,
    EvaluationBallot,
    LaggingOrganization,
    StarRating,
    VillageRound,
    VillageScore,
)

pytestmark = pytest.mark.django_db


def test_demo_has_assessments_lagging_villages_and_star_ratings():
    build_demo_city(seed=2016)
    started = time.perf_counter()
    build_demo(seed=2016)
    assert time.perf_counter() - started < 30
    assert VillageScore.objects.filter(top_ten=True).exists()
    assert not CommitteeMember.objects.filter(bonus__isnull=True).exists()
    listed = LaggingOrganization.objects.all()
    assert listed.exists() and listed.filter(year_listed__lte=2023).exists()
    assert Problem.objects.filter(reference__startswith="villages.lagging:").exists()
    assert set(StarRating.objects.values_list("year", flat=True)) == {2024, 2025}
    client = Client()
    assert client.login(username="county_admin", password=DEMO_PASSWORD)
    assert client.get("/villages/").status_code == 200
    assert client.get("/villages/lagging/?years=3").status_code == 200
    assert "distribution" in client.get("/villages/stars/?year=2025").content.decode()
    # 双述双评: hearings convened in every village, the democratic evaluation in progress.
    village_round = VillageRound.objects.get(round__year=2026)
    assert village_round.hearings.count() == village_round.evaluations.count() >= 2
    assert EvaluationBallot.objects.exists()
    assert not village_round.evaluations.filter(counted_at__isnull=False).exists()
    assert client.get(f"/villages/rounds/{village_round.pk}/").status_code == 200
    # The same township's 2025 second half went to the end: posted, a public objection
    # filed during 公示 and answered, the result final.
    last_half = VillageRound.objects.get(round__year=2025)
    assert last_half.finalized_at is not None and last_half.results.count() >= 2
    (objection,) = last_half.objections.all()
    assert objection.filed_publicly and objection.receipt and objection.answered_by is not None
    # Answered before the result was made final (15 January), not on the day the demo is built.
    assert timezone.localdate(objection.answered_at) <= date(2026, 1, 15)
    assert objection.receipt in client.get(f"/villages/rounds/{last_half.pk}/").content.decode()

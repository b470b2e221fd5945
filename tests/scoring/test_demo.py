import time

import pytest

from shuzhi.orgs.demo import build_demo_city
from shuzhi.rounds.models import Round
from shuzhi.scoring.demo import build_demo
from shuzhi.scoring.models import Publication, Result

pytestmark = pytest.mark.django_db


def test_demo_round_is_scored_computed_and_deterministic():
    build_demo_city(seed=2016)
    started = time.perf_counter()
    build_demo(seed=2016)
    elapsed = time.perf_counter() - started
    city_round = Round.objects.get(hearing_organization__code="QL", year=2025)
    results = Result.objects.filter(round=city_round)
    assert results.count() == 11
    assert set(results.values_list("peer_group", flat=True)) == {"县（市、区）", "开发区"}
    assert results.filter(veto="veto_excellence").count() == 1
    assert city_round.indicators.count() == 16
    county_round = Round.objects.get(hearing_organization__code="QL-01", year=2025)
    assert Publication.objects.filter(round=county_round).exists()
    first = sorted(results.values_list("reporter__organization__code", "composite"))
    build_demo(seed=2016)  # a second run changes nothing
    assert sorted(results.values_list("reporter__organization__code", "composite")) == first
    assert elapsed < 30, elapsed


def test_demo_builder_does_nothing_without_the_demo_city():
    build_demo(seed=2016)
    assert not Round.objects.exists()

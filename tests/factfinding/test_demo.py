from __future__ import annotations

import pytest
from django.test import Client

from shuzhi.factfinding import rules
from shuzhi.factfinding.demo import build_demo
from shuzhi.factfinding.models import Audit, Finding, InspectionGroup, Rating, Visit
from shuzhi.orgs.demo import DEMO_PASSWORD, build_demo_city
from shuzhi.orgs.models import Organization
from shuzhi.rounds.models import Round

pytestmark = pytest.mark.django_db


def test_the_demo_has_groups_visits_and_two_audits_in_different_states() -> None:
    build_demo_city(seed=2016)
    city = Organization.objects.get(code="QL")
    Round.objects.create(name="清河市2025年度述职评议考核", year=2025, hearing_organization=city)
    build_demo(seed=2016)
    assert InspectionGroup.objects.count() == 5
    assert Visit.objects.filter(kind="inspection").count() == 2
    assert Visit.objects.filter(kind="unannounced").exists()
    assert set(Audit.objects.values_list("state", flat=True)) == {"issued", "planned"}
    assert Finding.objects.filter(acknowledgement="accepted").exists()
    client = Client()
    assert client.login(username="inspector", password=DEMO_PASSWORD)
    assert "第1视察组" in client.get("/factfinding/").content.decode()
    round_id = Round.objects.get(year=2025).pk
    assert client.get(f"/factfinding/rounds/{round_id}/").status_code == 200


def test_the_demo_visits_are_rated_by_several_members_combined_by_the_rule() -> None:
    build_demo_city(seed=2016)
    city = Organization.objects.get(code="QL")
    Round.objects.create(name="清河市2025年度述职评议考核", year=2025, hearing_organization=city)
    build_demo(seed=2016)
    visits = list(Visit.objects.filter(kind="inspection").order_by("pk"))
    scores = [list(Rating.objects.filter(visit=v).values_list("score", flat=True)) for v in visits]
    assert [len(s) for s in scores] == [7, 4]
    assert all(len({r.rater_id for r in v.ratings.all()}) == len(v.ratings.all()) for v in visits)
    client = Client()
    assert client.login(username="inspector", password=DEMO_PASSWORD)
    for visit, given in zip(visits, scores, strict=True):
        page = client.get(f"/factfinding/visits/{visit.pk}/").content.decode()
        combined = rules.combine_ratings(given)
        assert f'data-testid="combined">{combined}<' in page
        assert f"{len(given)} 人评分" in page

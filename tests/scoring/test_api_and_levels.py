from decimal import Decimal

import pytest
from django.test import Client

from shuzhi.rounds.services import update_settings
from shuzhi.scoring.models import IndicatorScore, Result
from shuzhi.scoring.services import record_assessment
from tests.factories import make_user
from tests.scoring.helpers import scored_round

pytestmark = pytest.mark.django_db


def test_api_enters_scores_computes_and_lists_results(
    small_city, city_admin, django_capture_on_commit_callbacks
):
    round_, reporters = scored_round(small_city, city_admin)
    client = Client()
    client.force_login(city_admin)
    url = f"/api/scoring/rounds/{round_.pk}/scores"
    body = {"reporter_id": reporters[1].pk, "indicator_code": "1.1", "points": "25"}
    refused = client.post(url, body, content_type="application/json")
    assert refused.status_code == 400 and "超过满分" in refused.json()["detail"]
    body["points"] = "19.5"
    assert client.post(url, body, content_type="application/json").status_code == 200
    assert IndicatorScore.objects.filter(points=Decimal("19.5")).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(
            f"/api/scoring/rounds/{round_.pk}/compute", {}, content_type="application/json"
        ).json()
    status = client.get(f"/api/scoring/rounds/{round_.pk}/computations/{started['id']}").json()
    assert status["status"] == "done"
    results = client.get(f"/api/scoring/rounds/{round_.pk}/results").json()
    assert [r["rank"] for r in results] == [1, 2]
    detail = client.get(f"/api/scoring/rounds/{round_.pk}/results/{reporters[0].pk}").json()
    total = sum(Decimal(line["points"]) for line in detail["lines"])
    assert total == Decimal(detail["composite"])
    indicators = client.get(f"/api/rounds/{round_.pk}/indicators").json()
    assert [i["code"] for i in indicators][:3] == ["1", "1.1", "1.2"]


def test_two_level_composite_adds_each_levels_assessment(small_city, city_admin, compute):
    round_, reporters = scored_round(small_city, city_admin)
    update_settings(
        actor=city_admin,
        round=round_,
        values={
            "weight_indicators": Decimal(0),
            "weight_onsite": Decimal(0),
            "weight_superior": Decimal(0),
            "weight_level_1": Decimal(60),
            "weight_level_2": Decimal(40),
        },
    )
    for reporter, (city, county) in zip(reporters, ((80, 90), (100, 50)), strict=True):
        record_assessment(
            actor=city_admin, reporter=reporter, source="level_1", score=Decimal(city)
        )
        record_assessment(
            actor=city_admin, reporter=reporter, source="level_2", score=Decimal(county)
        )
    compute(round_, city_admin)
    composites = [Result.objects.get(reporter=r).composite for r in reporters]
    assert composites == [Decimal("84.00"), Decimal("80.00")]  # 0.6·80+0.4·90, 0.6·100+0.4·50
    breakdown = Result.objects.get(reporter=reporters[0]).subtotals
    assert set(breakdown) >= {"level:市级考核", "level:县级考核"}


def test_sensitivity_flags_ranks_that_move_with_the_weights(small_city, city_admin, compute):
    round_, reporters = scored_round(small_city, city_admin)
    # Indicators 95 vs 69, superior 60 vs 90, half and half: 77.5 vs 79.5. Five more points
    # on the indicators (55/45) give 79.25 vs 78.45 — the two swap.
    for reporter, score in zip(reporters, (Decimal(60), Decimal(90)), strict=True):
        record_assessment(actor=city_admin, reporter=reporter, source="superior", score=score)
    update_settings(
        actor=city_admin,
        round=round_,
        values={"weight_indicators": Decimal(50), "weight_onsite": Decimal(0)}
        | {"weight_superior": Decimal(50)},
    )
    client = Client()
    client.force_login(make_user("v", "viewer", small_city.county_a))
    # The page answers from the stored results: nothing until they are computed.
    assert "尚未计算结果" in client.get(f"/scoring/{round_.pk}/sensitivity/").content.decode()
    compute(round_, city_admin)
    response = client.get(f"/scoring/{round_.pk}/sensitivity/")
    rows = [(r.person.name, s.rank, s.robust) for r, s, _ in response.context["rows"]]
    assert rows == [("甲二书记", 1, False), ("甲一书记", 2, False)]
    assert response.context["fragile"] == 2
    assert "指标考核权重 +5 → 第 1 名" in response.content.decode()


def test_a_county_viewer_never_sees_another_countys_results_in_the_api(small_city, city_admin):
    round_, _ = scored_round(small_city, city_admin)
    client = Client()
    client.force_login(make_user("bview", "viewer", small_city.county_b))
    assert client.get(f"/api/scoring/rounds/{round_.pk}/results").status_code == 404
    assert client.get("/api/rounds/").json() == []

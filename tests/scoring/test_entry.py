from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from shuzhi.audit.models import AuditEntry
from shuzhi.rounds.indicator_system import save_indicator_system
from shuzhi.rounds.models import Indicator
from shuzhi.scoring.models import IndicatorScore
from shuzhi.scoring.services import enter_score
from tests.factories import make_user
from tests.rounds.helpers import SYSTEM, county_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(small_city, city_admin):
    round_, reporters = county_round(small_city, city_admin)
    save_indicator_system(actor=city_admin, round=round_, rows=SYSTEM)
    items = {i.code: i for i in Indicator.objects.filter(round=round_)}
    return round_, reporters, items


def test_points_above_the_maximum_are_refused(setup, city_admin):
    _, reporters, items = setup
    with pytest.raises(ValidationError, match="超过满分 20"):
        enter_score(
            actor=city_admin, reporter=reporters[0], indicator=items["1.1"], points=Decimal(21)
        )
    with pytest.raises(ValidationError, match="有下级指标"):
        enter_score(
            actor=city_admin, reporter=reporters[0], indicator=items["1"], points=Decimal(1)
        )
    with pytest.raises(ValidationError, match="约束项"):
        enter_score(
            actor=city_admin, reporter=reporters[0], indicator=items["V1"], points=Decimal(1)
        )
    assert not IndicatorScore.objects.exists()


def test_grid_cell_saves_by_htmx_and_audits(setup, city_admin):
    round_, reporters, items = setup
    client = Client()
    client.force_login(city_admin)
    page = client.get(f"/scoring/{round_.pk}/entry/")
    assert page.status_code == 200 and "研究部署党建工作"[:10] in page.content.decode()
    url = f"/scoring/{round_.pk}/entry/{reporters[0].pk}/{items['1.1'].pk}/"
    response = client.post(url, {"points": "17.5"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'value="17.5"' in response.content.decode()
    bad = client.post(url, {"points": "25"}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 200 and "invalid" in bad.content.decode()
    assert client.post(url, {"points": "25"}).status_code == 400
    assert "超过满分" in bad.content.decode() and 'value="25"' in bad.content.decode()
    assert IndicatorScore.objects.get().points == Decimal("17.5")
    entry = AuditEntry.objects.get(action="scoring.score.enter")
    assert entry.after == {"indicator": "1.1", "points": "17.5"}


def test_each_assessor_keeps_their_own_score(setup, city_admin, small_city):
    _, reporters, items = setup
    reviewer = make_user("reviewer", "reviewer", small_city.county_a)
    enter_score(actor=city_admin, reporter=reporters[0], indicator=items["2"], points=Decimal(50))
    enter_score(actor=reviewer, reporter=reporters[0], indicator=items["2"], points=Decimal(40))
    assert sorted(IndicatorScore.objects.values_list("points", flat=True)) == [40, 50]


def test_a_viewer_cannot_enter_scores(setup, small_city):
    round_, reporters, items = setup
    viewer = make_user("viewer", "viewer", small_city.county_a)
    client = Client()
    client.force_login(viewer)
    assert client.get(f"/scoring/{round_.pk}/entry/").status_code == 404
    url = f"/scoring/{round_.pk}/entry/{reporters[0].pk}/{items['1.1'].pk}/"
    assert client.post(url, {"points": "1"}).status_code == 404
    assert not IndicatorScore.objects.exists()

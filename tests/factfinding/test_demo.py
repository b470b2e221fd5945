from __future__ import annotations

import pytest
from django.test import Client

from shuzhi.factfinding.demo import build_demo
from shuzhi.factfinding.models import Audit, Finding, InspectionGroup, Visit
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

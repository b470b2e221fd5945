from __future__ import annotations

import pytest
from django.test import Client

from shuzhi.analytics.demo import build_demo
from shuzhi.analytics.models import Theme, ThemeSet
from shuzhi.core.demo import build_app_demos
from shuzhi.orgs.demo import DEMO_PASSWORD, build_demo_city
from shuzhi.rectification.models import Problem

pytestmark = pytest.mark.django_db


def test_demo_city_has_three_years_of_themes_that_continue_and_one_rooted_above(settings):
    build_demo_city(seed=2016)
    build_app_demos(seed=2016)
    sets = list(ThemeSet.objects.order_by("round__year"))
    assert [s.round.year for s in sets] == [2023, 2024, 2025]
    assert Theme.objects.filter(theme_set=sets[2], previous__isnull=False).exists()
    rooted = Theme.objects.get(rooted_above_at__isnull=False)
    assert Problem.objects.get(reference=f"theme:{rooted.pk}").source == "common"
    client = Client()
    assert client.login(username="county_admin", password=DEMO_PASSWORD)
    page = client.get("/analytics/org/QL-01/years/").content.decode()
    for year in ("2023", "2024", "2025"):
        assert f"<td>{year}</td>" in page
    names = [t.name for t in Theme.objects.filter(theme_set=sets[2])]
    build_demo(seed=2016)  # a second run changes nothing
    assert [t.name for t in Theme.objects.filter(theme_set=sets[2])] == names


def test_demo_without_the_demo_city_adds_nothing(small_city):
    build_demo(seed=2016)
    assert not ThemeSet.objects.exists()

from __future__ import annotations

import time

import pytest
from django.test import Client

from shuzhi.orgs.demo import DEMO_PASSWORD, build_demo_city
from shuzhi.rectification.demo import build_demo
from shuzhi.rectification.models import Interview, Problem, RectificationItem

pytestmark = pytest.mark.django_db


def test_demo_has_items_in_every_state_and_working_pages(settings, tmp_path):
    build_demo_city(seed=2016)
    started = time.perf_counter()
    build_demo(seed=2016)
    assert time.perf_counter() - started < 10
    states = set(RectificationItem.objects.values_list("status", flat=True))
    assert states == {"planned", "in_progress", "submitted", "returned", "closed"}
    assert RectificationItem.objects.filter(overdue_since__isnull=False).exists()
    assert Problem.objects.filter(escalated_to__isnull=False).exists()
    assert Interview.objects.count() == 2
    client = Client()
    assert client.login(username="secretary", password=DEMO_PASSWORD)
    page = client.get("/rectification/").content.decode()
    assert "我负责的整改事项" in page
    assert client.get("/rectification/org/QL-01-01/").status_code == 200
    client.login(username="county_admin", password=DEMO_PASSWORD)
    assert "待我销号" in client.get("/rectification/").content.decode()


def test_demo_without_the_demo_city_adds_nothing(small_city):
    build_demo(seed=2016)
    assert not Problem.objects.exists()

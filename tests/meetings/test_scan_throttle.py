"""Scan sign-in is throttled: too many failed attempts per meeting and address get a 429."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from shuzhi.meetings.models import Attendance
from tests.factories import make_person

pytestmark = pytest.mark.django_db


def test_failed_attempts_are_limited_per_meeting_and_address(world, settings):
    settings.MEETINGS_SCAN_MAX_FAILURES = 3
    cache.clear()
    walker = make_person("李群众", world.city, code="P-WALK")
    url = f"/meetings/s/{world.meeting.sign_in_code}/"
    guesser = Client(REMOTE_ADDR="10.0.0.7")
    for n in range(3):
        response = guesser.post(url, {"name": "李群众", "person_code": f"P-{n}"})
        assert response.status_code == 400
    blocked = guesser.post(url, {"name": "李群众", "person_code": "P-WALK"})
    page = blocked.content.decode()
    assert blocked.status_code == 429 and "失败次数过多" in page and "10 分钟" in page
    assert 'value="P-WALK"' in page
    # Nothing else happens while blocked: even the right pair does not sign in.
    assert not Attendance.objects.filter(person=walker).exists()
    # Another address is not affected.
    ok = Client(REMOTE_ADDR="10.0.0.8").post(url, {"name": "李群众", "person_code": "P-WALK"})
    assert ok.status_code == 200 and Attendance.objects.filter(person=walker).exists()


def test_successes_do_not_count_and_the_window_expires(world, settings):
    settings.MEETINGS_SCAN_MAX_FAILURES = 2
    cache.clear()
    url = f"/meetings/s/{world.meeting.sign_in_code}/"
    client = Client(REMOTE_ADDR="10.0.0.9")
    for n in range(3):
        make_person(f"签到人{n}", world.city, code=f"P-OK{n}")
        assert (
            client.post(url, {"name": f"签到人{n}", "person_code": f"P-OK{n}"}).status_code == 200
        )
    assert client.post(url, {"name": "无此人", "person_code": "X"}).status_code == 400
    assert client.post(url, {"name": "无此人", "person_code": "Y"}).status_code == 400
    assert client.post(url, {"name": "无此人", "person_code": "Z"}).status_code == 429
    cache.clear()  # the window has passed
    assert client.post(url, {"name": "无此人", "person_code": "Z"}).status_code == 400

"""A sign-in slip scanned after the meeting says the sign-in has ended."""

from __future__ import annotations

from django.test import Client

from tests.meetings.conftest import make_meeting_for


def test_scan_after_close_explains_instead_of_not_found(small_city) -> None:  # type: ignore[no-untyped-def]
    meeting = make_meeting_for(small_city.city, closed=True)
    response = Client().get(f"/meetings/s/{meeting.sign_in_code}/")
    assert response.status_code == 410
    assert "扫码签到已结束" in response.content.decode()
    open_meeting = make_meeting_for(small_city.county_a)
    assert Client().get(f"/meetings/s/{open_meeting.sign_in_code}/").status_code == 200

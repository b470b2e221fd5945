"""On a phone: scan a slip's link, fill the ballot, get the receipt; the presenter screen."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from shuzhi.core.events import report_clearance_requested
from shuzhi.meetings.models import Ballot
from tests.browser.conftest import sign_in
from tests.meetings.conftest import build_world, clear_all, issue, open_formal
from tests.signals import isolated

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(small_city: Any) -> Iterator[Any]:
    with isolated(report_clearance_requested) as signal:
        signal.answer_with(clear_all, uid="test")
        yield build_world(small_city)


def test_voter_scans_fills_the_ballot_and_gets_a_receipt(
    phone_page: Page, live_server: Any, world: Any
) -> None:
    world.meeting.max_good_percent = 50
    world.meeting.save()
    open_formal(world)
    (token,) = issue(world, "masses", 1)
    page = phone_page
    page.goto(f"{live_server.url}/meetings/b/{token}/")
    expect(page.get_by_role("heading", name=world.meeting.title)).to_be_visible()
    for reporter in world.reporters:
        expect(page.get_by_text(reporter.person.name)).to_be_visible()

    # A blank ballot is stopped on the phone, before anything is sent.
    submit = page.get_by_test_id("submit-ballot")
    submit.click()
    expect(page.locator("#ballot-check")).to_contain_text("空白票无效")
    rows = page.locator("fieldset.ballot-row")
    for n in range(3):
        rows.nth(n).get_by_text("好", exact=True).tap()
    expect(page.locator("#ballot-check")).to_contain_text("最多 2 名")
    rows.nth(2).get_by_text("较好", exact=True).tap()
    rows.nth(3).get_by_text("差", exact=True).tap()
    expect(page.locator("#ballot-check")).to_be_hidden()
    box = rows.nth(0).locator(".grade span").first.bounding_box()
    assert box is not None and box["height"] >= 44  # a thumb-sized target
    submit.scroll_into_view_if_needed()
    submit.tap()

    receipt = page.get_by_test_id("receipt")
    expect(receipt).to_contain_text(world.meeting.title)
    expect(receipt).to_contain_text("提交成功")
    code = page.get_by_test_id("receipt-code").inner_text()
    assert re.fullmatch(r"[0-9A-F]{20}", code)
    ballot = Ballot.objects.get()
    assert ballot.receipt == code and ballot.valid


def test_presenter_screen_counts_down_each_speakers_time(
    phone_page: Page, live_server: Any, world: Any
) -> None:
    page = phone_page
    page.clock.install()
    sign_in(page, live_server, "host", "pw-host")
    page.goto(f"{live_server.url}/meetings/{world.meeting.pk}/presenter/")
    first, second = world.reporters[0], world.reporters[1]
    expect(page.get_by_role("heading", name=first.person.name)).to_be_visible()
    countdown = page.get_by_test_id("countdown")
    expect(countdown).to_have_text("10:00")
    page.get_by_test_id("start").tap()
    page.clock.run_for(61_000)
    expect(countdown).to_have_text("08:59")
    page.clock.run_for(540_000)
    expect(countdown).to_have_text("-00:01")
    expect(countdown).to_have_class(re.compile("over"))
    page.get_by_role("button", name="下一位").tap()
    expect(page.get_by_role("heading", name=second.person.name)).to_be_visible()
    expect(countdown).to_have_text("10:00")

"""An inspector on a phone records a visit with a problem and a rating; the admin then finds
the problem in the unit's problem list (source: inspection)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from shuzhi.factfinding.models import Rating
from tests.browser.conftest import sign_in
from tests.factfinding.conftest import scene  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_inspector_records_a_visit_on_a_phone_and_the_admin_sees_the_problem(
    phone_page: Page,
    live_server: Any,
    scene: Any,  # noqa: F811
) -> None:
    page = phone_page
    sign_in(page, live_server, scene.inspector.username, "pw-" + scene.inspector.username)
    page.goto(f"{live_server.url}/factfinding/")
    page.get_by_role("link", name=f"{scene.round.name} · {scene.group.name}").click()
    page.get_by_label("视察单位").select_option(label=scene.town.name)
    page.get_by_label("日期").fill("2025-11-05")
    page.get_by_label("听取汇报").check()
    page.get_by_test_id("start-visit").click()
    expect(page.get_by_role("heading", name=scene.town.name)).to_be_visible()

    page.get_by_label("对应责任事项").fill("落实“三会一课”制度")
    page.get_by_label("发现的问题").fill("2025年支部党课仅召开1次")
    page.get_by_test_id("add-finding").click()
    expect(page.get_by_test_id("findings")).to_contain_text("党课仅召开1次")
    page.get_by_label("百分测评（0–100）").fill("86")
    page.get_by_test_id("rate").click()
    expect(page.get_by_test_id("combined")).to_have_text("86.00")
    assert Rating.objects.get(rater=scene.inspector).score == 86

    page.context.clear_cookies()  # the phone's menu hides the sign-out button; start afresh
    sign_in(page, live_server, scene.admin.username, "pw-" + scene.admin.username)
    page.goto(f"{live_server.url}/rectification/org/{scene.town.code}/")
    expect(page.get_by_text("2025年支部党课仅召开1次")).to_be_visible()
    expect(page.get_by_text("视察发现").first).to_be_visible()

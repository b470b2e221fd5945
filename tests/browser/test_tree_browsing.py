from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import sign_in
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_county_admin_signs_in_and_browses_own_subtree(
    page: Page, live_server: Any, small_city: Any
) -> None:
    make_user("county", "admin", small_city.county_a, display_name="甲县管理员")
    sign_in(page, live_server, "county", "pw-county")
    expect(page.get_by_role("heading", name="您好，甲县管理员")).to_be_visible()

    page.get_by_role("link", name="组织树").first.click()
    tree = page.get_by_test_id("org-tree")
    expect(tree.get_by_role("link", name="甲县委")).to_be_visible()
    expect(tree.get_by_role("link", name="乙县委")).to_have_count(0)

    tree.locator("li[data-code='C-A'] > .toggle").click()
    expect(tree.get_by_role("link", name="甲1镇党委")).to_be_visible()
    tree.locator("li[data-code='C-A1'] > .toggle").click()
    expect(tree.get_by_role("link", name="甲11村党支部")).to_be_visible()

    page.get_by_test_id("org-search").fill("甲2")
    results = page.get_by_test_id("search-results")
    expect(results.get_by_role("link", name="甲2镇党委")).to_be_visible()
    results.get_by_role("link", name="甲2镇党委").click()
    expect(page.get_by_role("heading", name="甲2镇党委")).to_be_visible()
    expect(page.locator(".breadcrumb")).to_contain_text("甲县委")

    page.goto(f"{live_server.url}/orgs/C-B/")
    expect(page.get_by_role("heading", name="乙县委")).to_have_count(0)


def test_organization_page_shows_current_secretary(
    page: Page, live_server: Any, small_city: Any
) -> None:
    make_user("city", "viewer", small_city.city)
    sign_in(page, live_server, "city", "pw-city")
    page.goto(f"{live_server.url}/orgs/C-A1/")
    expect(page.get_by_role("cell", name="甲一书记")).to_be_visible()
    expect(page.get_by_role("button", name="导出本组织及下级（Excel）")).to_be_visible()


def test_phone_menu_gives_navigation(phone_page: Page, live_server: Any, small_city: Any) -> None:
    make_user("city", "viewer", small_city.city)
    sign_in(phone_page, live_server, "city", "pw-city")
    phone_page.get_by_text("菜单").click()
    phone_page.locator(".nav-menu").get_by_role("link", name="组织树").click()
    expect(
        phone_page.get_by_test_id("org-tree").get_by_role("link", name="测试市委")
    ).to_be_visible()

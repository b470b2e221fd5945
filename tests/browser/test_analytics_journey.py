"""The department's dashboard at hall-screen and phone sizes; a theme merged and rooted above."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from shuzhi.analytics.models import Theme
from shuzhi.rectification.models import RectificationItem
from tests.analytics.history import build_history
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_dashboard_fits_a_hall_screen_and_a_phone(
    page: Page, phone_page: Page, live_server: Any, small_city: Any
) -> None:
    history = build_history(small_city)
    url = f"{live_server.url}/analytics/org/{history.county.code}/rounds/{history.rounds[2025].pk}/dashboard/"
    for screen, size in ((page, {"width": 1920, "height": 1080}), (phone_page, None)):
        if size:
            screen.set_viewport_size(size)
        sign_in(screen, live_server, "history_admin", "pw-history_admin")
        screen.goto(url)
        panel = screen.get_by_test_id("dashboard-panel")
        expect(panel).to_be_visible()
        expect(screen.get_by_test_id("stage-reports.submitted")).to_be_visible()
        width = screen.evaluate("document.documentElement.scrollWidth")
        assert width <= screen.viewport_size["width"] + 1, "no sideways scrolling"  # type: ignore[index]
        # htmx swaps the panel in place on its timer; load it now as the timer would.
        screen.evaluate(
            "htmx.ajax('GET', document.querySelector('#dashboard-panel').getAttribute('hx-get'), {target: '#dashboard-panel', swap: 'outerHTML'})"
        )
        expect(screen.get_by_test_id("dashboard-panel")).to_be_visible()


def test_a_theme_is_merged_and_rooted_above(page: Page, live_server: Any, small_city: Any) -> None:
    history = build_history(small_city)
    theme_set = history.theme_sets[2025]
    keep, other = list(theme_set.themes.order_by("position"))[:2]
    sign_in(page, live_server, "history_admin", "pw-history_admin")
    page.goto(
        f"{live_server.url}/analytics/org/{history.county.code}/rounds/{theme_set.round_id}/themes/"
    )
    page.get_by_role("link", name=keep.name).click()
    page.get_by_text("合并", exact=True).first.click()
    page.get_by_label("并入本主题").select_option(str(other.pk))
    page.get_by_role("button", name="合并").click()
    expect(page.get_by_role("alert")).to_contain_text("并入本主题")
    page.get_by_text("上移为上级问题（上挖根源、顶层施策）").click()
    page.get_by_label("上级问题表述").fill("全县同类问题根子在县级制度")
    page.get_by_label("整改措施").fill("县委组织部统一制定制度")
    page.get_by_label("整改时限").fill("2026-06-30")
    page.get_by_role("button", name="上移并立项整改").click()
    expect(page.get_by_test_id("rooted-above")).to_contain_text("全县同类问题根子在县级制度")
    assert not Theme.objects.filter(pk=other.pk).exists()
    assert RectificationItem.objects.filter(problem__reference=f"theme:{keep.pk}").exists()

"""Playwright driving Debian's Chromium against a live test server.

Every browser test gets a fresh context; on failure a full-page screenshot is saved under
test-artifacts/ so a red CI run shows what the user would have seen.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

# Playwright's sync API runs an event loop in this thread; the ORM calls that tests make
# between browser steps are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# CI has two cores shared by the test workers, the live servers and Chromium: a page that
# answers in 100 ms here can take seconds there. Waits are generous; a real failure still fails.
expect.set_options(timeout=15_000)
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: Any) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            "Browser tests need Debian's Chromium: apt-get install -y chromium fonts-noto-cjk"
        )
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def _page(browser: Browser, request: pytest.FixtureRequest, **options: Any) -> Iterator[Page]:
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", **options)
    context.set_default_timeout(20_000)
    page = context.new_page()
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    context.close()


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest, live_server: Any) -> Iterator[Page]:
    yield from _page(browser, request, viewport={"width": 1280, "height": 900})


@pytest.fixture
def phone_page(
    browser: Browser, request: pytest.FixtureRequest, live_server: Any
) -> Iterator[Page]:
    yield from _page(browser, request, **PHONE)


def sign_in(page: Page, live_server: Any, username: str, password: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("账号").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"^(?!.*/accounts/login/).*$"))

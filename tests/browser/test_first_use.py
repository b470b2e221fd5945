"""First use as an organisation-department admin: the home page's work, the organisation
picker and editing an indicator, at desktop (1366×768) and phone (390×844) sizes.

Set SCREENSHOT_DIR to keep a screenshot of each step (they are looked at, not committed)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from shuzhi.orgs.models import Person
from shuzhi.rounds import indicator_system
from shuzhi.rounds.indicator_rules import IndicatorRow
from shuzhi.rounds.models import Round, StageSchedule
from tests.browser.conftest import PHONE, _page, sign_in
from tests.factories import make_person, make_post, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def desktop(browser: Browser, request: pytest.FixtureRequest, live_server: Any) -> Iterator[Page]:
    yield from _page(browser, request, viewport={"width": 1366, "height": 768})


@pytest.fixture
def phone(browser: Browser, request: pytest.FixtureRequest, live_server: Any) -> Iterator[Page]:
    yield from _page(browser, request, **PHONE)


def shot(page: Page, name: str) -> None:
    if folder := os.environ.get("SCREENSHOT_DIR"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def _work_for_a_superior(small_city: Any) -> Any:
    """A township item submitted for sign-off and another past its deadline; the county's
    reviewer signs off the first, and both count for them."""
    from shuzhi.core.events import RaisedProblem
    from shuzhi.rectification import services
    from shuzhi.rectification.rules import Action
    from tests.rectification.conftest import png

    owner = make_user(
        "town_sec", "secretary", small_city.town_a1, person=Person.objects.get(code="P-SEC")
    )
    superior = make_user("county_rev", "reviewer", small_city.county_a, first_name="县审核员")
    first, second = services.intake_problems(
        [
            RaisedProblem(small_city.town_a1.pk, "superior", text, 2025, reference=f"critique:{n}")
            for n, text in enumerate(["组织生活不规范", "党员发展程序不严"])
        ]
    )
    submitted = services.create_item(
        actor=owner, problem=first, measures="每月召开组织生活会", deadline=date(2099, 6, 30)
    )
    services.attach_evidence(actor=owner, item=submitted, upload=png())
    services.transition(actor=owner, item=submitted, action=Action.START)
    services.transition(actor=owner, item=submitted, action=Action.SUBMIT, progress="已整改")
    services.create_item(
        actor=owner, problem=second, measures="规范发展程序", deadline=date(2020, 1, 31)
    )
    round_ = Round.objects.create(
        name="甲县2026年度述职评议考核", year=2026, hearing_organization=small_city.county_a
    )
    StageSchedule.objects.create(
        round=round_, stage="rectification", starts_on=date(2020, 1, 1), ends_on=date(2099, 12, 31)
    )
    return superior


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_the_home_page_shows_the_work_and_links_to_it(
    size: str, request: pytest.FixtureRequest, live_server: Any, small_city: Any
) -> None:
    page: Page = request.getfixturevalue(size)
    _work_for_a_superior(small_city)
    sign_in(page, live_server, "county_rev", "pw-county_rev")
    page.goto(f"{live_server.url}/")
    todos = page.get_by_test_id("todos")
    sign_off = todos.get_by_role("link", name=re.compile("待我销号的整改事项"))
    expect(sign_off).to_contain_text("1")
    expect(todos.get_by_role("link", name=re.compile("已逾期的整改事项"))).to_contain_text("1")
    expect(todos.get_by_role("link", name=re.compile("待我审核的述职报告"))).to_contain_text("0")
    rounds = page.get_by_test_id("current-rounds")
    expect(rounds).to_contain_text("甲县2026年度述职评议考核")
    expect(rounds).to_contain_text("整改落实（至 12月31日）")
    shot(page, f"home-{size}")
    sign_off.click()
    expect(page).to_have_url(re.compile(r"/rectification/#awaiting$"))
    expect(page.locator("#awaiting")).to_contain_text("组织生活不规范")


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_organisations_are_picked_by_name_in_the_users_subtree(
    size: str, request: pytest.FixtureRequest, live_server: Any, small_city: Any
) -> None:
    page: Page = request.getfixturevalue(size)
    make_post(small_city.town_a2, make_person("甲二书记", small_city.town_a2, code="P-SEC2"))
    make_user("countyadmin", "admin", small_city.county_a)
    sign_in(page, live_server, "countyadmin", "pw-countyadmin")
    page.goto(f"{live_server.url}/rounds/")
    form = page.locator("#new-round")
    form.get_by_label("年度").fill("2026")
    form.get_by_test_id("org-picker-search").fill("县委")
    results = form.get_by_test_id("org-picker-results")
    expect(results.get_by_role("option", name=re.compile("甲县委"))).to_be_visible()
    expect(results).not_to_contain_text("乙县委")  # another county: not offered
    shot(page, f"picker-results-{size}")
    results.get_by_role("option", name=re.compile("甲县委")).click()
    expect(form.get_by_label("听取述职的党组织")).to_have_value("C-A")
    expect(form.get_by_test_id("org-picker-chosen")).to_have_text("已选择：甲县委（C-A）")
    form.get_by_role("button", name="创建").click()
    expect(page.get_by_role("heading", name="甲县委2026年度述职评议考核")).to_be_visible()

    page.get_by_role("link", name="分组").first.click()
    enroll = page.locator("#enroll")
    for town in ("甲1镇", "甲2镇"):
        enroll.get_by_test_id("org-picker-search").fill(town)
        enroll.get_by_role("option", name=re.compile(town)).click()
    expect(enroll.get_by_label("下级组织")).to_have_value("C-A1\nC-A2")
    shot(page, f"picker-enroll-{size}")
    enroll.get_by_role("button", name="列入").click()
    expect(page.get_by_text("已列入 2 名述职人")).to_be_visible()


def test_a_typed_code_outside_the_subtree_says_what_a_code_looks_like(
    desktop: Page, live_server: Any, small_city: Any
) -> None:
    make_user("countyadmin", "admin", small_city.county_a)
    sign_in(desktop, live_server, "countyadmin", "pw-countyadmin")
    desktop.goto(f"{live_server.url}/rounds/")
    form = desktop.locator("#new-round")
    form.get_by_label("年度").fill("2026")
    form.get_by_label("听取述职的党组织").fill("C-B")
    form.get_by_role("button", name="创建").click()
    expect(desktop.get_by_text(re.compile("找不到编码为「C-B」的党组织"))).to_be_visible()
    expect(desktop.get_by_text(re.compile("「甲县委」的编码是「C-A」"))).to_be_visible()
    shot(desktop, "picker-error-desktop")


def _city_round(small_city: Any, rows: list[IndicatorRow]) -> Round:
    """The city's round with an indicator system, and the city's admin "cityadmin"."""
    admin = make_user("cityadmin", "admin", small_city.city)
    round_ = Round.objects.create(name="市2026", year=2026, hearing_organization=small_city.city)
    indicator_system.save_indicator_system(actor=admin, round=round_, rows=rows)
    return round_


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_an_indicator_is_edited_and_the_total_follows(
    size: str, request: pytest.FixtureRequest, live_server: Any, small_city: Any
) -> None:
    page: Page = request.getfixturevalue(size)
    rows = [
        IndicatorRow("1", "履行第一责任人职责", max_points=Decimal(40)),
        IndicatorRow("2", "基层组织建设", max_points=Decimal(60)),
        IndicatorRow("J", "创新加分", kind="bonus", cap=Decimal(5)),
    ]
    round_ = _city_round(small_city, rows)
    sign_in(page, live_server, "cityadmin", "pw-cityadmin")
    page.goto(f"{live_server.url}/rounds/{round_.pk}/indicators/")
    expect(page.get_by_test_id("total-max-points")).to_have_text("100")
    page.get_by_test_id("edit-2").click()
    editing = page.locator("#edit-indicator")
    expect(editing.get_by_label("编号：", exact=True)).to_be_disabled()
    editing.get_by_label("指标名称").fill("基层组织建设与保障")
    editing.get_by_label("满分").fill("70")
    shot(page, f"indicator-edit-{size}")
    editing.get_by_role("button", name="保存修改").click()
    expect(page.get_by_text("指标 2 已修改")).to_be_visible()
    expect(page.get_by_role("cell", name="基层组织建设与保障")).to_be_visible()
    expect(page.get_by_test_id("total-max-points")).to_have_text("110")
    shot(page, f"indicators-{size}")


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_the_score_grid_keeps_the_reporter_column_and_dates_are_typed_in_chinese(
    size: str, request: pytest.FixtureRequest, live_server: Any, small_city: Any
) -> None:
    from shuzhi.rounds.models import Reporter

    page: Page = request.getfixturevalue(size)
    rows = [
        IndicatorRow(f"{n}", f"第{n}项指标名称较长", max_points=Decimal(10)) for n in range(1, 11)
    ]
    round_ = _city_round(small_city, rows)
    Reporter.objects.create(
        round=round_, organization=small_city.town_a1, person=Person.objects.get(code="P-SEC")
    )
    sign_in(page, live_server, "cityadmin", "pw-cityadmin")
    page.goto(f"{live_server.url}/scoring/{round_.pk}/entry/")
    name = page.locator(".score-grid tbody th").first
    before = name.bounding_box()
    last = page.locator(".score-grid input[name=points]").last
    last.scroll_into_view_if_needed()
    last.fill("8")
    last.press("Tab")
    # The cell is saved before the next page is asked for (SQLite takes one writer at a time).
    expect(page.locator(".score-cell.saved")).to_have_count(1)
    after = name.bounding_box()
    assert before and after and abs(after["x"] - before["x"]) < 2  # the name stayed put
    expect(name).to_be_in_viewport()
    shot(page, f"score-grid-{size}")

    page.goto(f"{live_server.url}/rounds/{round_.pk}/")
    page.get_by_text("修改阶段安排").click()
    start = page.get_by_label("述职评议会开始")
    expect(start).to_have_attribute("placeholder", "年-月-日，如 2026-03-01")
    assert start.get_attribute("type") == "text"
    start.fill("2026年3月1日")
    page.get_by_label("述职评议会结束").fill("2026/3/2")
    page.get_by_role("button", name="保存阶段安排").click()
    expect(page.get_by_role("cell", name="2026-03-01 — 2026-03-02")).to_be_visible()
    shot(page, f"stages-{size}")

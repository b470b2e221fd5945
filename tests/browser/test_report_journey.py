from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from shuzhi.records import services as records
from shuzhi.reports.models import DutyReport
from tests.browser.conftest import sign_in
from tests.factories import make_user
from tests.reports.conftest import review_setting
from tests.reports.texts import BOASTFUL_SECTIONS, GOOD_SECTIONS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretary_drafts_sees_checks_submits_and_three_steps_pass(
    page: Page, live_server: Any, small_city: Any
) -> None:
    setting = review_setting(small_city)
    sign_in(page, live_server, "town_sec", "pw-town_sec")
    page.goto(f"{live_server.url}/reports/")
    page.get_by_role("link", name="甲一书记").click()
    expect(page.get_by_role("heading", name="撰写述职报告")).to_be_visible()

    # A boastful draft: the live check (debounced, unsaved) flags the shares.
    for name, text in BOASTFUL_SECTIONS.items():
        page.locator(f"textarea[name={name}]").fill(text)
    findings = page.get_by_test_id("findings")
    expect(findings.locator("[data-rule=shares]")).to_contain_text("成绩占")
    expect(findings).to_have_attribute("data-worst", "fail")

    # The balanced text passes the shares check as it is typed.
    for name, text in GOOD_SECTIONS.items():
        page.locator(f"textarea[name={name}]").fill(text)
    expect(findings.locator("[data-rule=shares]")).to_contain_text("符合要求")
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("status")).to_have_text("审核中")
    page.get_by_test_id("logout").click()

    for username in ("county_reviewer", "county_secretary", "city_reviewer"):
        sign_in(page, live_server, username, f"pw-{username}")
        report = DutyReport.objects.get()
        page.goto(f"{live_server.url}/reports/{report.pk}/")
        expect(page.locator("[data-rule=copying]")).to_be_visible()
        page.get_by_label("通过").check()
        for gate in ("问题找得准", "原因剖析深", "措施具体", "材料真实"):
            page.get_by_label(gate).check()
        page.get_by_test_id("sign").click()
        expect(page.get_by_text("审核意见已签署")).to_be_visible()
        page.get_by_test_id("logout").click()

    sign_in(page, live_server, "county_reviewer", "pw-county_reviewer")
    page.goto(f"{live_server.url}/reports/{DutyReport.objects.get().pk}/")
    expect(page.get_by_test_id("status")).to_have_text("审核通过")
    assert (
        setting.reporter.duty_report.status == "passed"
        or DutyReport.objects.get().status == "passed"
    )


def test_secretary_inserts_a_work_record_figure_and_the_check_reads_it(
    page: Page, live_server: Any, small_city: Any
) -> None:
    setting = review_setting(small_city)
    records.log_work(
        actor=setting.secretary,
        organization=small_city.town_a1,
        kind="village_days",
        occurred_on=date(2026, 3, 2),
        place="甲一1村",
        text="驻村蹲点",
        days=Decimal(15),
    )
    records.confirm_month(
        actor=make_user("county_checker", "reviewer", small_city.county_a),
        organization=small_city.town_a1,
        month=date(2026, 3, 1),
    )
    sign_in(page, live_server, "town_sec", "pw-town_sec")
    page.goto(f"{live_server.url}/reports/reporters/{setting.reporter.pk}/")
    achievements = page.locator("textarea[name=achievements]")
    achievements.fill("今年我带头抓党建。")
    panel = page.get_by_test_id("record-figures")
    panel.locator("[data-kind=village_days]").click()
    expect(achievements).to_have_value("今年我带头抓党建。全年下基层驻村15天（目标180天）。")
    figures = page.get_by_test_id("findings").locator("[data-rule=record_figures]")
    expect(figures).to_contain_text("均与经确认的纪实一致")
    achievements.fill("今年我带头抓党建。全年下基层驻村30天。")
    expect(figures).to_contain_text("1 处与纪实不一致")

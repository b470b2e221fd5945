"""A secretary logs a village visit on a phone; the approver approves a red entry at the
monthly joint meeting; the month's bulletin shows it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from shuzhi.orgs.models import Person
from shuzhi.records import merit_services
from shuzhi.records.models import MeritRecord, WorkLog
from tests.browser.conftest import sign_in
from tests.factories import make_org, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_village_visit_on_a_phone(phone_page: Page, live_server: Any, small_city: Any) -> None:
    make_user("town_sec", "secretary", small_city.town_a1, person=Person.objects.get(code="P-SEC"))
    today = timezone.localdate()
    sign_in(phone_page, live_server, "town_sec", "pw-town_sec")
    phone_page.goto(f"{live_server.url}/records/org/{small_city.town_a1.code}/")
    expect(phone_page.get_by_test_id("progress-percent")).to_contain_text("0%")
    phone_page.get_by_label("工作类别").select_option(label="走访村（社区）")
    phone_page.get_by_label("日期").fill(today.isoformat())
    phone_page.get_by_label("地点").fill("甲一1村")
    phone_page.get_by_label("参加人员").fill("驻村第一书记")
    phone_page.get_by_label("主要内容").fill("走访困难党员三户，召开村民小组会")
    phone_page.get_by_test_id("log-submit").click()
    expect(phone_page.get_by_role("status")).to_contain_text("纪实已登记")
    expect(phone_page.locator("#entries")).to_contain_text("走访困难党员三户")
    # The form fits the phone: nothing wider than the screen.
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1
    entry = WorkLog.objects.get()
    assert (entry.kind, entry.person.code, entry.occurred_on) == ("village_visit", "P-SEC", today)


def test_the_monthly_meeting_approves_a_red_entry_and_the_bulletin_shows_it(
    page: Page, live_server: Any, small_city: Any
) -> None:
    admin = make_user("county_adm", "admin", small_city.county_a)
    approver = make_user("county_rev", "reviewer", small_city.county_a, display_name="县委审核人")
    department = make_org("甲县委组织部", small_city.county_a, code="C-A-ZZB")
    rule = merit_services.set_rule(
        actor=admin,
        organization=small_city.county_a,
        code="R1",
        color="red",
        title="获评上级表彰",
        points=Decimal(3),
    )
    merit = merit_services.submit_merit(
        actor=admin,
        submitting_unit=department,
        organization=small_city.town_a1,
        rule=rule,
        occurred_on=date(2026, 3, 5),
        facts="获评省级先进基层党组织",
    )
    meeting = merit_services.hold_joint_meeting(
        actor=admin,
        organization=small_city.county_a,
        month=date(2026, 3, 1),
        held_on=date(2026, 3, 28),
        approvers=[approver, admin],
    )
    sign_in(page, live_server, "county_rev", "pw-county_rev")
    page.goto(f"{live_server.url}/records/meetings/{meeting.pk}/")
    row = page.locator(f"#merit-{merit.pk}")
    expect(row).to_contain_text("待审议")
    row.get_by_label("审议结果").select_option(label="通过")
    page.get_by_test_id(f"decide-{merit.pk}").click()
    expect(page.locator(f"#merit-{merit.pk}")).to_contain_text("已通过")
    page.get_by_test_id("publish").click()
    expect(page.get_by_role("status")).to_contain_text("本月通报已发布")
    expect(page.get_by_test_id("bulletin-red")).to_contain_text("获评省级先进基层党组织")
    expect(page.get_by_test_id("bulletin-black")).to_contain_text("本月无")
    merit = MeritRecord.objects.get()
    assert merit.status == "approved" and merit.meeting == meeting

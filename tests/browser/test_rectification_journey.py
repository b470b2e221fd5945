"""A problem from a critique becomes an item, gets a roadmap and evidence, is submitted,
returned, resubmitted and signed off by the county above."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from shuzhi.core.events import ProblemsRaised, RaisedProblem, problems_raised
from shuzhi.orgs.models import Person
from shuzhi.rectification.models import RectificationItem
from tests.browser.conftest import sign_in
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAST_YEAR = timezone.localdate().year - 1  # the superior's view counts last year's critiques
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _sign_out(page: Page) -> None:
    page.get_by_test_id("logout").click()
    page.wait_for_url("**/accounts/login/**")


def test_critique_problem_is_rectified_and_signed_off(
    page: Page, live_server: Any, small_city: Any, tmp_path: Path
) -> None:
    owner = make_user(
        "town_sec", "secretary", small_city.town_a1, person=Person.objects.get(code="P-SEC")
    )
    superior = make_user("county_rev", "reviewer", small_city.county_a, display_name="县委审核人")
    # The meeting app would send this when the superior's critique is saved.
    problems_raised.publish(
        ProblemsRaised(
            (
                RaisedProblem(
                    small_city.town_a1.pk,
                    "superior",
                    "“三会一课”记录不全",
                    2025,
                    1,
                    superior.pk,
                    "critique:1",
                ),
            )
        )
    )
    photo = tmp_path / "会议现场.png"
    photo.write_bytes(PNG)

    sign_in(page, live_server, owner.username, "pw-town_sec")
    page.goto(f"{live_server.url}/rectification/org/{small_city.town_a1.code}/")
    page.get_by_role("link", name="“三会一课”记录不全").click()
    page.get_by_label("整改措施（任务书）").fill("每月召开支委会并完整记录，季度检查")
    page.get_by_label("整改时限").fill("2026-06-30")
    page.get_by_role("button", name="立项").click()
    expect(page.get_by_test_id("item-status")).to_have_text("待整改")

    page.get_by_label("节点内容").fill("补齐上半年会议记录")
    page.get_by_label("计划完成").fill("2026-03-31")
    page.get_by_role("button", name="添加节点").click()
    expect(page.locator("#milestones")).to_contain_text("补齐上半年会议记录")
    page.get_by_label("佐证材料").set_input_files(str(photo))
    page.get_by_role("button", name="上传").click()
    expect(page.locator("#evidence")).to_contain_text("会议现场.png")
    page.get_by_role("button", name="开始整改").click()
    expect(page.get_by_test_id("item-status")).to_have_text("整改中")
    page.get_by_label("整改进展").fill("已补齐记录")
    page.get_by_role("button", name="提交销号").click()
    expect(page.get_by_test_id("item-status")).to_have_text("待销号")
    expect(page.get_by_role("button", name="销号")).to_have_count(0)  # never by the owner
    _sign_out(page)

    sign_in(page, live_server, superior.username, "pw-county_rev")
    page.goto(f"{live_server.url}/rectification/")
    page.get_by_role("link", name="“三会一课”记录不全").first.click()
    page.get_by_role("button", name="退回").click()
    expect(page.get_by_role("alert")).to_contain_text("必须填写理由")
    page.get_by_label("理由").fill("缺少第二季度记录")
    page.get_by_role("button", name="退回").click()
    expect(page.get_by_test_id("item-status")).to_have_text("已退回")
    _sign_out(page)

    sign_in(page, live_server, owner.username, "pw-town_sec")
    page.goto(f"{live_server.url}/rectification/")
    page.get_by_role("link", name="“三会一课”记录不全").first.click()
    expect(page.get_by_test_id("return-reason")).to_have_text("缺少第二季度记录")
    page.get_by_label("整改进展").fill("已补充第二季度记录")
    page.get_by_role("button", name="提交销号").click()
    expect(page.get_by_test_id("item-status")).to_have_text("待销号")
    _sign_out(page)

    sign_in(page, live_server, superior.username, "pw-county_rev")
    page.goto(f"{live_server.url}/rectification/")
    expect(page.get_by_test_id("raised-summary")).to_contain_text("我点评指出 1 个问题")
    page.get_by_role("link", name="“三会一课”记录不全").first.click()
    page.get_by_label("理由").fill("经查阅记录，已整改到位")
    page.get_by_role("button", name="销号", exact=True).click()
    expect(page.get_by_test_id("item-status")).to_have_text("已销号")
    item = RectificationItem.objects.get()
    assert item.closed_by == superior and item.milestones.count() == 1
    assert item.evidence.get().original_name == "会议现场.png"

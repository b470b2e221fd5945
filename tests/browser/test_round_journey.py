from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from shuzhi.audit.models import AuditEntry
from shuzhi.scoring.models import IndicatorScore, Publication, Result
from tests.browser.conftest import sign_in
from tests.factories import make_person, make_post, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_configure_a_round_enter_scores_compute_and_publish(
    page: Page, live_server: Any, small_city: Any
) -> None:
    make_post(small_city.town_a2, make_person("甲二书记", small_city.town_a2, code="P-SEC2"))
    make_user("cityadmin", "admin", small_city.city)
    sign_in(page, live_server, "cityadmin", "pw-cityadmin")

    # A round heard by county A.
    page.goto(f"{live_server.url}/rounds/")
    form = page.locator("#new-round")
    form.get_by_label("年度").fill("2025")
    form.get_by_label("听取述职的党组织编码").fill("C-A")
    form.get_by_role("button", name="创建").click()
    expect(page.get_by_role("heading", name="甲县委2025年度述职评议考核")).to_be_visible()

    # Peer group and reporters.
    page.get_by_role("link", name="分组").first.click()
    page.get_by_label("分组（每行一个）").fill("乡镇组")
    page.get_by_role("button", name="保存分组").click()
    enroll = page.locator("#enroll")
    enroll.get_by_label("下级组织编码").fill("C-A1\nC-A2")
    enroll.get_by_label("分组").fill("乡镇组")
    enroll.get_by_role("button", name="列入").click()
    expect(page.get_by_text("已列入 2 名述职人")).to_be_visible()

    # Settings: a bad sum is refused with the total, a good one saved.
    page.get_by_role("link", name="考核设置").click()
    page.get_by_label("指标考核权重（%）").fill("80")
    page.get_by_role("button", name="保存设置").click()
    expect(page.get_by_text("各评分来源权重之和必须为 100%，当前为 120%")).to_be_visible()
    expect(page.get_by_label("指标考核权重（%）")).to_have_value("80")
    page.get_by_label("现场测评权重（%）").fill("20")
    page.get_by_label("上级评价权重（%）").fill("0")
    page.get_by_role("button", name="保存设置").click()
    expect(page.get_by_text("考核设置已保存")).to_be_visible()

    # Indicators.
    page.get_by_role("link", name="指标体系").click()
    for code, name, points in (("1", "履行第一责任人职责", "40"), ("2", "基层组织建设", "60")):
        adding = page.locator("#add-indicator")
        adding.get_by_label("编号：", exact=True).fill(code)
        adding.get_by_label("指标名称").fill(name)
        adding.get_by_label("满分").fill(points)
        adding.get_by_role("button", name="添加").click()
        expect(page.get_by_role("cell", name=name)).to_be_visible()

    # Scores in the grid (htmx saves each cell; a score above the maximum is refused).
    page.get_by_role("link", name="指标评分").click()
    reporters = {name: pk for pk, name in _reporters()}
    first, second = reporters["甲一书记"], reporters["甲二书记"]
    for pk, code, value in ((first, "1", "38"), (first, "2", "55"), (second, "1", "30")):
        cell = page.get_by_test_id(f"score-{pk}-{code}")
        cell.fill(value)
        cell.press("Tab")
        expect(page.locator(f"td.saved [data-testid='score-{pk}-{code}']")).to_be_visible()
    over = page.get_by_test_id(f"score-{second}-2")
    over.fill("61")
    over.press("Tab")
    expect(page.get_by_role("alert")).to_contain_text("超过满分 60")
    over = page.get_by_test_id(f"score-{second}-2")
    over.fill("41")
    over.press("Tab")
    expect(page.locator(f"td.saved [data-testid='score-{second}-2']")).to_be_visible()
    assert IndicatorScore.objects.count() == 4

    # Compute.
    page.locator("nav.round-tabs").get_by_role("link", name="考核结果").click()
    page.get_by_test_id("compute").click()
    expect(page.get_by_test_id("computation-status")).to_have_text("已完成")
    table = page.locator("table.results")
    expect(table.get_by_role("row").nth(1)).to_contain_text("甲一书记")
    expect(table.get_by_role("row").nth(2)).to_contain_text("末位约谈")
    expect(page.locator("svg circle")).to_have_count(2)

    # Publish.
    page.get_by_label("公示开始").fill("2026-01-05")
    page.get_by_label("公示结束").fill("2026-12-31")
    page.get_by_test_id("publish").click()
    expect(page).to_have_url(re.compile(r"/scoring/\d+/notice/$"))
    expect(page.get_by_role("heading", name=re.compile("结果公示"))).to_be_visible()
    expect(page.get_by_role("cell", name=re.compile("甲二书记"))).to_be_visible()
    assert Publication.objects.count() == 1 and Result.objects.count() == 2
    assert AuditEntry.objects.filter(action="scoring.publication.publish").exists()


def _reporters() -> list[tuple[int, str]]:
    from shuzhi.rounds.models import Reporter

    return list(Reporter.objects.values_list("pk", "person__name"))


def test_a_secretary_reads_the_notice_on_a_phone(
    phone_page: Page, live_server: Any, small_city: Any
) -> None:
    from datetime import date, timedelta

    from shuzhi.scoring.computing import Computation, store_results
    from shuzhi.scoring.publication import publish_results
    from tests.scoring.helpers import scored_round

    admin = make_user("cityadmin", "admin", small_city.city)
    round_, _ = scored_round(small_city, admin)
    store_results(Computation.objects.create(round=round_, requested_by=admin))
    Computation.objects.update(status=Computation.Status.DONE)
    today = date.today()
    publish_results(actor=admin, round=round_, starts_on=today, ends_on=today + timedelta(days=6))
    make_user("sec", "secretary", small_city.town_a1)
    sign_in(phone_page, live_server, "sec", "pw-sec")
    phone_page.goto(f"{live_server.url}/scoring/{round_.pk}/notice/")
    expect(phone_page.get_by_role("heading", name=re.compile("结果公示"))).to_be_visible()
    expect(phone_page.get_by_text("甲一书记")).to_be_visible()
    # The table scrolls inside its own box; the page itself does not overflow the phone.
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1


def test_settings_show_the_running_total_of_each_100_percent_group(
    page: Page, live_server: Any, small_city: Any
) -> None:
    from shuzhi.rounds.services import create_round

    admin = make_user("cityadmin", "admin", small_city.city)
    round_ = create_round(actor=admin, hearing_organization=small_city.county_a, year=2025)
    sign_in(page, live_server, "cityadmin", "pw-cityadmin")
    page.goto(f"{live_server.url}/rounds/{round_.pk}/settings/")
    sources = page.locator("fieldset[data-sum-to-100]").first
    expect(sources.locator(".sum")).to_have_text("当前合计 100%")
    page.get_by_label("第一级考核权重（%）").fill("12.5")
    expect(sources.locator(".sum")).to_have_text("当前合计 112.5%")
    expect(sources.locator(".sum")).to_have_class("sum error")

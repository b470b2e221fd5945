"""On a phone, a township cadre rates one of the township's branches against the six standards."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from shuzhi.villages import rules
from shuzhi.villages.models import StarRating
from tests.browser.conftest import sign_in
from tests.factories import make_org, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_township_cadre_rates_a_branch_on_a_phone(
    phone_page: Page, live_server: Any, small_city: Any
) -> None:
    branch = make_org(
        "甲一1村第一支部", small_city.village_a1, code="C-A1-1-1", kind="branch", field="rural"
    )
    make_user("town_cadre", "reviewer", small_city.town_a1, display_name="镇组织委员")
    sign_in(phone_page, live_server, "town_cadre", "pw-town_cadre")
    phone_page.goto(f"{live_server.url}/villages/branches/{branch.code}/")
    form = phone_page.get_by_test_id("rating-form")
    for standard in rules.SIX_STANDARDS:
        # 55% of each standard: one star, so the branch must be cleared and re-rated.
        form.get_by_label(standard.label, exact=False).fill(str(standard.max_points * 55 / 100))
    form.get_by_label("评定依据", exact=False).fill("查阅会议记录、走访党员群众")
    form.get_by_role("button", name="提交评定").click()
    expect(phone_page.get_by_test_id("current-stars")).to_contain_text("1 星")
    expect(phone_page.get_by_test_id("current-stars")).to_contain_text("须整改后重新评定")
    # The page fits the phone: nothing wider than the viewport.
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1
    rating = StarRating.objects.get(branch=branch, is_current=True)
    assert rating.stars == 1 and rating.evidence.startswith("查阅会议记录")


def test_a_member_votes_in_the_democratic_evaluation_on_a_phone(
    phone_page: Page, live_server: Any, small_city: Any
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from shuzhi.villages import evaluation
    from shuzhi.villages.models import ElectorVoted, EvaluationBallot
    from tests.villages.dual_world import open_village_round, roll_of

    admin = make_user("dual_admin", "admin", small_city.county_a)
    world = open_village_round(small_city.town_a1, admin)
    now = timezone.now()
    (found,) = evaluation.open_evaluations(
        actor=admin,
        village_round=world.village_round,
        villages=world.villages[:1],
        mode="roll",
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=3),
    )
    (member,) = roll_of(found, admin, 1)
    phone_page.goto(f"{live_server.url}/villages/evaluations/{found.pk}/vote/")
    phone_page.get_by_label("姓名").fill(member.name)
    phone_page.get_by_label("人员编码").fill(member.code)
    phone_page.get_by_test_id("grade-good").check()
    phone_page.get_by_test_id("submit-ballot").click()
    expect(phone_page.get_by_test_id("receipt")).to_contain_text("评议票已提交成功")
    receipt = phone_page.get_by_test_id("receipt-code").inner_text().strip()
    assert len(receipt) == 20
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1
    # A second vote by the same member is refused on the page, in Chinese.
    phone_page.goto(f"{live_server.url}/villages/evaluations/{found.pk}/vote/")
    phone_page.get_by_label("姓名").fill(member.name)
    phone_page.get_by_label("人员编码").fill(member.code)
    phone_page.get_by_test_id("grade-poor").check()
    phone_page.get_by_test_id("submit-ballot").click()
    expect(phone_page.get_by_test_id("ballot-errors")).to_contain_text("您已经投过票")
    assert list(EvaluationBallot.objects.values_list("grade", "receipt")) == [("good", receipt)]
    assert ElectorVoted.objects.filter(person=member).count() == 1


def test_a_villager_files_an_objection_to_the_posted_result_on_a_phone(
    phone_page: Page, live_server: Any, small_city: Any
) -> None:
    from django.utils import timezone

    from shuzhi.villages import dual_queries
    from shuzhi.villages.models import Objection
    from tests.villages.dual_world import (
        evaluate_and_count,
        open_village_round,
        published,
        score_all,
    )

    admin = make_user("dual_admin", "admin", small_city.county_a)
    world = open_village_round(small_city.town_a1, admin)
    first, second = world.villages
    score_all(world, {first: "80", second: "90"})
    evaluate_and_count(world, {first: ["good"], second: ["fair"]})
    posted = published(world, timezone.localdate())
    # The posted notice's link (its QR code) leads to the page; no account is needed.
    phone_page.goto(f"{live_server.url}/villages/o/{dual_queries.public_key(posted)}/")
    form = phone_page.get_by_test_id("objection-form")
    form.get_by_label("真实姓名").fill("张秀英")
    form.get_by_label("群众").check()
    form.get_by_label("联系电话").fill("13800138000")
    form.get_by_label("涉及的村（可选）").select_option(label=second.name)
    form.get_by_label("异议内容").fill("民主评议时有人代投，请核实。")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1
    phone_page.get_by_test_id("submit-objection").click()
    expect(phone_page.get_by_test_id("objection-receipt")).to_contain_text("您的异议已提交")
    number = phone_page.get_by_test_id("receipt-number").inner_text().strip()
    objection = Objection.objects.get()
    assert number == objection.receipt
    assert (objection.raised_by, objection.contact, objection.village) == (
        "张秀英",
        "13800138000",
        second,
    )
    assert objection.recorded_by is None and objection.answered_by is None

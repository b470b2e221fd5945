"""The home page shows the user's work: current rounds and their stage, and to-do counts from
every app's provider, each scoped to the user's subtree and role."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from shuzhi.core.home import Todo, current_rounds_for, todos_for
from shuzhi.reports import services as report_services
from shuzhi.rounds.models import Round, StageSchedule
from shuzhi.scoring.models import Publication
from tests.factories import make_user
from tests.meetings.conftest import build_world, open_formal
from tests.rectification.conftest import submit
from tests.reports.conftest import drafted, pass_step, review_setting

pytestmark = pytest.mark.django_db
TODAY = date(2026, 7, 1)


def counts(user: object, today: date = TODAY) -> dict[str, int]:
    return {todo.label: todo.count for todo in todos_for(user, today)}


def todo(user: object, label: str) -> Todo:
    return next(t for t in todos_for(user, TODAY) if t.label == label)


def test_a_reviewer_counts_the_reports_at_their_step(small_city):
    review = review_setting(small_city)
    report_services.submit(actor=review.secretary, report=drafted(review))
    assert counts(review.step1)["待我审核的述职报告"] == 1
    assert counts(review.step2)["待我审核的述职报告"] == 0  # not their step yet
    assert counts(review.outsider)["待我审核的述职报告"] == 0  # another county
    assert todo(review.step1, "待我审核的述职报告").url == "/reports/?todo=review"
    pass_step(review.step1, review.reporter.duty_report)
    assert counts(review.step1)["待我审核的述职报告"] == 0
    assert counts(review.step2)["待我审核的述职报告"] == 1


def test_the_review_link_lists_exactly_those_reports(small_city):
    review = review_setting(small_city)
    report_services.submit(actor=review.secretary, report=drafted(review))
    client = Client()
    client.force_login(review.step1)
    page = client.get("/reports/?todo=review").content.decode()
    assert review.reporter.person.name in page and "只显示待我审核的述职报告" in page
    client.force_login(review.step2)
    page = client.get("/reports/?todo=review").content.decode()
    assert review.reporter.person.name not in page and "暂无待我审核的述职报告" in page


def test_the_superior_counts_sign_offs_and_overdue_items(small_city, cast, item):
    submit(item, cast.owner)
    assert counts(cast.superior)["待我销号的整改事项"] == 1
    assert counts(cast.outsider)["待我销号的整改事项"] == 0
    assert counts(cast.owner)["待我销号的整改事项"] == 0  # never one's own item
    overdue = "已逾期的整改事项"
    assert counts(cast.superior, item.deadline + timedelta(days=1))[overdue] == 1
    assert counts(cast.superior, item.deadline)[overdue] == 0
    assert counts(cast.outsider, item.deadline + timedelta(days=1))[overdue] == 0
    assert todo(cast.superior, overdue).urgent
    assert todo(cast.superior, "待我销号的整改事项").url == "/rectification/#awaiting"


def test_open_ballot_boxes_are_counted_for_the_hosting_subtree(small_city, cleared):
    world = build_world(small_city)
    assert counts(world.host)["正在投票的票箱"] == 0
    open_formal(world)
    assert counts(world.host)["正在投票的票箱"] == 1
    assert counts(make_user("county_viewer", "viewer", small_city.county_a))["正在投票的票箱"] == 0
    client = Client()
    client.force_login(world.host)
    assert world.meeting.title in client.get("/meetings/?state=open").content.decode()
    assert world.meeting.title not in client.get("/meetings/?state=closed").content.decode()


def test_a_user_without_roles_has_no_work(db):
    nobody = make_user("nobody", None, None)
    assert todos_for(nobody, TODAY) == [] and current_rounds_for(nobody, TODAY) == []


def test_current_rounds_show_their_stage_and_older_rounds_are_archived(small_city):
    old = Round.objects.create(name="2025年度考核", year=2025, hearing_organization=small_city.city)
    new = Round.objects.create(name="2026年度考核", year=2026, hearing_organization=small_city.city)
    StageSchedule.objects.create(
        round=new, stage="reports", starts_on=date(2026, 6, 1), ends_on=date(2026, 7, 15)
    )
    StageSchedule.objects.create(
        round=new, stage="meeting", starts_on=date(2026, 8, 1), ends_on=date(2026, 8, 2)
    )
    admin = make_user("city_adm", "admin", small_city.city)
    (current,) = current_rounds_for(admin, TODAY)
    assert (current.name, current.status) == (new.name, "进行中")
    assert current.stage == "撰写述职报告（至 07月15日）"
    (later,) = current_rounds_for(admin, date(2026, 7, 20))
    assert later.stage == "下一阶段：述职评议会（08月01日 起）"
    assert old.name not in [r.name for r in current_rounds_for(admin, TODAY)]
    county = make_user("county_only", "admin", small_city.county_a)
    assert current_rounds_for(county, TODAY) == []  # the city's rounds are outside its scope


def test_the_home_page_shows_rounds_and_counts(small_city, cast, item):
    submit(item, cast.owner)
    round_ = Round.objects.create(
        name="甲县2026年度考核", year=2026, hearing_organization=small_city.county_a
    )
    today = timezone.localdate()
    StageSchedule.objects.create(
        round=round_, stage="meeting", starts_on=today, ends_on=today + timedelta(days=3)
    )
    client = Client()
    client.force_login(cast.county_admin)
    page = client.get("/").content.decode()
    assert "当前考核" in page and "甲县2026年度考核" in page and "述职评议会（至" in page
    assert 'href="/rectification/#awaiting"' in page
    assert 'data-testid="todo"' in page and "待我销号的整改事项" in page


def test_the_rounds_list_shows_status_and_the_current_marker(small_city, city_admin):
    old = Round.objects.create(name="甲2025", year=2025, hearing_organization=small_city.city)
    Round.objects.create(name="甲2026", year=2026, hearing_organization=small_city.city)
    published = Round.objects.create(
        name="乙2026", year=2026, hearing_organization=small_city.county_b
    )
    Publication.objects.create(
        round=published,
        frozen_at=timezone.now(),
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 1, 7),
        published_by=city_admin,
    )
    client = Client()
    client.force_login(city_admin)
    page = client.get("/rounds/").content.decode()
    rows = {
        n: r for r in page.split("<tr")[2:] for n in ("甲2025", "甲2026", "乙2026") if f">{n}<" in r
    }
    assert "已归档" in rows["甲2025"] and "current-marker" not in rows["甲2025"]
    assert "进行中" in rows["甲2026"] and 'data-testid="current-marker"' in rows["甲2026"]
    assert "已公示" in rows["乙2026"] and 'data-testid="current-marker"' in rows["乙2026"]
    assert old.name in page

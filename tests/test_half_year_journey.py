"""Villages report twice a year (双述双评): the second half's report must answer the problems of
the first half, with the apps' real receivers (reports asks, rectification answers)."""

from __future__ import annotations

import pytest

from shuzhi.core.events import ProblemsRaised, RaisedProblem, problems_raised
from shuzhi.reports import queries as report_queries
from shuzhi.reports import services as reports
from shuzhi.rounds.models import Period
from shuzhi.rounds.services import create_round, enroll_reporters
from tests.factories import make_person, make_post, make_user

pytestmark = pytest.mark.django_db


def test_the_second_half_answers_the_first_halfs_problems(small_city, county_admin) -> None:
    village = small_city.village_a1
    person = make_person("甲一村书记", village)
    make_post(village, person)
    secretary = make_user("village_sec", "secretary", village, person=person)
    halves = [
        create_round(
            actor=county_admin, hearing_organization=small_city.town_a1, year=2026, period=period
        )
        for period in (Period.FIRST_HALF, Period.SECOND_HALF)
    ]
    first, second = (
        enroll_reporters(actor=county_admin, round=r, organizations=[village])[0] for r in halves
    )
    raised = RaisedProblem(
        village.pk, "superior", "村务公开栏长期未更新", 2026, first.round_id, reference="c:1"
    )
    problems_raised.publish(ProblemsRaised((raised,)))  # as the first half's critique does
    report = reports.open_report(actor=secretary, reporter=second)
    items = report_queries.items_to_answer(report)
    assert [i.text for i in items] == ["村务公开栏长期未更新"]


def test_half_year_rounds_name_the_previous_round_last_period(small_city, county_admin) -> None:
    """Carried-over items of a second-half report come from 上期 (the first half), not 去年."""
    from django.test import Client

    from shuzhi.reports.checking import run_checks
    from tests.reports.texts import GOOD_SECTIONS

    village = small_city.village_a1
    person = make_person("甲一村书记", village)
    make_post(village, person)
    secretary = make_user("village_sec", "secretary", village, person=person)
    halves = [
        create_round(
            actor=county_admin, hearing_organization=small_city.town_a1, year=2026, period=period
        )
        for period in (Period.FIRST_HALF, Period.SECOND_HALF)
    ]
    first, second = (
        enroll_reporters(actor=county_admin, round=r, organizations=[village])[0] for r in halves
    )
    earlier = reports.open_report(actor=secretary, reporter=first)
    reports.save_draft(actor=secretary, report=earlier, sections=GOOD_SECTIONS, answers={})
    reports.submit(actor=secretary, report=earlier)
    report = reports.open_report(actor=secretary, reporter=second)

    statuses = {i.status for i in report_queries.items_to_answer(report)}
    assert "上期承诺" in statuses and not any("去年" in s for s in statuses)
    finding = next(f for f in run_checks(report).findings if f.rule == "responsiveness")
    assert finding.title == "回应上期问题" and finding.message.startswith("上期问题和承诺共")
    client = Client()
    client.force_login(secretary)
    html = client.get(f"/reports/{report.pk}/edit/").content.decode()
    assert "逐项回应上期的问题和承诺" in html and "上期承诺" in html
    assert "去年" not in html

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


def test_a_half_year_runs_both_hearings_of_dual_evaluation(small_city, county_admin) -> None:
    """双述双评 (001): the secretaries report to the township (the round's meeting, its ballots
    the round's on-site evaluation), each village's cadres report to its members and masses
    (a village hearing, its own ballots), all members evaluate, the township ranks and posts."""
    from datetime import date

    from shuzhi.core.events import Clearance, report_clearance_requested
    from shuzhi.meetings.models import Meeting
    from shuzhi.meetings.services import add_to_agenda, create_meeting
    from shuzhi.villages import dual
    from shuzhi.villages.models import VillageHearing
    from tests.signals import isolated
    from tests.villages.dual_world import (
        evaluate_and_count,
        hold_hearing,
        open_village_round,
        published,
        score_all,
    )

    world = open_village_round(small_city.town_a1, county_admin)
    round_ = world.village_round.round
    # Hearing one: the township hears its village secretaries.
    township_meeting = create_meeting(actor=county_admin, round=round_, held_on=date(2026, 6, 25))
    with isolated(report_clearance_requested) as signal:
        signal.answer_with(lambda r: {i: Clearance(True) for i in r.reporter_ids}, uid="t")
        add_to_agenda(
            actor=county_admin, meeting=township_meeting, reporters=list(round_.reporters.all())
        )
    hold_grades = {world.villages[0]: ["good", "good"], world.villages[1]: ["fair", "poor"]}
    # Hearing two: in each village, to its members and masses, with its own ballots.
    for hearing in dual.convene_hearings(
        actor=county_admin, village_round=world.village_round, held_on=date(2026, 6, 20)
    ):
        hold_hearing(
            Meeting.objects.get(pk=hearing.meeting_pk), county_admin, hold_grades[hearing.village]
        )
    assert township_meeting.agenda.count() == 2
    assert all(h.closed for h in VillageHearing.objects.all())
    score_all(world, {world.villages[0]: "85", world.villages[1]: "92"})
    evaluate_and_count(
        world, {world.villages[0]: ["good", "good", "fair"], world.villages[1]: ["average"]}
    )
    village_round = published(world, date(2026, 7, 10))
    objection = dual.record_objection(
        actor=county_admin,
        village_round=village_round,
        raised_by="村民王五",
        text="二村评议人数偏少",
        raised_on=date(2026, 7, 12),
        village=world.villages[1],
    )
    dual.answer_objection(
        actor=county_admin, objection=objection, answer="该村按名单组织，人数属实。"
    )
    final = dual.finalize(actor=county_admin, village_round=village_round, today=date(2026, 7, 15))
    ranks = dict(final.results.values_list("village__code", "rank"))
    assert final.finalized_at is not None
    assert ranks == {world.villages[0].code: 1, world.villages[1].code: 2}

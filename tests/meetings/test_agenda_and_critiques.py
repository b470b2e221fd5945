"""The agenda gate, critiques with key problems, comments."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from shuzhi.core.events import Clearance, problems_raised, report_clearance_requested
from shuzhi.meetings import services
from shuzhi.meetings.models import AgendaItem, Critique
from tests.meetings.conftest import make_reporters
from tests.signals import isolated

pytestmark = pytest.mark.django_db


@pytest.fixture
def fresh(world):
    meeting = services.create_meeting(
        actor=world.host, round=world.round, held_on=date(2026, 12, 21)
    )
    return meeting


def test_reporter_nobody_answers_for_is_refused(world, fresh):
    with isolated(report_clearance_requested), pytest.raises(ValidationError, match="没有收到"):
        services.add_to_agenda(actor=world.host, meeting=fresh, reporters=world.reporters[:1])
    assert not fresh.agenda.exists()


def test_a_refusal_outweighs_a_clearance(world, fresh):
    blocked = world.reporters[0].pk

    def clears(request):
        return {rid: Clearance(True) for rid in request.reporter_ids}

    def refuses(request):
        return {blocked: Clearance(False, "述职报告尚未通过第 2 步审核")}

    with isolated(report_clearance_requested) as signal:
        signal.answer_with(clears, uid="clears")
        signal.answer_with(refuses, uid="refuses")
        with pytest.raises(ValidationError, match="尚未通过第 2 步审核"):
            services.add_to_agenda(actor=world.host, meeting=fresh, reporters=world.reporters)
        assert not fresh.agenda.exists()  # nothing half-written
        services.add_to_agenda(actor=world.host, meeting=fresh, reporters=world.reporters[1:])
    assert [i.reporter_id for i in fresh.agenda.all()] == [r.pk for r in world.reporters[1:]]


def test_reporter_of_another_round_is_refused(world, small_city):
    from shuzhi.rounds.models import Round

    other = Round.objects.create(name="乙县", year=2026, hearing_organization=small_city.county_b)
    (stranger,) = make_reporters(other, [small_city.county_b], 1)
    with pytest.raises(ValidationError, match="不是本次考核的述职人"):
        services.add_to_agenda(actor=world.host, meeting=world.meeting, reporters=[stranger])


def test_agenda_keeps_order_and_minutes(world):
    assert [i.position for i in world.items] == [1, 2, 3, 4]
    assert all(i.minutes == 10 for i in world.items)


def test_critique_with_too_few_key_problems_is_refused(world):
    item = world.items[0]
    with pytest.raises(ValidationError, match="至少指出 2 个关键问题，目前只有 1 个"):
        services.record_critique(actor=world.superior, item=item, problems=["问题一", "  "])
    assert not Critique.objects.exists()


def test_minimum_key_problems_is_a_setting(world):
    services.update_settings(
        actor=world.host, meeting=world.meeting, values={"min_key_problems": 3}
    )
    item = AgendaItem.objects.select_related("meeting").get(pk=world.items[0].pk)
    with pytest.raises(ValidationError, match="至少指出 3 个"):
        services.record_critique(actor=world.superior, item=item, problems=["一", "二"])


def test_each_key_problem_is_raised_for_rectification(world):
    item = world.items[1]
    raised = []
    with isolated(problems_raised) as signal:
        signal.subscribe(lambda event: raised.extend(event.problems), uid="test")
        critique = services.record_critique(
            actor=world.superior, item=item, problems=["基层阵地建设滞后", "党员教育流于形式"]
        )
    assert [p.reference for p in raised] == [
        f"critique:{critique.pk}:1",
        f"critique:{critique.pk}:2",
    ]
    assert {p.source for p in raised} == {"superior"}
    assert {p.organization_id for p in raised} == {item.reporter.organization_id}
    assert raised[0].raised_by_id == world.superior.pk and raised[0].year == 2026


def test_only_the_superior_critiques_but_other_leaders_comment(world):
    item = world.items[0]
    with pytest.raises(PermissionDenied):
        services.record_critique(actor=world.host, item=item, problems=["一", "二"])
    comment = services.add_comment(actor=world.host, item=item, text="台账还要细化")
    assert comment.text == "台账还要细化"
    with pytest.raises(ValidationError):
        services.add_comment(actor=world.host, item=item, text="  ")


def test_reporters_can_be_moved_in_the_speaking_order(world):
    from django.test import Client

    client = Client()
    client.force_login(world.host)
    third = world.items[2]
    client.post(f"/meetings/{world.meeting.pk}/agenda/{third.pk}/move/", {"direction": "up"})
    order = [i.reporter_id for i in world.items]
    r = [x.pk for x in world.reporters]
    assert order == [r[0], r[2], r[1], r[3]]
    services.move_on_agenda(actor=world.host, item=world.items[0], offset=-1)  # already first
    assert [i.reporter_id for i in world.items] == order


def test_a_new_meeting_takes_the_rounds_grade_points_and_weights(world):
    from decimal import Decimal

    from shuzhi.rounds.models import RoundSettings

    RoundSettings.objects.update_or_create(
        round=world.round,
        defaults={
            "points_poor": Decimal(20),
            "weight_leader": Decimal(40),
            "weight_representative": Decimal(20),
        },
    )
    meeting = services.create_meeting(
        actor=world.host, round=world.round, held_on=date(2026, 12, 22)
    )
    assert meeting.grade_points == {"good": 100, "fair": 80, "average": 60, "poor": 20}
    assert meeting.category_weights["leader"] == 40

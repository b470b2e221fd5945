"""The demo builder: a closed meeting of about 60 ballots for the demo round; no round, no-op."""

from __future__ import annotations

import pytest

from shuzhi.accounts.models import User
from shuzhi.core.events import report_clearance_requested
from shuzhi.meetings import archive, demo, queries
from shuzhi.meetings.models import Ballot, Meeting
from shuzhi.orgs.demo import build_demo_city
from shuzhi.orgs.models import Organization
from shuzhi.rounds.services import create_round, enroll_reporters
from tests.signals import isolated

pytestmark = pytest.mark.django_db


def test_demo_without_a_round_adds_nothing():
    build_demo_city(seed=2016)
    demo.build_demo(seed=2016)
    assert not Meeting.objects.exists()


def demo_round_with(count: int) -> list:
    """The demo city with a round of ``count`` county reporters (what the rounds demo adds)."""
    build_demo_city(seed=2016)
    admin = User.objects.get(username="admin")
    city = Organization.objects.get(code="QL")
    round_ = create_round(actor=admin, hearing_organization=city, year=2026)
    counties = Organization.objects.filter(parent=city, posts__role="secretary").distinct()
    return enroll_reporters(actor=admin, round=round_, organizations=counties[:count])


def test_demo_meeting_has_a_closed_box_that_verifies():
    demo_round_with(8)
    with isolated(report_clearance_requested):  # the reports app does not answer in the demo
        demo.build_demo(seed=2016)
        demo.build_demo(seed=2016)  # a second run adds nothing
    meeting = Meeting.objects.get()
    assert meeting.state == "closed" and meeting.agenda.count() == 8
    assert Ballot.objects.filter(box__rehearsal=False).count() == 60
    verification = archive.verify_json(queries.export_of(meeting, "json"))
    assert verification.ok and verification.digest == meeting.digest


def test_demo_keeps_the_gate_when_the_reports_app_answers():
    from shuzhi.core.events import Clearance

    reporters = demo_round_with(6)
    cleared = {reporters[0].pk, reporters[3].pk}

    def answer(request):
        return {
            rid: Clearance(rid in cleared, "" if rid in cleared else "未审核")
            for rid in request.reporter_ids
        }

    with isolated(report_clearance_requested) as signal:
        signal.answer_with(answer, uid="test")
        demo.build_demo(seed=2016)
    meeting = Meeting.objects.get()
    assert set(meeting.agenda.values_list("reporter_id", flat=True)) == cleared
    assert meeting.state == "closed" and meeting.max_good_percent == 100


def test_demo_holds_the_village_hearings_and_the_township_hearing():
    """With the villages demo first (双述双评 convened), both hearings are held: the township's
    meeting of its village secretaries and each village's hearing but the last."""
    from shuzhi.meetings.models import BoxState
    from shuzhi.meetings.rules import MeetingKind
    from shuzhi.villages.demo import build_demo as build_villages
    from shuzhi.villages.models import VillageHearing

    build_demo_city(seed=2016)
    build_villages(seed=2016)
    demo.build_demo(seed=2016)
    hearings = Meeting.objects.filter(kind=MeetingKind.VILLAGE_HEARING)
    assert hearings.count() >= 2
    assert hearings.filter(state=BoxState.PREPARING).count() == 1
    closed = VillageHearing.objects.filter(closed=True)
    assert closed.count() == hearings.count() - 1 and all(h.counts for h in closed)
    village_round = closed.first().village_round
    township = Meeting.objects.get(round=village_round.round, kind=MeetingKind.ROUND_HEARING)
    assert township.state == BoxState.CLOSED and township.agenda.count() == hearings.count()

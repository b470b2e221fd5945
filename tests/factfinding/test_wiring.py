"""Findings reach the report editor, the meeting host's agenda and scoring (via core.events)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from shuzhi.factfinding import services
from shuzhi.meetings import queries as meeting_queries
from shuzhi.meetings.models import AgendaItem, Meeting
from shuzhi.reports.checking import found_before_the_meeting
from shuzhi.reports.services import open_report
from shuzhi.rounds.models import Reporter
from shuzhi.scoring.fact_finding import take_fact_finding_scores
from shuzhi.scoring.models import ReporterAssessment
from tests.factfinding.conftest import inspection, unannounced


def _reporter(scene) -> Reporter:  # type: ignore[no-untyped-def]
    return Reporter.objects.create(
        round=scene.round, organization=scene.town, person=scene.town_secretary.person
    )


def test_the_report_editor_lists_the_findings_with_their_acknowledgement(scene) -> None:  # type: ignore[no-untyped-def]
    visit = unannounced(scene)
    accepted = services.record_finding(
        actor=scene.admin, visit=visit, responsibility="甲", text="已认问题"
    )
    services.record_finding(actor=scene.admin, visit=visit, responsibility="乙", text="未认问题")
    services.answer_finding(actor=scene.town_secretary, finding=accepted, action="accept")
    report = open_report(actor=scene.town_secretary, reporter=_reporter(scene))
    items = found_before_the_meeting(report)
    assert [(i.key, i.status) for i in items] == [
        (f"finding:{accepted.pk}", "本轮调研摸底 · 已认账"),
        (f"finding:{accepted.pk + 1}", "本轮调研摸底 · 待认账"),
    ]


def test_the_host_sees_a_reporters_unacknowledged_findings_on_the_agenda(scene) -> None:  # type: ignore[no-untyped-def]
    visit = unannounced(scene)
    first = services.record_finding(
        actor=scene.admin, visit=visit, responsibility="甲", text="已认问题"
    )
    services.record_finding(actor=scene.admin, visit=visit, responsibility="乙", text="未认问题")
    services.answer_finding(actor=scene.town_secretary, finding=first, action="accept")
    meeting = Meeting.objects.create(
        round=scene.round,
        hosting_organization=scene.round.hearing_organization,
        title="述职评议会",
        held_on=date(2025, 12, 20),
        sign_in_code="FF-TEST",
    )
    item = AgendaItem.objects.create(meeting=meeting, reporter=_reporter(scene), position=1)
    shown = meeting_queries.unacknowledged_findings(meeting, [item])
    assert shown == {item.pk: ["未认问题（待认账）"]}


def test_the_combined_rating_reaches_scoring_as_the_chosen_source(scene) -> None:  # type: ignore[no-untyped-def]
    visit = inspection(scene)
    services.rate(actor=scene.inspector, visit=visit, score=Decimal("88.5"))
    reporter = _reporter(scene)
    taken = take_fact_finding_scores(
        actor=scene.admin, round=scene.round, kind="inspection", source="records"
    )
    assert taken.entered == 1
    stored = ReporterAssessment.objects.get(reporter=reporter, source="records")
    assert stored.score == Decimal("88.50") and "百分测评" in stored.note

"""One year of 述职评议考核 across the apps, with their REAL signal receivers connected.

The module fixture lives the year once through the services (tests/journey_year.py), inside one
transaction rolled back at the end; each test checks one part of it.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction
from django.test import Client, override_settings

from shuzhi.audit.models import AuditEntry
from shuzhi.meetings import box
from shuzhi.meetings import queries as meeting_queries
from shuzhi.rectification import queries as rectification_queries
from shuzhi.rectification.models import Interview, Problem
from shuzhi.reports import queries as report_queries
from shuzhi.reports.models import DutyReport
from shuzhi.scoring.models import OnsiteEvaluation, Result
from shuzhi.scoring.queries import line_context, stored_breakdown
from shuzhi.scoring.services import is_frozen
from tests.journey_year import (
    AUDITED,
    INSPECTED,
    NEW_COMMITMENT,
    REMARK,
    UNANNOUNCED,
    Year,
    live_the_year,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def year(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[Year]:
    quick = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        AXES_ENABLED=False,
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
    )
    with django_db_blocker.unblock(), quick, transaction.atomic():
        yield live_the_year()
        transaction.set_rollback(True)


# --- The checks ---------------------------------------------------------------------------


def test_the_agenda_waits_for_the_passed_report(year: Year) -> None:
    assert "尚未提交" in year.said["draft"]
    assert "第 2 步" in year.said["step1"]
    assert "退回" in year.said["returned"]
    assert year.said["self_problems_after_return"] == 0
    assert year.said["passed"] == ""
    agenda = meeting_queries.agenda(year.meeting)
    assert [i.reporter_id for i in agenda] == [r.pk for r in year.reporters]
    first = DutyReport.objects.get(reporter=year.reporters[0])
    assert first.status == "passed" and first.versions.count() == 2
    signers = {s.signed_by_id for s in first.versions.get(number=2).decisions.all()}
    assert len(signers) == 3


def test_report_problems_reach_the_problem_list(year: Year) -> None:
    own = rectification_queries.problem_list(year.towns[0])
    self_found = [p for p in own if p.source == "self"]
    assert len(self_found) == 3 and "软弱涣散村整顿" in self_found[0].text
    assert all(p.year == 2025 and p.round_id == year.round.pk for p in self_found)


def test_fact_finding_problems_reach_the_list_the_report_and_the_host(year: Year) -> None:
    first, second = year.towns
    sources = {p.text: (p.organization_id, p.source) for p in Problem.objects.all()}
    assert sources[f"{INSPECTED}（阵地建设）"] == (first.pk, "inspection")
    assert sources[f"{UNANNOUNCED}（便民服务）"] == (second.pk, "unannounced_visit")
    assert sources[f"{AUDITED}（党费收缴）"] == (first.pk, "audit")
    report = DutyReport.objects.get(reporter=year.reporters[0])
    items = {i.text: i.status for i in report_queries.items_to_answer(report)}
    assert items[f"{INSPECTED}（阵地建设）"] == "本轮调研摸底 · 待认账"
    assert items[f"{AUDITED}（党费收缴）"] == "本轮调研摸底 · 待认账"
    agenda = meeting_queries.agenda(year.meeting)
    shown = meeting_queries.unacknowledged_findings(year.meeting, agenda)
    by_reporter = {item.reporter_id: shown.get(item.pk, []) for item in agenda}
    assert len(by_reporter[year.reporters[0].pk]) == 2
    assert by_reporter[year.reporters[1].pk] == []  # town 2 accepted its finding


def test_the_meeting_gates_and_its_problems(year: Year) -> None:
    assert "至少指出 2 个" in year.said["one_problem"]
    assert "代表人数不足" in year.said["too_few"]
    for town in year.towns:
        superior = Problem.objects.filter(organization=town, source="superior")
        assert superior.count() == 2
        assert {p.raised_by_id for p in superior} == {year.users["boss"].pk}
    masses = Problem.objects.get(source="masses")
    assert (masses.organization_id, masses.text) == (year.towns[1].pk, REMARK)


def test_ballots_count_once_and_reach_scoring(year: Year) -> None:
    first, *_, again = year.receipts
    assert again.code == first.code and again.repeated and not first.repeated
    assert box.formal_box_count(year.meeting) == (4, 4)  # the repeated token counted once
    assert year.meeting.state == "closed" and year.meeting.digest
    leader = OnsiteEvaluation.objects.get(reporter=year.reporters[1], voter_category="leader")
    assert (leader.poor, leader.average, leader.good) == (2, 0, 0)
    masses = OnsiteEvaluation.objects.get(reporter=year.reporters[1], voter_category="masses")
    assert (masses.poor, masses.average) == (1, 1)
    assert (masses.meeting_id, masses.digest) == (year.meeting.pk, year.meeting.digest)
    good = OnsiteEvaluation.objects.get(reporter=year.reporters[0], voter_category="masses").good
    assert good == 2
    # The score the meeting showed is the on-site source scoring computed with.
    onsite = {r.reporter_id: Decimal(r.subtotals["onsite"]) for r in Result.objects.all()}
    shown = {row.item.reporter_id: row.score for row in meeting_queries.results(year.meeting).rows}
    assert shown == onsite == {year.reporters[0].pk: 100, year.reporters[1].pk: 15}


def test_scoring_hides_what_the_meeting_hides(year: Year) -> None:
    threshold = year.meeting.small_category_threshold
    results = meeting_queries.results(year.meeting)  # the meeting shows leader+masses merged
    voters = results.tally.voters_by_category
    assert all(sum(voters[c] for c in group) >= threshold for group in results.groups.values())
    client = Client()
    client.force_login(year.users["admin"])
    for reporter in year.reporters:
        url = f"/api/scoring/rounds/{year.round.pk}/results/{reporter.pk}"
        onsite = [line for line in client.get(url).json()["lines"] if line["source"] == "现场测评"]
        assert onsite and all(int(line["note"].split()[0]) >= threshold for line in onsite)


def test_results_published_frozen_and_interview_required(year: Year) -> None:
    results = list(Result.objects.filter(round=year.round).order_by("rank"))
    assert [r.reporter_id for r in results] == [r.pk for r in year.reporters]
    assert results[0].composite > results[1].composite
    context = line_context(year.round)
    for result in results:
        lines = stored_breakdown(result, context)
        assert sum(Decimal(line["points"]) for line in lines) == result.composite
    assert is_frozen(year.round) and "必须填写理由" in year.said["frozen"]
    assert year.said["with_reason"] == ""
    audited = AuditEntry.objects.filter(action="scoring.score.enter", reason="核实后更正")
    assert audited.count() == 1 and audited.get().after["points"] == "36"
    bottom = year.reporters[1]
    interview = Interview.objects.get(round_id=year.round.pk, reason="bottom_rank")
    assert (interview.person_id, interview.organization_id) == (
        bottom.person_id,
        bottom.organization_id,
    )
    assert interview.detail == "乡镇组第 2 名（共 2 名）"


def test_a_critique_problem_is_rectified_and_signed_off_above(year: Year) -> None:
    item = year.item
    assert item is not None and item.status == "closed"
    assert "上级" in year.said["owner_close"]
    assert item.closed_by_id == year.users["boss"].pk
    signed = AuditEntry.objects.get(action="rectification.item.close", object_id=str(item.pk))
    assert (signed.actor_id, signed.reason) == (year.users["boss"].pk, "现场核验")
    assert all(m.done_on for m in item.milestones.all()) and item.milestones.count() == 2


def test_next_year_report_answers_last_years_problems(year: Year) -> None:
    statuses = {i.text: i.status for i in year.next_items}
    assert statuses["第1人阵地建设滞后"] == "已销号"
    assert statuses["第1人发展党员不规范"] == "未立整改事项"
    self_found = [i for i in year.next_items if i.key.startswith("problem:") and i.source == "self"]
    assert len(self_found) == 3 and {i.status for i in self_found} == {"未立整改事项"}
    assert sum(1 for i in year.next_items if i.status == "去年承诺") >= 3
    assert "第2人阵地建设滞后" not in statuses  # another organisation's problem
    assert statuses[f"{INSPECTED}（阵地建设）"] == "未立整改事项"  # fact-finding carried over
    summary = rectification_queries.raised_by_me(year.users["boss"], 2025)
    assert (summary.raised, summary.closed, summary.open) == (4, 1, 3)
    assert summary.sentence() == "2025年我点评指出 4 个问题：已销号 1 个，未销号 3 个"


def test_next_year_answers_the_commitments_of_the_passed_version(year: Year) -> None:
    commitments = [i.text for i in year.next_items if i.status == "去年承诺"]
    assert NEW_COMMITMENT in commitments and len(commitments) == 4


def test_the_years_records_reach_scoring_and_the_performance_file(year: Year) -> None:
    from shuzhi.records.performance import performance_file
    from shuzhi.records.queries import records_scores
    from shuzhi.scoring.models import ReporterAssessment

    first, second = year.reporters
    assert year.said["records_taken"] == 2
    stored = {a.reporter_id: a for a in ReporterAssessment.objects.filter(source="records")}
    answers = records_scores(year.round.pk)
    # 165 of 180 days (0.9167) and no contact point: 40 + 60 × 0.4583 + 3 red points.
    assert stored[first.pk].score == answers[first.pk].score == Decimal("70.50")
    assert stored[second.pk].score == Decimal(40)
    assert "获评上级表彰" in stored[first.pk].detail
    client = Client()
    client.force_login(year.users["town1"])
    bulletin = client.get(f"/records/meetings/{year.said['bulletin'].pk}/bulletin/")
    assert "获评市级先进基层党组织" in bulletin.content.decode()
    sections = {s.key: s for s in performance_file(first.person).sections}
    assert sections["scoring.1.results"].rows[0][0] == "2025"
    assert sections["records.1.work"].rows == (("2025", "下基层驻村", "11", "11", "165"),)
    assert sections["records.2.merits"].rows[0][3] == "获评上级表彰"
    assert sections["rectification.2.items"].rows[0][5] == "已销号"


def test_the_years_report_cites_the_years_record_and_is_checked_by_it(year: Year) -> None:
    from shuzhi.reports.checking import Draft, record_figures, run_checks
    from shuzhi.reports.checks import Status

    report = DutyReport.objects.get(reporter=year.reporters[0])
    figures = {f.kind: f for f in record_figures(report) or []}
    assert figures["village_days"].sentence == "全年下基层驻村165天（目标180天）"
    for said, status in (("全年驻村165天。", Status.PASS), ("全年驻村200天。", Status.FAIL)):
        draft = Draft("structured", {"achievements": said}, "", {})
        finding = run_checks(report, draft=draft).by_rule("record_figures")
        assert finding is not None and finding.status is status


def test_the_other_county_sees_none_of_it(year: Year) -> None:
    other = year.users["admin_b"]
    assert not report_queries.visible_reporters(other).filter(round=year.round).exists()
    assert not meeting_queries.visible_meetings(other).filter(pk=year.meeting.pk).exists()
    assert not rectification_queries.visible_problems(other).exists()
    report = DutyReport.objects.filter(round=year.round).first()
    assert report is not None and year.item is not None
    other_client, own_client = Client(), Client()
    other_client.force_login(other)
    own_client.force_login(year.users["admin"])
    assert other_client.get("/api/reports/?limit=100").json()["items"] == []
    assert other_client.get("/api/meetings/").json() == []
    for url in (
        f"/api/scoring/rounds/{year.round.pk}/results",
        f"/api/scoring/rounds/{year.round.pk}/results/{report.reporter_id}",
        f"/api/rounds/{year.round.pk}",
        f"/api/reports/{report.pk}",
        f"/api/meetings/{year.meeting.pk}",
        f"/api/rectification/organizations/{year.towns[0].code}/problems",
        f"/api/rectification/items/{year.item.pk}",
    ):
        assert own_client.get(url).status_code == 200, url  # the county's own admin does see it
        assert other_client.get(url).status_code in (403, 404), url

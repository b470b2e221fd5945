"""One year of 述职评议考核 across the apps, with their REAL signal receivers connected.

A module fixture lives the year once through the services (round → reports → meeting →
scoring → rectification → next year's round), noting what each gate answered on the way; the
tests then check each part. Everything runs in one transaction rolled back at the end.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, TestCase, override_settings

from shuzhi.accounts.models import User
from shuzhi.audit.models import AuditEntry
from shuzhi.core.events import PriorItem
from shuzhi.meetings import ballots, box
from shuzhi.meetings import queries as meeting_queries
from shuzhi.meetings import services as meetings
from shuzhi.meetings.models import Meeting
from shuzhi.orgs.models import Organization, Representative
from shuzhi.rectification import queries as rectification_queries
from shuzhi.rectification import rules as item_rules
from shuzhi.rectification import services as rectification
from shuzhi.rectification.models import Interview, Problem, RectificationItem
from shuzhi.reports import queries as report_queries
from shuzhi.reports import services as reports
from shuzhi.reports.models import DutyReport
from shuzhi.rounds import services as rounds
from shuzhi.rounds.indicator_system import save_indicator_system
from shuzhi.rounds.models import Indicator, Reporter, Round
from shuzhi.scoring.computing import request_computation
from shuzhi.scoring.models import OnsiteEvaluation, Result
from shuzhi.scoring.publication import publish_results
from shuzhi.scoring.services import enter_score, is_frozen
from tests.factories import make_org, make_person, make_post, make_user
from tests.reports.texts import GOOD_SECTIONS
from tests.rounds.helpers import SYSTEM

pytestmark = pytest.mark.django_db

GATES = ["gate_problems", "gate_causes", "gate_measures", "gate_materials"]
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
REMARK = "村务公开不及时"
POINTS = {"1.1": (18, 12), "1.2": (19, 11), "2": (55, 35)}  # first reporter better everywhere


@dataclass
class Year:
    towns: list[Organization]
    county_b: Organization
    users: dict[str, User]
    round: Round
    reporters: list[Reporter]
    meeting: Meeting
    refusals: dict[str, str] = field(default_factory=dict)  # what each gate said, by step
    receipts: list[Any] = field(default_factory=list)
    next_items: list[PriorItem] = field(default_factory=list)
    item: RectificationItem | None = None


def _refusal(action: Any) -> str:
    """Run ``action`` expecting a refusal; the message, or "" when it was accepted."""
    try:
        with transaction.atomic():
            action()
    except (ValidationError, PermissionDenied) as refused:
        return " ".join(getattr(refused, "messages", None) or [str(refused)])
    return ""


def _cast() -> tuple[list[Organization], Organization, dict[str, User]]:
    city = make_org("测试市委", code="C")
    county_a, county_b = make_org("甲县委", city, code="C-A"), make_org("乙县委", city, code="C-B")
    towns = [make_org(f"甲{n}镇党委", county_a, code=f"C-A{n}") for n in (1, 2)]
    users = {}
    for n, town in enumerate(towns, 1):
        person = make_person(f"甲{n}书记", town)
        make_post(town, person)
        users[f"town{n}"] = make_user(f"town{n}", "secretary", town, person=person)
    boss = make_person("甲县书记", county_a)
    make_post(county_a, boss)
    users |= {
        "admin": make_user("admin_a", "admin", county_a),
        "reviewer": make_user("reviewer_a", "reviewer", county_a),
        "boss": make_user("boss_a", "secretary", county_a, person=boss),
        "city_reviewer": make_user("reviewer_c", "reviewer", city),
        "admin_b": make_user("admin_b", "admin", county_b),
    }
    return towns, county_b, users


def _round(towns: list[Organization], users: dict[str, User], year: int) -> Round:
    admin = users["admin"]
    round_ = rounds.create_round(actor=admin, hearing_organization=towns[0].parent, year=year)
    enrolled = rounds.enroll_reporters(actor=admin, round=round_, organizations=towns)
    rounds.update_settings(
        actor=admin,
        round=round_,
        values={"weight_indicators": 70, "weight_onsite": 30, "weight_superior": 0}
        | {"weight_leader": 50, "weight_representative": 0, "weight_member": 0}
        | {"weight_masses": 50},
    )
    rounds.set_peer_groups(actor=admin, round=round_, names=["乡镇组"])
    for reporter in enrolled:
        rounds.assign_peer_group(actor=admin, reporter=reporter, peer_group="乡镇组")
    save_indicator_system(actor=admin, round=round_, rows=SYSTEM)
    return round_


def _review(year: Year) -> None:
    """Both reports pass three steps; the first is returned once at step 2 and resubmitted."""
    users, meeting = year.users, year.meeting
    first = year.reporters[0]

    def try_agenda() -> str:
        return _refusal(
            lambda: meetings.add_to_agenda(actor=users["admin"], meeting=meeting, reporters=[first])
        )

    report_of = {}
    for n, reporter in enumerate(year.reporters, 1):
        author = users[f"town{n}"]
        report = reports.open_report(actor=author, reporter=reporter)
        year.refusals[f"draft{n}"] = try_agenda() if n == 1 else ""
        reports.save_draft(actor=author, report=report, sections=GOOD_SECTIONS, answers={})
        reports.submit(actor=author, report=report)
        report_of[n] = report
    first_report = report_of[1]
    reports.decide(actor=users["reviewer"], report=first_report, decision="pass", gates=GATES)
    year.refusals["step1"] = try_agenda()
    reports.decide(
        actor=users["boss"], report=first_report, decision="return", reasons="原因剖析不够深入"
    )
    year.refusals["returned"] = try_agenda()
    year.refusals["self_problems_after_return"] = str(
        Problem.objects.filter(organization=first.organization, source="self").count()
    )
    reports.submit(actor=users["town1"], report=first_report)
    for report in report_of.values():
        for reviewer in ("reviewer", "boss", "city_reviewer"):
            reports.decide(actor=users[reviewer], report=report, decision="pass", gates=GATES)
    year.refusals["passed"] = try_agenda()  # puts the first reporter on the agenda
    meetings.add_to_agenda(actor=users["admin"], meeting=meeting, reporters=year.reporters[1:])


def _meeting(year: Year) -> None:
    users, meeting = year.users, year.meeting
    county = meeting.hosting_organization
    items = list(meeting.agenda.order_by("position"))
    year.refusals["one_problem"] = _refusal(
        lambda: meetings.record_critique(actor=users["boss"], item=items[0], problems=["只一条"])
    )
    for n, item in enumerate(items, 1):
        problems = [f"第{n}人阵地建设滞后", f"第{n}人发展党员不规范"]
        meetings.record_critique(actor=users["boss"], item=item, problems=problems)
    meetings.add_comment(actor=users["reviewer"], item=items[1], text="要抓好村级组织建设")

    def attend(name: str, representative: bool) -> None:
        person = make_person(name, county)
        if representative:
            Representative.objects.create(organization=county, person=person, category="masses")
        meetings.sign_in(actor=users["admin"], meeting=meeting, person=person)

    for n in range(3):
        attend(f"列席{n}", representative=False)
    attend("群众代表0", representative=True)
    year.refusals["too_few"] = _refusal(lambda: box.open_box(actor=users["admin"], meeting=meeting))
    attend("群众代表1", representative=True)
    attend("群众代表2", representative=True)
    box.open_box(actor=users["admin"], meeting=meeting)
    ids = [str(r.pk) for r in year.reporters]
    tokens = ballots.issue_tokens(actor=users["admin"], meeting=meeting, category="leader", count=2)
    tokens += ballots.issue_tokens(
        actor=users["admin"], meeting=meeting, category="masses", count=2
    )

    def ballot(n: int) -> dict[str, Any]:
        second = {"grade": "poor" if n < 3 else "average", "remark": REMARK if n == 3 else ""}
        return {"ratings": {ids[0]: {"grade": "good"}, ids[1]: second}, "comment": ""}

    for n, token in enumerate(tokens):
        year.receipts.append(ballots.submit_ballot(raw_token=token, data=ballot(n)))
    year.receipts.append(ballots.submit_ballot(raw_token=tokens[0], data=ballot(0)))  # again
    year.meeting = box.close_box(actor=users["admin"], meeting=meeting)


def _scores(year: Year) -> None:
    users, round_ = year.users, year.round
    indicators = {i.code: i for i in Indicator.objects.filter(round=round_)}
    for code, points in POINTS.items():
        for reporter, value in zip(year.reporters, points, strict=True):
            enter_score(
                actor=users["reviewer"],
                reporter=reporter,
                indicator=indicators[code],
                points=Decimal(value),
            )
    with TestCase.captureOnCommitCallbacks(execute=True):
        request_computation(actor=users["admin"], round=round_)
    publish_results(
        actor=users["admin"], round=round_, starts_on=date(2026, 1, 5), ends_on=date(2026, 1, 12)
    )
    change = {
        "actor": users["reviewer"],
        "reporter": year.reporters[1],
        "indicator": indicators["2"],
        "points": Decimal(36),
    }
    year.refusals["frozen"] = _refusal(lambda: enter_score(**change))
    year.refusals["with_reason"] = _refusal(lambda: enter_score(**change, reason="核实后更正"))


def _rectify(year: Year) -> None:
    owner, boss = year.users["town1"], year.users["boss"]
    problem = Problem.objects.get(organization=year.towns[0], text="第1人阵地建设滞后")
    item = rectification.create_item(
        actor=owner,
        problem=problem,
        measures="年底前新建村级活动场所2个",
        deadline=date(2026, 6, 30),
        milestones=[("选址", date(2026, 2, 28))],
    )
    rectification.add_milestone(actor=owner, item=item, title="建成", due_date=date(2026, 6, 1))
    for milestone in item.milestones.all():
        rectification.complete_milestone(actor=owner, milestone=milestone, done_on=date(2026, 5, 1))
    upload = SimpleUploadedFile("场所照片.png", PNG, content_type="image/png")
    rectification.attach_evidence(actor=owner, item=item, upload=upload)
    for action in (item_rules.Action.START, item_rules.Action.SUBMIT):
        rectification.transition(actor=owner, item=item, action=action)
    close = item_rules.Action.CLOSE
    year.refusals["owner_close"] = _refusal(
        lambda: rectification.transition(actor=owner, item=item, action=close, reason="已完成")
    )
    year.item = rectification.transition(actor=boss, item=item, action=close, reason="现场核验")


@pytest.fixture(scope="module")
def year(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[Year]:
    quick = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        AXES_ENABLED=False,
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
    )
    with django_db_blocker.unblock(), quick, transaction.atomic():
        towns, county_b, users = _cast()
        round_ = _round(towns, users, 2025)
        meeting = meetings.create_meeting(
            actor=users["admin"], round=round_, held_on=date(2025, 12, 20)
        )
        reporters = list(Reporter.objects.filter(round=round_).order_by("organization__code"))
        journey = Year(towns, county_b, users, round_, reporters, meeting)
        _review(journey)
        _meeting(journey)
        _scores(journey)
        _rectify(journey)
        next_round = _round(towns, users, 2026)
        reporter = Reporter.objects.get(round=next_round, organization=towns[0])
        report = reports.open_report(actor=users["town1"], reporter=reporter)
        journey.next_items = report_queries.items_to_answer(report)
        yield journey
        transaction.set_rollback(True)


# --- The checks ---------------------------------------------------------------------------


def test_the_agenda_waits_for_the_passed_report(year: Year) -> None:
    assert "尚未提交" in year.refusals["draft1"]
    assert "第 2 步" in year.refusals["step1"]
    assert "退回" in year.refusals["returned"]
    assert year.refusals["self_problems_after_return"] == "0"
    assert year.refusals["passed"] == ""
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


def test_the_meeting_gates_and_its_problems(year: Year) -> None:
    assert "至少指出 2 个" in year.refusals["one_problem"]
    assert "代表人数不足" in year.refusals["too_few"]
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


def test_results_published_frozen_and_interview_required(year: Year) -> None:
    results = list(Result.objects.filter(round=year.round).order_by("rank"))
    assert [r.reporter_id for r in results] == [r.pk for r in year.reporters]
    assert results[0].composite > results[1].composite
    for result in results:
        assert sum(Decimal(line["points"]) for line in result.breakdown) == result.composite
    assert is_frozen(year.round) and "必须填写理由" in year.refusals["frozen"]
    assert year.refusals["with_reason"] == ""
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
    assert "上级" in year.refusals["owner_close"]
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
    assert sum(1 for i in year.next_items if i.status == "去年承诺") == 3
    assert "第2人阵地建设滞后" not in statuses  # another organisation's problem
    summary = rectification_queries.raised_by_me(year.users["boss"], 2025)
    assert (summary.raised, summary.closed, summary.open) == (4, 1, 3)
    assert summary.sentence() == "2025年我点评指出 4 个问题：已销号 1 个，未销号 3 个"


def test_the_other_county_sees_none_of_it(year: Year) -> None:
    other = year.users["admin_b"]
    assert not report_queries.visible_reporters(other).filter(round=year.round).exists()
    assert not meeting_queries.visible_meetings(other).filter(pk=year.meeting.pk).exists()
    assert not rectification_queries.visible_problems(other).exists()
    client = Client()
    client.force_login(other)
    listed = client.get("/api/reports/?limit=100").json()["items"]
    assert listed == []
    assert all(m["id"] != year.meeting.pk for m in client.get("/api/meetings/").json())
    assert client.get(f"/api/meetings/{year.meeting.pk}").status_code in (403, 404)
    report = DutyReport.objects.filter(round=year.round).first()
    assert report is not None
    for url in (
        f"/api/scoring/rounds/{year.round.pk}/results",
        f"/api/scoring/rounds/{year.round.pk}/results/{report.reporter_id}",
        f"/api/rounds/{year.round.pk}",
        f"/api/reports/{report.pk}",
        f"/api/rectification/items/{year.item.pk if year.item else 0}",
    ):
        assert client.get(url).status_code in (403, 404), url
    problems = client.get(f"/api/rectification/organizations/{year.towns[0].code}/problems")
    assert problems.status_code in (403, 404)
    own = Client()
    own.force_login(year.users["admin"])
    assert len(own.get(f"/api/scoring/rounds/{year.round.pk}/results").json()) == 2

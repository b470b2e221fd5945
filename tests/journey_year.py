"""Living one year of 述职评议考核 through the services of every app (for test_year_journey).

Round → reports → meeting → scoring → rectification → next year's round, with the apps' real
signal receivers; what each gate answered on the way is noted in ``Year.said``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import TestCase

from shuzhi.accounts.models import User
from shuzhi.core.events import PriorItem
from shuzhi.factfinding import audits as fact_audits
from shuzhi.factfinding import services as fact_finding
from shuzhi.meetings import ballots, box
from shuzhi.meetings import services as meetings
from shuzhi.meetings.models import Meeting
from shuzhi.orgs.models import Organization, Representative
from shuzhi.rectification import rules as item_rules
from shuzhi.rectification import services as rectification
from shuzhi.rectification.models import Problem, RectificationItem
from shuzhi.reports import queries as report_queries
from shuzhi.reports import services as reports
from shuzhi.rounds import services as rounds
from shuzhi.rounds.indicator_system import save_indicator_system
from shuzhi.rounds.models import Indicator, Reporter, Round
from shuzhi.scoring.computing import request_computation
from shuzhi.scoring.publication import publish_results
from shuzhi.scoring.services import enter_score, take_records_source
from tests.factories import make_org, make_person, make_post, make_user
from tests.reports.texts import GOOD_SECTIONS
from tests.rounds.helpers import SYSTEM

GATES = ["gate_problems", "gate_causes", "gate_measures", "gate_materials"]
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
REMARK = "村务公开不及时"
NEW_COMMITMENT = (
    "明年9月底前建成镇级党员教育实训基地。"  # added when the returned report is revised
)
D = Decimal
INSPECTED = "村级活动场所长期闲置"
UNANNOUNCED = "镇便民服务大厅工作日无人值守"
AUDITED = "党费收缴台账未按月登记"
POINTS = {"1.1": (18, 12), "1.2": (19, 11), "2": (55, 35)}  # first reporter better everywhere


@dataclass
class Year:
    towns: list[Organization]
    users: dict[str, User]
    round: Round
    reporters: list[Reporter]
    meeting: Meeting
    said: dict[str, Any] = field(default_factory=dict)  # what each gate answered, by step
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


def _cast() -> tuple[list[Organization], dict[str, User]]:
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
    return towns, users


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


def _fact_finding(year: Year) -> None:
    """Before the reports: an inspection group visits town 1 (a problem and a rating), an
    unannounced visit finds a problem in town 2 that its secretary accepts (认账), and a
    party-building audit of town 1 is reported with a finding."""
    users, round_ = year.users, year.round
    county = round_.hearing_organization
    admin = users["admin"]
    inspector_person = make_person("视察代表", county)
    Representative.objects.create(organization=county, person=inspector_person, category="cppcc")
    for n in range(3):
        Representative.objects.create(
            organization=county, person=make_person(f"视察成员{n}", county), category="masses"
        )
    users["inspector"] = make_user("inspector_a", "inspector", county, person=inspector_person)
    [group] = fact_finding.form_groups(actor=admin, round=round_, group_count=1)
    for town in year.towns:
        fact_finding.assign_unit(actor=admin, group=group, organization=town, methods=["site"])
    visit = fact_finding.record_visit(
        actor=users["inspector"],
        round=round_,
        organization=year.towns[0],
        kind="inspection",
        group=group,
        visited_on=date(2025, 11, 5),
    )
    fact_finding.record_finding(
        actor=users["inspector"], visit=visit, responsibility="阵地建设", text=INSPECTED
    )
    fact_finding.rate(actor=users["inspector"], visit=visit, score=D(82))
    unannounced = fact_finding.record_visit(
        actor=admin,
        round=round_,
        organization=year.towns[1],
        kind="unannounced",
        visited_on=date(2025, 11, 8),
    )
    found = fact_finding.record_finding(
        actor=admin, visit=unannounced, responsibility="便民服务", text=UNANNOUNCED
    )
    fact_finding.answer_finding(actor=users["town2"], finding=found, action="accept")
    audit = fact_audits.plan_audit(actor=admin, round=round_, organization=year.towns[0], seed="y")
    fact_audits.start_audit(actor=admin, audit=audit, today=date(2025, 10, 9))
    fact_audits.record_audit_finding(
        actor=admin, audit=audit, sampled=None, responsibility="党费收缴", text=AUDITED
    )
    for item in audit.checklist.all():
        fact_audits.score_item(actor=admin, item=item, awarded=item.max_points)
    fact_audits.issue_report(actor=admin, audit=audit, conclusion="", today=date(2025, 10, 20))


def _review(year: Year) -> None:
    """Both reports pass three steps; the first is returned once at step 2 and resubmitted."""
    users, meeting = year.users, year.meeting
    first = year.reporters[0]

    def try_agenda() -> str:
        return _refusal(
            lambda: meetings.add_to_agenda(actor=users["admin"], meeting=meeting, reporters=[first])
        )

    report_of = []
    for n, reporter in enumerate(year.reporters, 1):
        author = users[f"town{n}"]
        report = reports.open_report(actor=author, reporter=reporter)
        year.said.setdefault("draft", try_agenda())
        reports.save_draft(actor=author, report=report, sections=GOOD_SECTIONS, answers={})
        reports.submit(actor=author, report=report)
        report_of.append(report)
    first_report = report_of[0]
    reports.decide(actor=users["reviewer"], report=first_report, decision="pass", gates=GATES)
    year.said["step1"] = try_agenda()
    reports.decide(
        actor=users["boss"], report=first_report, decision="return", reasons="原因剖析不够深入"
    )
    year.said["returned"] = try_agenda()
    year.said["self_problems_after_return"] = Problem.objects.filter(source="self").count()
    revised = GOOD_SECTIONS | {"commitments": GOOD_SECTIONS["commitments"] + NEW_COMMITMENT}
    reports.save_draft(actor=users["town1"], report=first_report, sections=revised, answers={})
    reports.submit(actor=users["town1"], report=first_report)
    for report in report_of:
        for reviewer in ("reviewer", "boss", "city_reviewer"):
            reports.decide(actor=users[reviewer], report=report, decision="pass", gates=GATES)
    year.said["passed"] = try_agenda()  # puts the first reporter on the agenda
    meetings.add_to_agenda(actor=users["admin"], meeting=meeting, reporters=year.reporters[1:])


def _meeting(year: Year) -> None:
    users, meeting = year.users, year.meeting
    county = meeting.hosting_organization
    items = list(meeting.agenda.order_by("position"))
    year.said["one_problem"] = _refusal(
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
    year.said["too_few"] = _refusal(lambda: box.open_box(actor=users["admin"], meeting=meeting))
    attend("群众代表1", representative=True)
    attend("群众代表2", representative=True)
    box.open_box(actor=users["admin"], meeting=meeting)
    ids = [str(r.pk) for r in year.reporters]
    tokens = [
        token
        for category in ("leader", "masses")
        for token in ballots.issue_tokens(
            actor=users["admin"], meeting=meeting, category=category, count=2
        )
    ]

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
            score = {"reporter": reporter, "indicator": indicators[code], "points": D(value)}
            enter_score(actor=users["reviewer"], **score)
    with TestCase.captureOnCommitCallbacks(execute=True):
        request_computation(actor=users["admin"], round=round_)
    publish_results(
        actor=users["admin"], round=round_, starts_on=date(2026, 1, 5), ends_on=date(2026, 1, 12)
    )
    change = {"reporter": year.reporters[1], "indicator": indicators["2"], "points": D(36)}
    change["actor"] = users["reviewer"]
    year.said["frozen"] = _refusal(lambda: enter_score(**change))
    year.said["with_reason"] = _refusal(lambda: enter_score(**change, reason="核实后更正"))


def _records(year: Year) -> None:
    """January to November: town 1's secretary logs days in villages, the county confirms each
    month; a department's red entry passes the March joint meeting and its bulletin; at year
    end scoring takes the records source without another approval."""
    from shuzhi.records import merit_services
    from shuzhi.records import services as records

    users, town = year.users, year.towns[0]
    for month in range(1, 12):
        records.log_work(
            actor=users["town1"],
            organization=town,
            kind="village_days",
            occurred_on=date(2025, month, 8),
            place="甲1镇1村",
            text="驻村走访",
            days=D(15),
        )
        records.confirm_month(
            actor=users["reviewer"], organization=town, month=date(2025, month, 1)
        )
    county = town.parent
    assert county is not None
    rule = merit_services.set_rule(
        actor=users["admin"],
        organization=county,
        code="R1",
        color="red",
        title="获评上级表彰",
        points=D(3),
    )
    merit = merit_services.submit_merit(
        actor=users["admin"],
        submitting_unit=county,
        organization=town,
        rule=rule,
        occurred_on=date(2025, 3, 12),
        facts="获评市级先进基层党组织",
        person=year.reporters[0].person,
    )
    march = merit_services.hold_joint_meeting(
        actor=users["admin"],
        organization=county,
        month=date(2025, 3, 1),
        held_on=date(2025, 3, 28),
        approvers=[users["reviewer"]],
    )
    merit_services.decide_merit(actor=users["reviewer"], meeting=march, merit=merit, approve=True)
    year.said["bulletin"] = merit_services.publish_bulletin(actor=users["reviewer"], meeting=march)
    year.said["records_taken"] = take_records_source(actor=users["admin"], round=year.round)


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
    year.said["owner_close"] = _refusal(
        lambda: rectification.transition(actor=owner, item=item, action=close, reason="已完成")
    )
    year.item = rectification.transition(actor=boss, item=item, action=close, reason="现场核验")


def live_the_year() -> Year:
    towns, users = _cast()
    round_ = _round(towns, users, 2025)
    meeting = meetings.create_meeting(
        actor=users["admin"], round=round_, held_on=date(2025, 12, 20)
    )
    reporters = list(Reporter.objects.filter(round=round_).order_by("organization__code"))
    year = Year(towns, users, round_, reporters, meeting)
    _fact_finding(year)
    _review(year)
    _meeting(year)
    _records(year)
    _scores(year)
    _rectify(year)
    next_round = _round(towns, users, 2026)
    reporter = Reporter.objects.get(round=next_round, organization=towns[0])
    report = reports.open_report(actor=users["town1"], reporter=reporter)
    year.next_items = report_queries.items_to_answer(report)  # gathers prior_items_requested
    return year

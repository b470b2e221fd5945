"""Excel in and out for records (docs/workbooks.md): import of work-record entries and red/black
submissions collected by departments (all or nothing, row-numbered Chinese errors), the
month's submissions for the joint meeting, and a cadre's performance file."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from functools import partial
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from shuzhi.accounts.models import User
from shuzhi.core.workbook import (
    CellType,
    Column,
    RowError,
    SheetSchema,
    WorkbookInvalid,
    choice_map,
    new_workbook,
    open_workbook,
    read_sheet,
    workbook_bytes,
    write_sheet,
)
from shuzhi.orgs.models import Organization, Person
from shuzhi.records import merit_services, services
from shuzhi.records.models import JointMeeting, MeritRecord, MeritRule
from shuzhi.records.performance import PerformanceFile
from shuzhi.records.rules import WorkKind

WORK_LOGS = SheetSchema(
    "纪实",
    (
        Column("组织编码", key="organization"),
        Column("日期", CellType.DATE, key="occurred_on"),
        Column("工作类别", key="kind", choices=choice_map(WorkKind.choices)),
        Column("地点", key="place", width=20),
        Column("天数", CellType.NUMBER, required=False, places=1, key="days", width=8),
        Column("联系点编码", required=False, key="place_organization"),
        Column("参加人员", required=False, key="participants", width=20),
        Column("主要内容", key="text", width=40),
    ),
)

MERITS = SheetSchema(
    "红黑档案",
    (
        Column("报送单位编码", key="unit"),
        Column("对象组织编码", key="organization"),
        Column("对象人员编码", required=False, key="person"),
        Column("积分标准编号", key="rule"),
        Column("事实发生日期", CellType.DATE, key="occurred_on"),
        Column("事实", key="facts", width=40),
    ),
)


def template() -> bytes:
    workbook = new_workbook()
    write_sheet(workbook, WORK_LOGS, [], choice_lists=True)
    write_sheet(workbook, MERITS, [])
    return workbook_bytes(workbook)


def _nearest_rule(
    organization: Organization, code: str, rules: dict[tuple[str, str], MeritRule]
) -> MeritRule | None:
    """The rule with that code in the points table nearest above the organisation."""
    for path in reversed([*organization.ancestor_paths, organization.path]):
        if (path, code) in rules:
            return rules[(path, code)]
    return None


def apply_row(row: Any, errors: list[RowError], action: Callable[[], object]) -> None:
    """Run one row's service in a savepoint; its refusal becomes that row's error."""
    try:
        with transaction.atomic():
            action()
    except ValidationError as error:
        errors.append(RowError(row.sheet, row.number, "", "；".join(error.messages)))
    except PermissionDenied:
        errors.append(RowError(row.sheet, row.number, "", "您无权为该组织登记"))


@transaction.atomic
def import_records(*, actor: User, stream: IO[bytes]) -> tuple[int, int]:
    """Import both sheets; any bad row and nothing is written (WorkbookInvalid lists them all).
    Returns (work-record entries, red/black submissions)."""
    workbook = open_workbook(stream)
    errors: list[RowError] = []
    log_rows = list(read_sheet(workbook, WORK_LOGS, errors))
    merit_rows = list(read_sheet(workbook, MERITS, errors))
    workbook.close()
    codes = {row.text(k) for row in log_rows for k in ("organization", "place_organization")}
    codes |= {row.text(k) for row in merit_rows for k in ("unit", "organization")}
    organizations = {o.code: o for o in Organization.objects.filter(code__in=codes - {""})}
    people = {
        p.code: p
        for p in Person.objects.filter(code__in={row.text("person") for row in merit_rows} - {""})
    }
    rules = {
        (r.organization.path, r.code): r
        for r in MeritRule.objects.filter(is_active=True).select_related("organization")
    }

    def organization(row: Any, key: str, required: bool = True) -> Organization | None:
        code = row.text(key)
        if not code:
            if required:
                row.fail(key, "不能为空")
            return None
        found = organizations.get(code)
        if found is None:
            row.fail(key, f"找不到编码为「{code}」的组织")
        return found

    for row in log_rows:
        before = len(errors)
        org = organization(row, "organization")
        point = organization(row, "place_organization", required=False)
        values = {k: row.value(k) for k in ("occurred_on", "kind", "place", "text")}
        days = row.value("days")
        if org is None or len(errors) > before:
            continue
        log = partial(
            services.log_work,
            actor=actor,
            organization=org,
            days=days or Decimal(0),
            participants=row.text("participants"),
            place_organization=point,
            **values,
        )
        apply_row(row, errors, log)
    for row in merit_rows:
        before = len(errors)
        unit, org = organization(row, "unit"), organization(row, "organization")
        person = None
        if row.text("person"):
            person = people.get(row.text("person"))
            if person is None:
                row.fail("person", f"找不到编码为「{row.text('person')}」的人员")
        rule = _nearest_rule(org, row.text("rule"), rules) if org else None
        if org is not None and rule is None:
            row.fail("rule", f"「{org.name}」的上级没有编号为「{row.text('rule')}」的积分标准")
        occurred_on, facts = row.value("occurred_on"), row.value("facts")
        if unit is None or org is None or rule is None or len(errors) > before:
            continue
        submit = partial(
            merit_services.submit_merit,
            actor=actor,
            submitting_unit=unit,
            organization=org,
            rule=rule,
            person=person,
            occurred_on=occurred_on,
            facts=facts or "",
        )
        apply_row(row, errors, submit)
    if errors:
        raise WorkbookInvalid(sorted(errors, key=lambda e: (e.sheet != WORK_LOGS.name, e.row)))
    return len(log_rows), len(merit_rows)


SUBMISSIONS = SheetSchema(
    "红黑档案报送",
    (
        Column("序号", CellType.INTEGER, width=6),
        Column("类别", width=8),
        Column("对象组织", width=20),
        Column("对象组织编码"),
        Column("对象人员", width=10),
        Column("积分标准编号", width=10),
        Column("事项", width=30),
        Column("分值", CellType.NUMBER, number_format="+0.00;-0.00", width=8),
        Column("事实发生日期", CellType.DATE, width=12),
        Column("事实", width=40),
        Column("报送单位", width=20),
        Column("状态", width=10),
    ),
)


def submissions_workbook(meeting: JointMeeting, merits: Iterable[MeritRecord]) -> bytes:
    """The month's submissions for the joint meeting to decide."""
    workbook = new_workbook()
    rows = [
        [
            number,
            m.get_color_display(),
            m.organization.name,
            m.organization.code,
            m.person.name if m.person else "",
            m.rule.code,
            m.rule.title,
            m.points,
            m.occurred_on,
            m.facts,
            m.submitting_unit.name,
            m.get_status_display(),
        ]
        for number, m in enumerate(merits, start=1)
    ]
    heading = f"{meeting.organization.name}{meeting.month:%Y年%m月}红黑档案报送汇总"
    write_sheet(workbook, SUBMISSIONS, rows, heading=heading)
    return workbook_bytes(workbook)


def performance_workbook(file: PerformanceFile, today: date) -> bytes:
    """The performance file: the posts, then one sheet per section."""
    workbook = new_workbook()
    posts = SheetSchema(
        "任职经历",
        (
            Column("组织", width=24),
            Column("职务", width=20),
            Column("任职日期", CellType.DATE),
            Column("离任日期", CellType.DATE, required=False),
        ),
    )
    write_sheet(
        workbook,
        posts,
        [[p.organization.name, p.get_role_display(), p.start_date, p.end_date] for p in file.posts],
        heading=f"{file.person.name}（{file.person.code}）干部个人业绩档案 · {today:%Y-%m-%d}",
    )
    for section in file.sections:
        schema = SheetSchema(section.title, tuple(Column(c, width=16) for c in section.columns))
        write_sheet(workbook, schema, [list(r) for r in section.rows])
    return workbook_bytes(workbook)

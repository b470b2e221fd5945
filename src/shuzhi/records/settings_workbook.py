"""The records settings as Excel (docs/workbooks.md): an organisation's points table (红黑档案
积分标准) and a round's work-record targets (纪实目标). Each exports in the layout it imports
from; an import is all or nothing, every bad row named with its row and column, and goes
through the same services (and audit) as the settings pages."""

from __future__ import annotations

from decimal import Decimal
from functools import partial
from typing import IO

from django.core.exceptions import ValidationError
from django.db import transaction

from shuzhi.accounts.access import require
from shuzhi.accounts.models import User
from shuzhi.core.workbook import (
    CellType,
    Column,
    Row,
    RowError,
    SheetSchema,
    WorkbookInvalid,
    choice_map,
    new_workbook,
    read_one_sheet,
    workbook_bytes,
    write_sheet,
)
from shuzhi.orgs.models import Organization
from shuzhi.records import merit_services, rules, services
from shuzhi.records.models import MeritRule
from shuzhi.records.workbook import apply_row
from shuzhi.rounds.models import Round

YES_NO = {"是": "yes", "否": "no"}

RULES = SheetSchema(
    "积分标准",
    (
        Column("编号", key="code", width=10),
        Column("类别", key="color", choices=choice_map(rules.MeritColor.choices), width=8),
        Column("事项", key="title", width=40),
        Column("分值", CellType.NUMBER, places=2, number_format="0.00", key="points", width=8),
        Column("有效", required=False, key="active", choices=YES_NO, width=6),
    ),
)

TARGETS = SheetSchema(
    "纪实目标",
    (
        Column("工作类别", key="kind", choices=choice_map(rules.WorkKind.choices), width=16),
        Column(
            "计量",
            required=False,
            key="measure",
            choices=choice_map(rules.TargetMeasure.choices),
            width=10,
        ),
        Column("年度目标", CellType.NUMBER, places=1, number_format="0.0", key="minimum"),
        Column(
            "每个联系点天数",
            CellType.NUMBER,
            required=False,
            places=1,
            number_format="0.0",
            key="days_per_place",
        ),
    ),
)


def _refuse_duplicates(row: Row, column: str, seen: dict[str, int]) -> None:
    value = row.text(column)
    if value in seen:
        row.fail(column, f"「{value}」与第 {seen[value]} 行重复")
    seen.setdefault(value, row.number)


def _read(stream: IO[bytes], schema: SheetSchema, errors: list[RowError]) -> list[Row]:
    rows = read_one_sheet(stream, schema, errors)
    if not rows and not errors:
        errors.append(RowError(schema.name, 0, "", "没有数据行"))
    return rows


# --- The points table ---------------------------------------------------------------------


def rules_workbook(organization: Organization) -> bytes:
    """The organisation's points table, red then black, retired rules included (有效 否)."""
    workbook = new_workbook()
    rows = [
        [r.code, r.get_color_display(), r.title, r.points, "是" if r.is_active else "否"]
        for r in MeritRule.objects.filter(organization=organization).order_by("-color", "code")
    ]
    write_sheet(workbook, RULES, rows)
    return workbook_bytes(workbook)


@transaction.atomic
def import_rules(*, actor: User, organization: Organization, stream: IO[bytes]) -> int:
    """Add or change the rows of the organisation's points table; rules the file does not name
    stay as they are. Any bad row and nothing is written (WorkbookInvalid lists them all)."""
    require(actor, "records.manage", organization)
    errors: list[RowError] = []
    rows = _read(stream, RULES, errors)
    seen: dict[str, int] = {}
    for row in rows:
        before = len(errors)
        _refuse_duplicates(row, "code", seen)
        values = {key: row.value(key) for key in ("code", "color", "title", "points")}
        active = row.value("active") != "no"
        if len(errors) > before:
            continue
        change = partial(
            merit_services.set_rule,
            actor=actor,
            organization=organization,
            is_active=active,
            **values,
        )
        apply_row(row, errors, change)
    if errors:
        raise WorkbookInvalid(errors)
    return len(rows)


# --- A round's work-record targets ------------------------------------------------------------


def targets_workbook(round: Round) -> bytes:
    """The round's targets (the seeds' examples when it has set none of its own)."""
    workbook = new_workbook()
    rows = [
        [
            rules.WorkKind(t.kind).label,
            rules.TargetMeasure(t.measure).label,
            t.minimum,
            t.days_per_place if t.measure == rules.TargetMeasure.PLACES else None,
        ]
        for t in services.stored_targets(round)
    ]
    write_sheet(workbook, TARGETS, rows)
    return workbook_bytes(workbook)


def _target(row: Row) -> rules.Target | None:
    """One row as a target, or None with the row's errors recorded."""
    kind, measure = row.value("kind"), row.value("measure")
    minimum, per_place = row.value("minimum"), row.value("days_per_place")
    if kind is None or minimum is None:
        return None
    expected = rules.TARGET_MEASURES[kind]
    if measure is not None and measure != expected:
        row.fail(
            "measure", f"「{rules.WorkKind(kind).label}」按{rules.TargetMeasure(expected).label}计"
        )
    if minimum < 0:
        row.fail("minimum", "不能为负数")
    if expected == rules.TargetMeasure.PLACES:
        if per_place is None:
            row.fail("days_per_place", "联系点目标须填写每个联系点的天数（例如 30）")
        elif not Decimal(0) <= per_place <= Decimal(366):
            row.fail("days_per_place", "须在 0 到 366 之间")
    elif per_place:
        row.fail("days_per_place", "只有联系点工作按每个联系点的天数计")
    places = (per_place or Decimal(0)) if expected == rules.TargetMeasure.PLACES else Decimal(0)
    return rules.Target(kind, expected, minimum, places)


@transaction.atomic
def import_targets(*, actor: User, round: Round, stream: IO[bytes]) -> int:
    """Replace the round's targets with the sheet's (one per kind); any bad row and nothing
    changes (WorkbookInvalid lists them all)."""
    require(actor, "records.manage", round.hearing_organization)
    errors: list[RowError] = []
    rows = _read(stream, TARGETS, errors)
    seen: dict[str, int] = {}
    targets = []
    for row in rows:
        before = len(errors)
        _refuse_duplicates(row, "kind", seen)
        target = _target(row)
        if target is not None and len(errors) == before:
            targets.append(target)
    if errors:
        raise WorkbookInvalid(errors)
    try:
        services.set_targets(actor=actor, round=round, targets=targets)
    except ValidationError as error:
        raise WorkbookInvalid([RowError(TARGETS.name, 0, "", "；".join(error.messages))]) from None
    return len(targets)

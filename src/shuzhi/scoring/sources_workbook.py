"""Importing on-site tallies and other sources' scores from Excel, all or nothing.

Sheets: 现场测评 (组织编码, 测评人类别, 好, 较好, 一般, 差) and 其他得分 (组织编码, 来源, 得分,
说明). Any bad row → nothing is written, and every bad row is reported with its sheet and row.
"""

from __future__ import annotations

from decimal import Decimal
from typing import IO, Any

from django.db import transaction

from shuzhi.accounts.models import User
from shuzhi.core.vocabulary.grades import EvaluationGrade
from shuzhi.core.vocabulary.sources import ASSESSED_SOURCE_CHOICES, VoterCategory
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
from shuzhi.rounds.models import Round
from shuzhi.scoring.models import SourceOrigin
from shuzhi.scoring.services import check_reason, record_assessment, record_onsite

GRADE_COLUMNS = EvaluationGrade.by_label()
ONSITE = SheetSchema(
    "现场测评",
    (
        Column("组织编码"),
        Column("测评人类别", width=16, choices=choice_map(VoterCategory.choices)),
        *(Column(label, CellType.INTEGER, required=False, width=8) for label in GRADE_COLUMNS),
    ),
)
OTHER = SheetSchema(
    "其他得分",
    (
        Column("组织编码"),
        Column("来源", width=12, choices=choice_map(ASSESSED_SOURCE_CHOICES)),
        Column("得分", CellType.NUMBER, number_format="0.00##"),
        Column("说明", required=False, width=30),
    ),
)


def template() -> bytes:
    workbook = new_workbook()
    write_sheet(workbook, ONSITE, [["C-A1", "两代表一委员", 20, 8, 2, 0]], choice_lists=True)
    write_sheet(workbook, OTHER, [["C-A1", "上级评价", 88.5, "市委书记评价"]], choice_lists=True)
    return workbook_bytes(workbook)


def import_sources(*, actor: User, round: Round, stream: IO[bytes], reason: str = "") -> int:
    """Apply every row of both sheets, or none; returns the number of rows applied.

    Columns are found by their headers, so a reordered or extended sheet reads the same.
    """
    check_reason(round, reason)
    workbook = open_workbook(stream)
    reporters = {r.organization.code: r for r in round.reporters.select_related("organization")}
    errors: list[RowError] = []
    onsite: list[tuple[Any, str, dict[str, int]]] = []
    other: list[tuple[Any, str, Decimal, str]] = []
    try:
        if not any(name in workbook.sheetnames for name in (ONSITE.name, OTHER.name)):
            errors.append(
                RowError("", 0, "", "工作簿中没有「现场测评」或「其他得分」表，请使用下载的模板。")
            )
        for row in read_sheet(workbook, ONSITE, errors):
            reporter = reporters.get(row.required_text("组织编码"))
            category = row.value("测评人类别")
            counts = {grade: row.count(column) for column, grade in GRADE_COLUMNS.items()}
            if reporter is None and row.text("组织编码"):
                row.fail("组织编码", "不是本轮述职人的组织。")
            if reporter and category:
                onsite.append((reporter, category, counts))
        for row in read_sheet(workbook, OTHER, errors):
            reporter = reporters.get(row.required_text("组织编码"))
            source = row.value("来源")
            score = row.value("得分")
            if score is not None and not Decimal(0) <= score <= Decimal(100):
                row.fail("得分", "须为 0 到 100 之间的数字。")
                score = None
            if reporter is None and row.text("组织编码"):
                row.fail("组织编码", "不是本轮述职人的组织。")
            if reporter and source and score is not None:
                other.append((reporter, source, score, row.text("说明")))
    finally:
        workbook.close()
    if errors:
        raise WorkbookInvalid(errors)
    with transaction.atomic():
        for reporter, category, counts in onsite:
            record_onsite(
                actor=actor,
                reporter=reporter,
                voter_category=category,
                counts=counts,
                origin=SourceOrigin.IMPORT,
                reason=reason,
            )
        for reporter, source, score, note in other:
            record_assessment(
                actor=actor,
                reporter=reporter,
                source=source,
                score=score,
                note=note[:200],
                origin=SourceOrigin.IMPORT,
                reason=reason,
            )
    return len(onsite) + len(other)

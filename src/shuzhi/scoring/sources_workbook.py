"""Importing on-site tallies and other sources' scores from Excel, all or nothing.

Sheets: 现场测评 (组织编码, 测评人类别, 好, 较好, 一般, 差) and 其他得分 (组织编码, 来源, 得分,
说明). Any bad row → nothing is written, and every bad row is reported with its sheet and row.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from io import BytesIO
from typing import IO, Any

from django.db import transaction
from openpyxl import Workbook, load_workbook

from shuzhi.accounts.models import User
from shuzhi.core.vocabulary.sources import ASSESSED_SOURCE_CHOICES, VoterCategory
from shuzhi.rounds.models import Round
from shuzhi.scoring.models import SourceOrigin
from shuzhi.scoring.services import check_reason, record_assessment, record_onsite
from shuzhi.scoring.workbook import RoundWorkbookError, RowError

ONSITE = "现场测评"
OTHER = "其他得分"
ONSITE_HEADERS = ("组织编码", "测评人类别", "好", "较好", "一般", "差")
OTHER_HEADERS = ("组织编码", "来源", "得分", "说明")
GRADE_COLUMNS = {"好": "good", "较好": "fair", "一般": "average", "差": "poor"}


def template() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = ONSITE
    sheet.append(ONSITE_HEADERS)
    sheet.append(["C-A1", "两代表一委员", 20, 8, 2, 0])
    other = workbook.create_sheet(OTHER)
    other.append(OTHER_HEADERS)
    other.append(["C-A1", "上级评价", 88.5, "市委书记评价"])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def import_sources(*, actor: User, round: Round, stream: IO[bytes], reason: str = "") -> int:
    """Apply every row of both sheets, or none; returns the number of rows applied."""
    check_reason(round, reason)
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise RoundWorkbookError(
            [RowError("", 0, "", "文件不是有效的 Excel（.xlsx）工作簿。")]
        ) from error
    reporters = {r.organization.code: r for r in round.reporters.select_related("organization")}
    categories = {str(label): value for value, label in VoterCategory.choices}
    sources = {str(label): value for value, label in ASSESSED_SOURCE_CHOICES}
    errors: list[RowError] = []
    onsite: list[tuple[Any, str, dict[str, int]]] = []
    other: list[tuple[Any, str, Decimal, str]] = []
    for number, cells in _rows(workbook, ONSITE, ONSITE_HEADERS):
        reporter = reporters.get(str(cells["组织编码"]).strip())
        category = categories.get(str(cells["测评人类别"]).strip())
        counts: dict[str, int] = {}
        for column, grade in GRADE_COLUMNS.items():
            value = cells[column] or 0
            if not isinstance(value, int) or value < 0:
                errors.append(RowError(ONSITE, number, column, "票数必须是非负整数。"))
            else:
                counts[grade] = value
        if reporter is None:
            errors.append(RowError(ONSITE, number, "组织编码", "不是本轮述职人的组织。"))
        if category is None:
            errors.append(RowError(ONSITE, number, "测评人类别", "类别无效。"))
        if reporter and category and len(counts) == 4:
            onsite.append((reporter, category, counts))
    for number, cells in _rows(workbook, OTHER, OTHER_HEADERS):
        reporter = reporters.get(str(cells["组织编码"]).strip())
        source = sources.get(str(cells["来源"]).strip())
        try:
            score = Decimal(str(cells["得分"]).strip())
            if not Decimal(0) <= score <= Decimal(100):
                raise InvalidOperation
        except InvalidOperation:
            errors.append(RowError(OTHER, number, "得分", "须为 0 到 100 之间的数字。"))
            score = None
        if reporter is None:
            errors.append(RowError(OTHER, number, "组织编码", "不是本轮述职人的组织。"))
        if source is None:
            errors.append(RowError(OTHER, number, "来源", "来源无效。"))
        if reporter and source and score is not None:
            other.append((reporter, source, score, str(cells["说明"] or "")))
    if errors:
        raise RoundWorkbookError(errors)
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


def _rows(workbook: Any, name: str, headers: tuple[str, ...]) -> list[tuple[int, dict[str, Any]]]:
    if name not in workbook.sheetnames:
        return []
    found = []
    for number, values in enumerate(workbook[name].iter_rows(min_row=2, values_only=True), 2):
        if not any(v not in (None, "") for v in values):
            continue
        padded = list(values) + [None] * len(headers)
        found.append((number, {h: padded[i] for i, h in enumerate(headers)}))
    return found

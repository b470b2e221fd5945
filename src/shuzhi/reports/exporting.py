"""The secretaries' objections to automatic findings as a workbook for the reviewers.

The sheet (checks/feedback.py: 误判反馈) is what the training reads back, so a reviewer
confirms or corrects 应属部分 and 用于训练 in Excel and the file becomes labelled data.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import BinaryIO

from django.utils import timezone

from shuzhi.core.workbook import PrintSetup, new_workbook, write_sheet
from shuzhi.reports.checks import from_sections
from shuzhi.reports.checks.feedback import OBJECTIONS, export_row
from shuzhi.reports.models import FindingObjection, Mode


def _report_text(objection: FindingObjection) -> str:
    """The text the objection's offsets refer to: the version it was made on, else the draft.
    An uploaded text is taken as it is (classifying it again would tell nothing more)."""
    version, report = objection.version, objection.report
    if version is not None:
        text = version.text if version.mode == Mode.UPLOADED else ""
        sections = dict(version.sections)
        mode = version.mode
    else:
        text, sections, mode = report.uploaded_text, report.sections(), report.mode
    if mode == Mode.UPLOADED:
        return text.replace("\r\n", "\n").replace("\r", "\n")
    return from_sections(sections).text


def objection_rows(objections: Iterable[FindingObjection]) -> list[list[object]]:
    rows = []
    for number, objection in enumerate(objections, start=1):
        report = objection.report
        author = objection.created_by
        rows.append(
            export_row(
                number=number,
                round_name=report.round.name,
                organization=report.organization.name,
                rule=objection.rule,
                text=objection.text,
                report_text=_report_text(objection),
                start=objection.start,
                section=objection.section,
                note=objection.note,
                reason=objection.reason,
                correct_section=objection.correct_section,
                by=author.get_full_name() or author.username,
                on=timezone.localtime(objection.created_at).date(),
            )
        )
    return rows


def write_objections(objections: Iterable[FindingObjection], stream: BinaryIO, unit: str) -> int:
    """Write the objections as the 误判反馈 sheet (.xlsx); returns the row count. No title row:
    the training reads the header from row 1."""
    book = new_workbook()
    rows = objection_rows(objections)
    write_sheet(
        book,
        OBJECTIONS,
        rows,
        print_setup=PrintSetup(unit=unit, made_on=timezone.localdate()),
        choice_lists=True,
    )
    book.save(stream)
    return len(rows)

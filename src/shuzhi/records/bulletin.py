"""Word documents: the monthly bulletin (红黑榜通报) and the cadre's performance file, both
headed tables written the same way."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from io import BytesIO

from docx import Document
from docx.document import Document as DocumentType
from docx.shared import Pt

from shuzhi.records.models import JointMeeting, MeritRecord
from shuzhi.records.performance import PerformanceFile


def new_document() -> DocumentType:
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "SimSun"
    style.font.size = Pt(12)
    return document


def add_table(
    document: DocumentType, columns: Sequence[str], rows: Sequence[Sequence[str]]
) -> None:
    table = document.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    for cell, title in zip(table.rows[0].cells, columns, strict=True):
        cell.text = title
    for values in rows:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value


def to_bytes(document: DocumentType) -> bytes:
    stream = BytesIO()
    document.save(stream)
    return stream.getvalue()


def bulletin_rows(entries: Sequence[MeritRecord]) -> list[list[str]]:
    return [
        [
            str(number),
            entry.organization.name + (f"（{entry.person.name}）" if entry.person else ""),
            entry.rule.title,
            entry.facts,
            f"{entry.points:+.2f}",
            entry.submitting_unit.name,
        ]
        for number, entry in enumerate(entries, start=1)
    ]


BULLETIN_COLUMNS = ("序号", "对象", "事项", "事实", "分值", "报送单位")


def bulletin_docx(meeting: JointMeeting, entries: Sequence[MeritRecord]) -> bytes:
    """The month's approved entries, red then black, as the joint meeting decided them."""
    document = new_document()
    document.add_heading(
        f"{meeting.organization.name}{meeting.month:%Y年%m月}党建工作红黑榜通报", level=1
    )
    document.add_paragraph(
        f"经 {meeting.held_on:%Y年%m月%d日} 红黑档案联席会议审议，现将本月红黑榜通报如下。"
    )
    for heading, color in (("一、红榜", "red"), ("二、黑榜", "black")):
        document.add_heading(heading, level=2)
        mine = [e for e in entries if e.color == color]
        if mine:
            add_table(document, BULLETIN_COLUMNS, bulletin_rows(mine))
        else:
            document.add_paragraph("本月无。")
    return to_bytes(document)


def performance_docx(file: PerformanceFile, today: date) -> bytes:
    """The performance file as Word: posts, then every app's section as a table."""
    document = new_document()
    document.add_heading(f"{file.person.name}干部个人业绩档案", level=1)
    document.add_paragraph(f"人员编码 {file.person.code} · 制表日期 {today:%Y年%m月%d日}")
    document.add_heading("任职经历", level=2)
    add_table(
        document,
        ("组织", "职务", "任职日期", "离任日期"),
        [
            [
                p.organization.name,
                p.get_role_display(),
                f"{p.start_date:%Y-%m-%d}",
                f"{p.end_date:%Y-%m-%d}" if p.end_date else "至今",
            ]
            for p in file.posts
        ],
    )
    for section in file.sections:
        document.add_heading(section.title, level=2)
        add_table(document, section.columns, section.rows)
    return to_bytes(document)

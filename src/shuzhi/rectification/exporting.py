"""The ledger as an Excel workbook and the written rectification report as a Word document."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import BinaryIO

from docx import Document
from docx.shared import Pt
from openpyxl.styles import Alignment

from shuzhi.core.vocabulary.sources import ProblemSource
from shuzhi.core.workbook import (
    CellType,
    Column,
    PrintSetup,
    SheetSchema,
    new_workbook,
    write_sheet,
)
from shuzhi.orgs.models import Organization
from shuzhi.rectification import queries
from shuzhi.rectification.models import RectificationItem

# The usual ledger layout (整改台账): one row per item, these columns in this order.
LEDGER = SheetSchema(
    "整改台账",
    (
        Column("序号", CellType.INTEGER, width=6),
        Column("组织", width=18),
        Column("问题", width=40),
        Column("来源", width=10),
        Column("整改措施", width=40),
        Column("第一责任人", width=10),
        Column("直接责任人", width=10),
        Column("时限", CellType.DATE, width=12),
        Column("进展", width=30),
        Column("状态", width=10),
        Column("销号情况", width=24),
    ),
)


def _closing_cell(item: RectificationItem) -> str:
    if item.closed_on is None:
        return item.return_reason and f"退回：{item.return_reason}"
    timing = "按期" if item.closed_on_time else "逾期"
    return f"{item.closed_on:%Y-%m-%d} {timing}销号：{item.close_reason}"


def ledger_rows(items: Iterable[RectificationItem], today: date) -> list[list[object]]:
    rows: list[list[object]] = []
    for number, item in enumerate(items, start=1):
        rows.append(
            [
                number,
                item.organization.name,
                item.problem.text,
                ProblemSource(item.problem.source).label,
                item.measures,
                item.first_responsible.name,
                item.direct_responsible.name if item.direct_responsible else "",
                item.deadline,
                item.progress,
                queries.item_status(item, today),
                _closing_cell(item),
            ]
        )
    return rows


def write_ledger(
    organization: Organization, stream: BinaryIO, *, subtree: bool = True, today: date
) -> int:
    """Write the ledger of ``organization`` (and its subtree) as .xlsx; returns the row count."""
    book = new_workbook()
    rows = ledger_rows(queries.ledger(organization, subtree=subtree), today)
    sheet = write_sheet(
        book,
        LEDGER,
        rows,
        heading=f"{organization.name}问题整改台账（截至 {today:%Y年%m月%d日}）",
        print_setup=PrintSetup(unit=organization.name, made_on=today),
    )
    for line in sheet.iter_rows(min_row=3):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    book.save(stream)
    return len(rows)


def write_report(organization: Organization, stream: BinaryIO, *, today: date) -> None:
    """The written rectification report (整改情况报告) for one organisation and its subtree."""
    items = list(queries.ledger(organization, subtree=True))
    tally = queries.total_of(queries.subtree_dashboard(organization, today))
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "SimSun"
    style.font.size = Pt(12)
    document.add_heading(f"{organization.name}关于问题整改情况的报告", level=1)
    document.add_paragraph(f"（截至 {today:%Y年%m月%d日}）")
    document.add_heading("一、总体情况", level=2)
    document.add_paragraph(
        f"共有整改事项 {tally.total} 项，已销号 {tally.closed} 项（其中按期销号 "
        f"{tally.closed_on_time} 项），正在整改 {tally.open} 项，已逾期未销号 {tally.overdue} 项。"
    )
    document.add_heading("二、逐项整改情况", level=2)
    table = document.add_table(rows=1, cols=6)
    table.style = "Table Grid"
    for cell, title in zip(
        table.rows[0].cells, ["序号", "问题", "整改措施", "责任人", "时限", "状态"], strict=True
    ):
        cell.text = title
    for number, item in enumerate(items, start=1):
        values = [
            str(number),
            f"{item.problem.text}（{item.organization.name}）",
            item.measures,
            item.first_responsible.name,
            f"{item.deadline:%Y-%m-%d}",
            queries.item_status(item, today),
        ]
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value
    document.add_heading("三、下一步工作", level=2)
    overdue = [item for item in items if item.is_overdue_on(today)]
    if overdue:
        for item in overdue:
            document.add_paragraph(
                f"{item.problem.text}：已逾期，须于近期完成整改并提交销号。", style="List Bullet"
            )
    else:
        document.add_paragraph("对尚未销号的事项，按路线图和时间表推进，确保问题不解决不销号。")
    document.save(stream)

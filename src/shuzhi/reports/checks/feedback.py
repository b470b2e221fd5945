"""The secretaries' "this finding is wrong" marks as labelled sentences (no Django).

Reviewers download the marks as a workbook (误判反馈, one row per mark), confirm or correct
应属部分 and 用于训练, and the training reads the same sheet back
(``python -m shuzhi.reports.checks.training --objections FILE.xlsx``): each confirmed row is one
sentence labelled with its part, with the heading it stood under and its place in the report,
which is the context the classifier reads it in.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import IO

from shuzhi.core.workbook import (
    CellType,
    Column,
    RowError,
    SheetSchema,
    WorkbookInvalid,
    open_workbook,
    read_sheet,
)
from shuzhi.reports.checks.model import SECTION_LABELS, Category
from shuzhi.reports.checks.text import is_heading, paragraphs

# Which part a sentence belongs to, by its label on the pages (as FindingObjection's choices).
PART_CHOICES = {label: category.value for category, label in SECTION_LABELS.items()}
YES_NO = {"是": "yes", "否": "no"}
# The findings' titles, as the check page shows them.
RULE_LABELS = {
    "shares": "篇幅比例",
    "placeholders": "未完成文字",
    "density": "数据与事例",
    "examples": "具体事例",
    "phrases": "套话空话",
    "copying": "雷同内容",
    "responsiveness": "回应上年问题",
    "first_person": "本人履职",
    "causes": "原因剖析",
    "pairing": "问题与措施对应",
    "record_figures": "纪实数据核对",
}

OBJECTIONS = SheetSchema(
    "误判反馈",
    (
        Column("序号", CellType.INTEGER, width=6, key="number"),
        Column("轮次", width=18, key="round", required=False),
        Column("组织", width=18, key="organization", required=False),
        Column("检查项", width=14, key="rule", required=False),
        Column("所指句子", width=50, key="text"),
        Column("所在标题", width=24, key="heading", required=False),
        Column("在全文位置（%）", CellType.INTEGER, width=10, key="position", required=False),
        Column("检查时计入", width=12, key="section", required=False),
        Column("检查的理由", width=30, key="note", required=False),
        Column("误判理由", width=40, key="reason", required=False),
        Column("应属部分", width=12, key="part", required=False, choices=PART_CHOICES),
        Column("用于训练", width=8, key="use", required=False, choices=YES_NO),
        Column("反馈人", width=10, key="by", required=False),
        Column("反馈时间", CellType.DATE, width=12, key="on", required=False),
    ),
)


@dataclass(frozen=True)
class LabelledSentence:
    """A sentence a reviewer has labelled: its text, part, heading and place (0–1)."""

    text: str
    category: Category
    heading: str = ""
    position: float = 0.5


def heading_before(text: str, offset: int) -> str:
    """The heading line a sentence at ``offset`` stands under (a sub-heading if there is one
    since the last top heading), or "" if none precedes it."""
    top = sub = ""
    for line in paragraphs(text):
        if line.start > offset:
            break
        level = is_heading(line.text)
        if level == 1:
            top, sub = line.text, ""
        elif level == 2:
            sub = line.text
    return sub or top


def export_row(
    *,
    number: int,
    round_name: str,
    organization: str,
    rule: str,
    text: str,
    report_text: str,
    start: int,
    section: str,
    note: str,
    reason: str,
    correct_section: str,
    by: str,
    on: object,
) -> list[object]:
    """One mark as a row of OBJECTIONS. A mark that names the right part is proposed for
    training (用于训练 是); the reviewer may say 否."""
    found = report_text.find(text)
    at = start if report_text[start : start + len(text)] == text else max(found, 0)
    part = SECTION_LABELS.get(Category(correct_section), "") if correct_section else ""
    section_label = SECTION_LABELS[Category(section)] if section in set(Category) else section
    return [
        number,
        round_name,
        organization,
        RULE_LABELS.get(rule, rule),
        text,
        heading_before(report_text, at) if found >= 0 else "",
        round(100 * at / max(len(report_text), 1)) if found >= 0 else None,
        section_label,
        note,
        reason,
        part,
        "是" if part else "否",
        by,
        on,
    ]


def read_objections(source: Path | IO[bytes]) -> list[LabelledSentence]:
    """The rows a reviewer kept for training (用于训练 是, 应属部分 given) as labelled
    sentences. All or nothing: any bad row raises ``WorkbookInvalid`` with every error."""
    workbook = open_workbook(source)
    errors: list[RowError] = []
    found: list[LabelledSentence] = []
    if OBJECTIONS.name not in workbook.sheetnames:
        errors.append(RowError(OBJECTIONS.name, 0, "", "缺少此表"))
    for row in read_sheet(workbook, OBJECTIONS, errors):
        text = row.value("text")
        part = row.value("part")
        use = row.value("use")
        position = row.value("position")
        if position is not None and position > 100:
            row.fail("position", "须在 0 到 100 之间")
        if use == "yes" and not part:
            row.fail("part", "用于训练的句子须写明应属部分")
        if use == "yes" and part and text:
            found.append(
                LabelledSentence(
                    text,
                    Category(part),
                    row.text("heading"),
                    (position if position is not None else 50) / 100,
                )
            )
    workbook.close()
    if errors:
        raise WorkbookInvalid(errors)
    return found

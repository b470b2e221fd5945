"""The annual summary as a Word document (python-docx), ready for the department to edit."""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO

from docx import Document
from docx.document import Document as DocumentObject
from docx.shared import Pt

from shuzhi.analytics.summary import Summary, percent, sentences


def _table(
    document: DocumentObject, header: Sequence[str], rows: Sequence[Sequence[object]]
) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = str(value)


def summary_document(summary: Summary) -> bytes:
    s = summary
    document = Document()
    style = document.styles["Normal"]
    style.font.size = Pt(12)
    document.add_heading(f"{s.organization.name}{s.round.year}年度述职评议考核工作总结", level=0)
    document.add_paragraph(f"（{s.round.name}）")
    document.add_heading("一、总体情况", level=1)
    for line in sentences(s):
        document.add_paragraph(line)
    document.add_heading("二、考核等次与表彰", level=1)
    _table(document, ["等次", "人数"], s.grade_rows)
    if s.classes:
        document.add_paragraph("")
        _table(document, ["类别", "人数"], [(f"第{n}类", c) for n, c in s.classes.items()])
    if s.honours:
        document.add_paragraph("表彰名单：")
        _table(
            document,
            ["姓名", "单位", "表彰"],
            [(n.person, n.organization, n.detail) for n in s.honours],
        )
    document.add_heading("三、约谈名单", level=1)
    if s.interviews:
        _table(
            document,
            ["姓名", "单位", "组内排名"],
            [(n.person, n.organization, n.detail) for n in s.interviews],
        )
    else:
        document.add_paragraph("本轮无末位约谈人员。")
    document.add_heading("四、共性问题", level=1)
    if s.themes:
        _table(
            document,
            ["主题", "问题数", "涉及单位", "已销号", "顶层施策"],
            [
                (t.name, t.problems, t.units, t.rectified, "是" if t.rooted_above else "")
                for t in s.themes
            ],
        )
    else:
        document.add_paragraph("本轮问题尚未归类。")
    document.add_heading("五、整改落实", level=1)
    document.add_paragraph(
        f"问题{s.problems}个，立项{s.with_item}个，销号{s.rectified}个，销号率{percent(s.rectification_rate)}。"
    )
    document.add_heading("六、结果公示索引", level=1)
    if s.notices:
        _table(
            document,
            ["考核轮次", "公示开始", "公示结束", "公示人数", "公示说明"],
            [
                (r.name, n.starts_on.isoformat(), n.ends_on.isoformat(), n.reporters, n.notice)
                for r, n in s.notices
            ],
        )
    else:
        document.add_paragraph("本年度尚无结果公示。")
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()

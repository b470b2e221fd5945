"""The audit report (审计报告) as a Word document."""

from __future__ import annotations

from typing import IO

from docx import Document
from docx.shared import Pt

from shuzhi.factfinding.models import Audit
from shuzhi.factfinding.rules import SampleKind


def write_audit_report(audit: Audit, stream: IO[bytes]) -> None:
    """The report: sample (with its seed, so anyone can re-run the draw), checklist scores,
    findings per sampled organisation, the score and the rectification deadline."""
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "SimSun"
    style.font.size = Pt(12)
    document.add_heading(f"关于{audit.organization.name}党建工作的审计报告", level=1)
    document.add_paragraph(f"{audit.round.name} · 报告日期：{audit.issued_on or '（未出具）'}")
    document.add_heading("一、抽样情况", level=2)
    document.add_paragraph(
        f"本次审计不打招呼，随机抽取下属党组织。抽样种子：{audit.seed}（可据此复核抽样结果）。"
    )
    for sample in audit.samples.select_related("organization"):
        document.add_paragraph(
            f"{SampleKind(sample.kind).label}：{sample.organization.name}", style="List Bullet"
        )
    for kind in audit.shortfalls:
        document.add_paragraph(
            f"{SampleKind(kind).label}仅有 {audit.populations.get(kind, 0)} 个，已全部抽取。"
        )
    document.add_heading("二、检查评分", level=2)
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, title in zip(table.rows[0].cells, ["序号", "检查内容", "分值", "得分"], strict=True):
        cell.text = title
    for item in audit.checklist.all():
        values = [str(item.number), item.text, f"{item.max_points:f}", f"{item.awarded or '—'}"]
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value
    document.add_paragraph(f"审计得分：{audit.score if audit.score is not None else '—'} 分")
    document.add_heading("三、发现的问题", level=2)
    findings = audit.findings.select_related("sampled").order_by("sampled__path", "pk")
    for number, finding in enumerate(findings, start=1):
        where = finding.sampled.name if finding.sampled else audit.organization.name
        document.add_paragraph(f"{number}. {where}：{finding.text}（{finding.responsibility}）")
    if audit.conclusion:
        document.add_heading("四、审计结论", level=2)
        document.add_paragraph(audit.conclusion)
    document.add_heading("五、整改要求", level=2)
    document.add_paragraph(
        f"请于 {audit.rectification_due or '报告出具后 2 个月内'} 前报送书面整改报告。"
    )
    document.save(stream)

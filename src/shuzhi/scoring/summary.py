"""Results out: the summary table (汇总表) and per-line breakdown as .xlsx, and as JSON."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from openpyxl import Workbook

from .engine import Contribution, Outcome, RankShift, RoundResult, RoundRules
from .engine.types import source_label
from .sheets import Column, excel_number, write_table

CLASS_LABELS = {1: "一类", 2: "二类", 3: "三类"}


def line_label(line: Contribution) -> str:
    if line.item == "rounding":
        return "舍入"
    if line.item.startswith("cap:"):
        return f"{line.item.removeprefix('cap:')} 封顶/保底"
    return line.item


def summary_rows(
    rules: RoundRules, result: RoundResult, names: Mapping[str, str]
) -> tuple[list[str], list[list[Any]]]:
    """Header and rows of the 汇总表, ordered by group then rank."""
    sources = [key for key, _ in rules.weights.items()]
    header = [
        "排名分组",
        "述职人编号",
        "姓名",
        *[source_label(s) for s in sources],
        "综合得分",
        "组内排名",
        "等次",
        "类别",
        "表彰",
        "末位约谈",
        "否决情况",
        "绩效报酬比例(%)",
    ]
    ordered = sorted(result.outcomes, key=lambda o: (o.group, o.rank, o.reporter_id))
    rows = [
        [
            o.group,
            o.reporter_id,
            names.get(o.reporter_id, ""),
            *[excel_number(o.subtotals[s]) for s in sources],
            excel_number(o.composite),
            f"{o.rank}/{o.group_size}",
            o.grade.label,
            CLASS_LABELS[o.klass],
            o.honour or "",
            "是" if o.interview else "",
            o.veto_reason,
            excel_number(o.pay_share),
        ]
        for o in ordered
    ]
    return header, rows


def results_workbook(
    rules: RoundRules, result: RoundResult, names: Mapping[str, str] | None = None
) -> Workbook:
    """The 汇总表 sheet and a 得分明细 sheet tracing every point to its source."""
    names = names or {}
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    header, rows = summary_rows(rules, result, names)
    write_table(workbook, "汇总表", [Column(h, width=12) for h in header], rows)
    detail = [
        [
            o.reporter_id,
            names.get(o.reporter_id, ""),
            source_label(line.source) if line.source != "composite" else "综合得分",
            line_label(line),
            excel_number(line.raw),
            excel_number(line.weight),
            excel_number(line.points),
            line.note,
        ]
        for o in result.outcomes
        for line in o.breakdown
    ]
    columns = ["述职人编号", "姓名", "来源", "项目", "原始分", "权重", "计入总分", "说明"]
    write_table(workbook, "得分明细", [Column(h, width=14) for h in columns], detail)
    return workbook


def outcome_json(outcome: Outcome, name: str = "") -> dict[str, Any]:
    """One outcome as JSON-ready data; numbers as decimal strings so nothing is rounded."""
    return {
        "reporter_id": outcome.reporter_id,
        "name": name,
        "group": outcome.group,
        "composite": str(outcome.composite),
        "subtotals": {key: str(value) for key, value in outcome.subtotals.items()},
        "rank": outcome.rank,
        "group_size": outcome.group_size,
        "grade": outcome.grade.value,
        "class": outcome.klass,
        "honour": outcome.honour,
        "interview": outcome.interview,
        "interview_reason": outcome.interview_reason,
        "veto": outcome.veto.value if outcome.veto else None,
        "veto_reason": outcome.veto_reason,
        "pay_share": str(outcome.pay_share),
        "breakdown": [line_json(line) for line in outcome.breakdown],
    }


def line_json(line: Contribution) -> dict[str, Any]:
    """One breakdown line as JSON-ready data (decimal strings)."""
    return {
        "source": line.source,
        "item": line.item,
        "raw": None if line.raw is None else str(line.raw),
        "weight": None if line.weight is None else str(line.weight),
        "points": str(line.points),
        "note": line.note,
    }


def shift_json(shift: RankShift) -> dict[str, Any]:
    """One reporter's sensitivity as JSON-ready data."""
    return {
        "reporter_id": shift.reporter_id,
        "group": shift.group,
        "rank": shift.rank,
        "best": shift.best,
        "worst": shift.worst,
        "robust": shift.robust,
        "shifts": [
            {"source": s.source, "delta": str(s.delta), "rank": s.rank} for s in shift.shifts
        ],
    }

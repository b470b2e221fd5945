"""Results out: the summary table (汇总表, one writer for the site and the CLI) and the
per-line breakdown as .xlsx, and as JSON."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby
from typing import Any

from shuzhi.core.workbook import (
    AnyWorkbook,
    CellType,
    Column,
    PrintSetup,
    SheetSchema,
    new_workbook,
    write_sheet,
)

from .engine import Contribution, Outcome, RankShift, RoundResult, RoundRules
from .engine.types import source_label

CLASS_LABELS = {1: "一类", 2: "二类", 3: "三类"}
NUMBER = CellType.NUMBER


@dataclass(frozen=True)
class SummaryLine:
    """One reporter's row of the 汇总表, from the engine (CLI) or from stored results (site)."""

    group: str
    reporter_id: str
    name: str
    subtotals: Mapping[str, Decimal]
    composite: Decimal
    rank: int | None
    grade: str
    klass: int | None
    honour: str = ""
    interview: bool = False
    veto_reason: str = ""
    pay_share: Decimal = Decimal(0)
    organization: str = ""


#: Percents and weights carry two decimals (100.00 %, weight 1.00), whatever the round's places.
PERCENT_PLACES = 2


def fixed(value: Decimal | None, places: int) -> str:
    """A number as text with at least ``places`` decimals: 93.00 stays 93.00 (never 93), and
    zeros past ``places`` that carry nothing are dropped (93.000000 → 93.00; 7.125 stays)."""
    if value is None:
        return ""
    text = f"{value:f}"
    if "." in text:
        whole, part = text.split(".")
        part = part.rstrip("0")
    else:
        whole, part = text, ""
    part = part.ljust(places, "0")
    return f"{whole}.{part}" if part else whole


def score_format(places: int) -> str:
    """Excel's number format for scores at ``places``: 93 shows 93.00 with 2 places, and up
    to 6 further decimals show when a figure has them."""
    return "0." + "0" * places + "#" * 6 if places else "0.######"


def summary_schema(
    sources: Sequence[str], *, with_organization: bool, places: int = 2
) -> SheetSchema:
    """The 汇总表's columns: who, one column per score source, then the outcome."""
    scores = score_format(places)
    return SheetSchema(
        "汇总表",
        (
            Column("排名", CellType.INTEGER, width=6),
            Column("述职人编号", width=12),
            Column("述职人", width=10),
            *([Column("组织", width=28)] if with_organization else []),
            *(Column(source_label(s), NUMBER, width=10, number_format=scores) for s in sources),
            Column("综合得分", NUMBER, width=10, number_format=scores),
            Column("等次", width=8),
            Column("类别", width=6),
            Column("表彰", width=8),
            Column("末位约谈", width=9),
            Column("绩效奖励（%）", NUMBER, width=12, number_format="0.##"),
            Column("否决/肯定事由", width=40),
        ),
    )


def summary_values(
    line: SummaryLine, sources: Sequence[str], *, with_organization: bool
) -> list[Any]:
    return [
        line.rank,
        line.reporter_id,
        line.name,
        *([line.organization] if with_organization else []),
        *(line.subtotals.get(source) for source in sources),
        line.composite,
        line.grade,
        CLASS_LABELS.get(line.klass or 0, ""),
        line.honour,
        "是" if line.interview else "",
        line.pay_share,
        line.veto_reason,
    ]


def summary_groups(lines: Sequence[SummaryLine]) -> list[tuple[str, list[SummaryLine]]]:
    """Lines by peer group (in first-seen order), each group by rank."""
    order = {line.group: index for index, line in reversed(list(enumerate(lines)))}
    ordered = sorted(lines, key=lambda line: (order[line.group], line.rank or 0, line.reporter_id))
    return [(group, list(rows)) for group, rows in groupby(ordered, key=lambda line: line.group)]


def write_summary(
    workbook: AnyWorkbook,
    *,
    heading: str,
    lines: Sequence[SummaryLine],
    sources: Sequence[str],
    print_setup: PrintSetup,
    places: int = 2,
) -> None:
    """The 汇总表: one printable sheet per peer group, titled, with per-source columns."""
    with_organization = any(line.organization for line in lines)
    schema = summary_schema(sources, with_organization=with_organization, places=places)
    for group, rows in summary_groups(lines) or [("无结果", [])]:
        write_sheet(
            workbook,
            schema,
            [summary_values(r, sources, with_organization=with_organization) for r in rows],
            title=group,
            heading=f"{heading}（{group}）",
            print_setup=print_setup,
        )


def engine_lines(result: RoundResult, names: Mapping[str, str]) -> list[SummaryLine]:
    return [
        SummaryLine(
            group=o.group,
            reporter_id=o.reporter_id,
            name=names.get(o.reporter_id, ""),
            subtotals=o.subtotals,
            composite=o.composite,
            rank=o.rank,
            grade=o.grade.label,
            klass=o.klass,
            honour=o.honour or "",
            interview=o.interview,
            veto_reason=o.veto_reason,
            pay_share=o.pay_share,
        )
        for o in result.outcomes
    ]


def line_label(line: Contribution) -> str:
    if line.item == "rounding":
        return "舍入"
    if line.item.startswith("cap:"):
        return f"{line.item.removeprefix('cap:')} 封顶/保底"
    return line.item


def summary_rows(
    rules: RoundRules, result: RoundResult, names: Mapping[str, str]
) -> tuple[list[str], list[list[Any]]]:
    """The 汇总表 as a terminal table: the sheet's columns after the peer group."""
    sources = [key for key, _ in rules.weights.items()]
    lines = engine_lines(result, names)
    header = ["排名分组", *summary_schema(sources, with_organization=False).headers]
    rows = [
        [
            group,
            *(
                fixed(value, PERCENT_PLACES if index == len(row) - 2 else rules.places)
                if isinstance(value, Decimal)
                else value
                for index, value in enumerate(row)
            ),
        ]
        for group, members in summary_groups(lines)
        for line in members
        for row in [summary_values(line, sources, with_organization=False)]
    ]
    return header, rows


def detail_schema(places: int) -> SheetSchema:
    """The 得分明细 sheet: one row per breakdown line, scores shown with the round's places."""
    scores = score_format(places)
    return SheetSchema(
        "得分明细",
        (
            Column("述职人编号"),
            Column("姓名"),
            Column("来源"),
            Column("项目"),
            Column("原始分", NUMBER, number_format=scores),
            Column("权重", NUMBER, number_format="0.00"),
            Column("计入总分", NUMBER, number_format=scores),
            Column("说明"),
        ),
    )


DETAIL = detail_schema(2)


#: Excel's last row (1,048,576) less the header: the most lines one 得分明细 sheet holds.
DETAIL_ROWS = 1_048_575
#: From this many reporters on, the results workbook is streamed (XlsxWriter: the same sheets
#: in far less memory, and about 1.7 times faster than openpyxl on a round's 得分明细).
STREAM_FROM = 2_000


def detail_sheet_names(count: int) -> list[str]:
    """得分明细, 得分明细（2）, 得分明细（3）… for ``count`` sheets."""
    return ["得分明细", *(f"得分明细（{n}）" for n in range(2, count + 1))]


def detail_chunks(result: RoundResult, limit: int = DETAIL_ROWS) -> list[list[Outcome]]:
    """The outcomes split so each chunk's breakdown lines fit one sheet of ``limit`` rows; a
    reporter's lines are never split across sheets."""
    chunks: list[list[Outcome]] = [[]]
    used = 0
    for outcome in result.outcomes:
        size = len(outcome.breakdown)
        if used + size > limit and chunks[-1]:
            chunks.append([])
            used = 0
        chunks[-1].append(outcome)
        used += size
    return chunks


def results_workbook(
    rules: RoundRules,
    result: RoundResult,
    names: Mapping[str, str] | None = None,
    *,
    detail_rows: int = DETAIL_ROWS,
) -> AnyWorkbook:
    """The 汇总表 sheets and the 得分明细 sheet(s) tracing every point to its source.

    A round whose breakdown lines exceed Excel's 1,048,576 rows gets numbered sheets
    (得分明细, 得分明细（2）, …), each reporter's lines whole on one sheet (docs/scoring.md).
    """
    names = names or {}
    workbook = new_workbook(write_only=len(result.outcomes) >= STREAM_FROM)
    write_summary(
        workbook,
        heading="考核结果汇总表",
        lines=engine_lines(result, names),
        sources=[key for key, _ in rules.weights.items()],
        print_setup=PrintSetup(),
        places=rules.places,
    )
    chunks = detail_chunks(result, detail_rows)
    schema = detail_schema(rules.places)
    for title, outcomes in zip(detail_sheet_names(len(chunks)), chunks, strict=True):
        rows = (
            [
                o.reporter_id,
                names.get(o.reporter_id, ""),
                source_label(line.source) if line.source != "composite" else "综合得分",
                line_label(line),
                line.raw,
                line.weight,
                line.points,
                line.note,
            ]
            for o in outcomes
            for line in o.breakdown
        )
        write_sheet(workbook, schema, rows, title=title)
    return workbook


def outcome_json(outcome: Outcome, name: str = "", places: int = 2) -> dict[str, Any]:
    """One outcome as JSON-ready data; numbers as decimal strings so nothing is rounded, each
    with at least the round's ``places`` decimals (93.00, not 93)."""
    return {
        "reporter_id": outcome.reporter_id,
        "name": name,
        "group": outcome.group,
        "composite": fixed(outcome.composite, places),
        "subtotals": {key: fixed(value, places) for key, value in outcome.subtotals.items()},
        "rank": outcome.rank,
        "group_size": outcome.group_size,
        "grade": outcome.grade.value,
        "class": outcome.klass,
        "honour": outcome.honour,
        "interview": outcome.interview,
        "interview_reason": outcome.interview_reason,
        "veto": outcome.veto.value if outcome.veto else None,
        "veto_reason": outcome.veto_reason,
        "pay_share": fixed(outcome.pay_share, PERCENT_PLACES),
        "breakdown": [line_json(line, places) for line in outcome.breakdown],
    }


def line_json(line: Contribution, places: int = 2) -> dict[str, Any]:
    """One breakdown line as JSON-ready data (decimal strings)."""
    return {
        "source": line.source,
        "item": line.item,
        "raw": None if line.raw is None else fixed(line.raw, places),
        "weight": None if line.weight is None else fixed(line.weight, PERCENT_PLACES),
        "points": fixed(line.points, places),
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

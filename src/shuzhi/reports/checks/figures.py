"""Figures the report gives for the secretary's own work record, compared with the record
(000: "用具体事例和数据说话" — data that can be checked, not empty talk).

The record's figures come from outside (the records app answers through core.events); each
says how a report names its kind (cue words such as 驻村, 讲党课) and in which measure words it
is counted (天, 次/场). A cited figure is a cue followed, in the same clause, by a number and one
of those measure words ("全年驻村182天"), or such a number just before the cue ("3个联系点").
Plans and targets ("明年驻村不少于180天") and approximate numbers ("180余天") are not
citations of the record.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from shuzhi.reports.checks.cues import FUTURE
from shuzhi.reports.checks.model import (
    SECTION_LABELS,
    Category,
    Finding,
    Passage,
    RecordFigure,
    Status,
)

# Parts where figures are told as done; measures and commitments speak of plans.
_TOLD_AS_DONE = (Category.ACHIEVEMENTS, Category.PROBLEMS, Category.CAUSES, Category.OTHER)
_CLAUSE = re.compile(r"[^，,；;。！？!?\n]+")
# What turns a number into a target or a plan when it comes before it in the clause.
_NOT_A_RECORD = re.compile(FUTURE.pattern + r"|不少于|不低于|至少|目标|要求|达到|标准")
_CN_NUMBER = "零一二两三四五六七八九十百千"
_NUMBER = rf"\d+(?:\.\d+)?|[{_CN_NUMBER}]+"
_GAP = 12  # at most this many characters between a cue and its number
_DIGITS = {c: n for n, c in enumerate("零一二三四五六七八九")} | {"两": 2}
_MULTIPLIERS = {"十": 10, "百": 100, "千": 1000}


def chinese_number(text: str) -> Decimal | None:
    """An Arabic or a simple Chinese numeral (一百八十二, 十二, 两千) as a number."""
    if text[0].isdigit():
        return Decimal(text)
    total, digit = 0, None
    for char in text:
        if char in _DIGITS:
            if digit is not None:
                return None  # "一二" is no number
            digit = _DIGITS[char]
        elif char in _MULTIPLIERS:
            total += (1 if digit is None else digit) * _MULTIPLIERS[char]
            digit = None
        else:
            return None
    return Decimal(total + (digit or 0))


@dataclass(frozen=True)
class Citation:
    """A figure of the report for a kind of the record."""

    figure: RecordFigure
    value: Decimal
    passage: Passage


def _patterns(figure: RecordFigure) -> tuple[re.Pattern[str], re.Pattern[str]]:
    cues = "|".join(re.escape(c) for c in sorted(figure.cues, key=len, reverse=True))
    units = "|".join(re.escape(u) for u in figure.units)
    after = re.compile(
        rf"(?:{cues})[^\d{_CN_NUMBER}]{{0,{_GAP}}}?"
        rf"(?P<before>近|约|超过|逾)?(?P<number>{_NUMBER})(?P<more>[余多])?\s*(?:{units})"
    )
    before = re.compile(
        rf"(?P<before>近|约|超过|逾)?(?P<number>{_NUMBER})(?P<more>[余多])?\s*(?:{units})的?(?:{cues})"
    )
    return after, before


def citations(
    units: Sequence[tuple[Passage, Category]], figures: Sequence[RecordFigure]
) -> list[Citation]:
    """Every figure the report gives for a kind of the record, first one per clause and kind."""
    patterns = [(figure, *_patterns(figure)) for figure in figures if figure.cues]
    found = []
    for unit, category in units:
        if category not in _TOLD_AS_DONE:
            continue
        for clause in _CLAUSE.finditer(unit.text):
            text = clause.group()
            for figure, after, before in patterns:
                match = after.search(text) or before.search(text)
                if match is None or match.group("before") or match.group("more"):
                    continue  # none, or an approximate number
                if _NOT_A_RECORD.search(text[: match.start("number")]):
                    continue
                value = chinese_number(match.group("number"))
                if value is None:
                    continue
                passage = Passage(unit.text, unit.start, unit.end, SECTION_LABELS[category])
                found.append(Citation(figure, value, passage))
    return found


def _amount(value: Decimal, unit: str) -> str:
    return f"{value.normalize():f}{unit}"


def _verdict(citation: Citation) -> tuple[Status, str]:
    figure, value = citation.figure, citation.value
    unit = figure.units[0]
    said = f"报告写{figure.label}{_amount(value, unit)}"
    if value == figure.confirmed:
        return Status.PASS, f"与纪实一致（经上级确认 {_amount(figure.confirmed, unit)}）"
    if figure.logged == 0:
        return Status.WARN, f"{said}，纪实中没有登记这类工作，无法核对"
    if value < figure.confirmed:
        return (
            Status.WARN,
            f"{said}，少于纪实经确认的 {_amount(figure.confirmed, unit)}；如指全年合计请核对",
        )
    if value <= figure.logged:
        return (
            Status.WARN,
            f"{said}，纪实登记 {_amount(figure.logged, unit)}，其中经上级确认的只有 "
            f"{_amount(figure.confirmed, unit)}：所引数字含尚未确认的纪实",
        )
    return (
        Status.FAIL,
        f"{said}，纪实登记只有 {_amount(figure.logged, unit)}（经上级确认 "
        f"{_amount(figure.confirmed, unit)}），多出 {_amount(value - figure.logged, unit)}",
    )


def check_record_figures(
    units: Sequence[tuple[Passage, Category]], figures: Sequence[RecordFigure]
) -> Finding:
    """Each figure cited for a kind of the work record against the confirmed record: over
    what was logged fails; over the confirmed part, or under it, is a warning."""
    found = citations(units, figures)
    if not found:
        available = "、".join(f.sentence for f in figures if f.sentence)
        message = "报告没有引用本人纪实中的数据。"
        if available:
            message += f"可引用：{available}。"
        return Finding("record_figures", "纪实数据核对", Status.PASS, message)
    passages = []
    worst = Status.PASS
    disagree = 0
    for citation in found:
        status, note = _verdict(citation)
        if status is not Status.PASS:
            disagree += 1
            if worst is not Status.FAIL:
                worst = status
        p = citation.passage
        passages.append(Passage(p.text, p.start, p.end, p.section, note))
    # Disagreements first: they are what the reader must look at.
    passages.sort(key=lambda p: not p.note.startswith("报告写"))
    message = f"报告引用纪实数据 {len(found)} 处"
    message += f"，{disagree} 处与纪实不一致。" if disagree else "，均与经确认的纪实一致。"
    return Finding(
        "record_figures",
        "纪实数据核对",
        worst,
        message,
        tuple(passages),
        figures={"cited": len(found), "disagree": disagree},
    )

"""Concrete data and examples per thousand characters (000: "用具体事例和数据说话")."""

from __future__ import annotations

import re

from shuzhi.reports.checks.cues import CASE_CUE
from shuzhi.reports.checks.examples import mask_placeholders, named_places
from shuzhi.reports.checks.model import Finding, Passage, ReportDocument, Status
from shuzhi.reports.checks.settings import CheckSettings
from shuzhi.reports.checks.text import counted_length, paragraphs

_CN_DIGIT = "零一二两三四五六七八九十百千万"
NUMBER = re.compile(
    rf"\d+(?:[.．]\d+)?\s*(?:%|％|个|名|人|次|户|项|件|元|万|亿|家|所|条|场|批|期|天|年|月|篇|处|份|座|公里|亩)?"
    rf"|[{_CN_DIGIT}]+(?:个|名|人|次|户|项|件|家|所|条|场|批|期|篇|处|份|座)"
    r"|百分之[\d零一二两三四五六七八九十]+"
)


def concrete_items(text: str) -> tuple[int, int, int]:
    """Numbers, named places and case cues (例如、以…为例) in ``text``; placeholders never
    count ("X次" is not a number, "XX市" not a place)."""
    text = mask_placeholders(text)
    return len(NUMBER.findall(text)), len(named_places(text)), len(CASE_CUE.findall(text))


def check_density(document: ReportDocument, settings: CheckSettings, examples: int = 0) -> Finding:
    """Data per thousand characters, and the passages of some length with no data at all.
    ``examples`` is the number of recognised examples (checks/examples.py), counted as cases."""
    size = counted_length(document.text)
    if size == 0:
        return Finding("density", "数据与事例", Status.FAIL, "报告没有正文。")
    numbers = places = cues = 0
    empty = []
    # Counted paragraph by paragraph (nothing to count spans a line break), once each.
    for paragraph in paragraphs(document.text):
        found = concrete_items(paragraph.text)
        numbers, places, cues = numbers + found[0], places + found[1], cues + found[2]
        if counted_length(paragraph.text) >= settings.min_passage_chars and not sum(found):
            category = str(document.category_at(paragraph.start))
            empty.append(
                Passage(
                    paragraph.text, paragraph.start, paragraph.end, category, "无数据、地名或事例"
                )
            )
    cases = max(examples, cues)
    per_thousand = (numbers + places + cases) * 1000 / size
    if per_thousand >= settings.min_data_per_thousand:
        status = Status.WARN if empty else Status.PASS
    else:
        status = Status.FAIL
    message = (
        f"每千字含数据 {numbers * 1000 / size:.1f} 处、地名 {places * 1000 / size:.1f} 处、"
        f"事例 {cases * 1000 / size:.1f} 处，合计 {per_thousand:.1f} 处"
        f"（要求不少于 {settings.min_data_per_thousand:g} 处）"
    )
    if empty:
        message += f"；{len(empty)} 段没有任何数据、地名或事例"
    return Finding(
        "density",
        "数据与事例",
        status,
        message + "。",
        tuple(empty),
        figures={
            "numbers": numbers,
            "places": places,
            "cases": cases,
            "per_thousand": round(per_thousand, 2),
            "empty_passages": len(empty),
        },
    )

"""Concrete data and examples per thousand characters (000: "用具体事例和数据说话")."""

from __future__ import annotations

import re

from shuzhi.reports.checks.cues import CASE_CUE
from shuzhi.reports.checks.examples import (
    GENERIC_BEFORE_SUFFIX,
    PLACE,
    mask_placeholders,
    named_places,
)
from shuzhi.reports.checks.model import Finding, Passage, ReportDocument, Status
from shuzhi.reports.checks.settings import CheckSettings
from shuzhi.reports.checks.text import (
    JOIN,
    counted_length,
    matches_per_piece,
    or_join,
    paragraphs,
)

_CN_DIGIT = "零一二两三四五六七八九十百千万"
# A number, as it is defined: digits with a unit, Chinese numerals with a counter, 百分之….
_DIGIT_UNITS = "%|％|个|名|人|次|户|项|件|元|万|亿|家|所|条|场|批|期|天|年|月|篇|处|份|座|公里|亩"
_COUNTERS = "个|名|人|次|户|项|件|家|所|条|场|批|期|篇|处|份|座"
_PERCENT = r"分之[\d零一二两三四五六七八九十]+"
NUMBER_DEFINITION = (
    rf"\d+(?:[.．]\d+)?\s*(?:{_DIGIT_UNITS})?|[{_CN_DIGIT}]+(?:{_COUNTERS})|百{_PERCENT}"
)
# The same matches (tests/reports/test_fast_paths.py), written to start with one character
# class: the regex engine then skips to the next digit or numeral instead of trying the three
# alternatives at every character, about twice as fast. The first character is taken, and a
# look back at it picks the alternatives it can start, in the same order.
NUMBER = re.compile(
    rf"[\d{_CN_DIGIT}](?:(?<=\d)\d*(?:[.．]\d+)?\s*(?:{_DIGIT_UNITS})?"
    rf"|(?<=[{_CN_DIGIT}])[{_CN_DIGIT}]*(?:{_COUNTERS})|(?<=百){_PERCENT})"
)


def concrete_items(text: str) -> tuple[int, int, int]:
    """Numbers, named places and case cues (例如、以…为例) in ``text``; placeholders never
    count ("X次" is not a number, "XX市" not a place)."""
    text = mask_placeholders(text)
    return len(NUMBER.findall(text)), len(named_places(text)), len(CASE_CUE.findall(text))


# Each pattern with the join as an alternative of its own (checks/text.py). None of them can
# match a join or looks around for one (placeholders look around only for Latin letters), so
# no match crosses a join, and each piece has the matches it has alone.
_NUMBER_OR_JOIN = or_join(NUMBER.pattern)
_PLACE_OR_JOIN = or_join(PLACE.pattern)
_CASE_CUE_OR_JOIN = or_join(CASE_CUE.pattern)


def many_concrete_items(texts: list[str]) -> list[tuple[int, int, int]]:
    """``concrete_items`` of each text, with one pass of each pattern over all of them (a
    report has some 40 paragraphs; four regex calls each cost more than the matching)."""
    if not texts or any(JOIN in t for t in texts):
        return [concrete_items(t) for t in texts]
    masked = mask_placeholders(JOIN.join(texts))
    numbers = matches_per_piece(_NUMBER_OR_JOIN.findall(masked), len(texts))
    cues = matches_per_piece(_CASE_CUE_OR_JOIN.findall(masked), len(texts))
    places = [0] * len(texts)
    piece = 0
    for match in _PLACE_OR_JOIN.finditer(masked):
        suffix = match.group(1)
        if suffix is None:
            piece += 1
        elif match.group()[-len(suffix) - 1] not in GENERIC_BEFORE_SUFFIX:
            places[piece] += 1
    return list(zip(numbers, places, cues, strict=True))


def check_density(document: ReportDocument, settings: CheckSettings, examples: int = 0) -> Finding:
    """Data per thousand characters, and the passages of some length with no data at all.
    ``examples`` is the number of recognised examples (checks/examples.py), counted as cases."""
    size = counted_length(document.text)
    if size == 0:
        return Finding("density", "数据与事例", Status.FAIL, "报告没有正文。")
    numbers = places = cues = 0
    empty = []
    # Counted paragraph by paragraph (nothing to count spans a line break), once each.
    lines = list(paragraphs(document.text))
    for paragraph, found in zip(lines, many_concrete_items([p.text for p in lines]), strict=True):
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

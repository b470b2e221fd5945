"""Concrete data and examples per thousand characters (000: "用具体事例和数据说话")."""

from __future__ import annotations

import re

from shuzhi.reports.checks.model import Finding, Passage, ReportDocument, Status
from shuzhi.reports.checks.settings import CheckSettings
from shuzhi.reports.checks.text import counted_length, paragraphs

_CN_DIGIT = "零一二两三四五六七八九十百千万"
NUMBER = re.compile(
    rf"\d+(?:[.．]\d+)?\s*(?:%|％|个|名|人|次|户|项|件|元|万|亿|家|所|条|场|批|期|天|年|月|篇|处|份|座|公里|亩)?"
    rf"|[{_CN_DIGIT}]+(?:个|名|人|次|户|项|件|家|所|条|场|批|期|篇|处|份|座)"
    r"|百分之[\d零一二两三四五六七八九十]+"
)
# A named place: two to four characters before an administrative or unit suffix, e.g. 青石村.
PLACE = re.compile(
    r"[\u4e00-\u9fa5]{2,4}?(村|社区|街道|镇|乡|县|区|市|小区|园区|学校|医院|公司|厂)"
)
# A character right before the suffix that makes it generic talk, not a name: 农村, 全县, 各乡镇.
_GENERIC_BEFORE_SUFFIX = set("农全各本我该此每城乡基山市社")
CASE = re.compile(
    r"例如|比如|譬如|以[\u4e00-\u9fa5]{2,8}为例|典型|案例|有一次|曾经|如[\u4e00-\u9fa5]{2,4}(?:村|社区)"
)


def _places(text: str) -> list[str]:
    found = []
    for match in PLACE.finditer(text):
        word = match.group()
        suffix = match.group(1)
        if word[-len(suffix) - 1] not in _GENERIC_BEFORE_SUFFIX:
            found.append(word)
    return found


def concrete_items(text: str) -> tuple[int, int, int]:
    """Numbers, named places and cases in ``text``."""
    return len(NUMBER.findall(text)), len(_places(text)), len(CASE.findall(text))


def check_density(document: ReportDocument, settings: CheckSettings) -> Finding:
    """Data per thousand characters, and the passages of some length with no data at all."""
    numbers, places, cases = concrete_items(document.text)
    size = counted_length(document.text)
    if size == 0:
        return Finding("density", "数据与事例", Status.FAIL, "报告没有正文。")
    per_thousand = (numbers + places + cases) * 1000 / size
    empty = [
        Passage(p.text, p.start, p.end, str(document.category_at(p.start)), "无数据、地名或事例")
        for p in paragraphs(document.text)
        if counted_length(p.text) >= settings.min_passage_chars and sum(concrete_items(p.text)) == 0
    ]
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

"""Concrete text: examples (事例) recognised, and placeholders flagged as unfinished.

000: "用具体事例和数据说话". An example is a concrete case: someone (a named person or a named
place or unit), something done there, and its result. A placeholder (X次, XX市, ×××, 某某) is
text not yet written; it never counts as data.
"""

from __future__ import annotations

import re

from shuzhi.reports.checks.cues import (
    CASE_ACTION,
    CASE_CUE,
    CASE_RESULT,
    FUTURE,
    PERSON,
    PLACEHOLDER,
    PLACEHOLDER_CHARS,
)
from shuzhi.reports.checks.model import SECTION_LABELS, Category, Finding, Passage, Status
from shuzhi.reports.checks.settings import CheckSettings

# A named place: two to four characters before an administrative or unit suffix, e.g. 青石村.
# Two characters, as most names are: a longer window takes in the words before the name
# ("针对西岭村", "带头到东坪村").
PLACE = re.compile(
    r"[\u4e00-\u9fa5]{2}(村|社区|街道|镇|乡|县|区|市|小区|园区|学校|医院|公司|厂|网格|小组|大队)"
)
# A character right before the suffix that makes it generic talk, not a name: 农村, 全县, 各乡镇.
GENERIC_BEFORE_SUFFIX = set("农全各本我该此每城乡基山市社个")


def named_places(text: str) -> list[str]:
    found = []
    for match in PLACE.finditer(text):
        word = match.group()
        suffix = match.group(1)
        if word[-len(suffix) - 1] not in GENERIC_BEFORE_SUFFIX:
            found.append(word)
    return found


def mask_placeholders(text: str) -> str:
    """The text with every placeholder blanked (same length), so no check counts it as data."""
    if not PLACEHOLDER_CHARS.search(text):
        return text
    return PLACEHOLDER.sub(lambda m: "□" * len(m.group()), text)


def check_placeholders(units: list[tuple[Passage, Category]]) -> Finding:
    """Every sentence with a placeholder, and what is left to fill in."""
    passages = []
    # One search over all units first: most reports have no placeholder at all. Joined by a
    # line end, each unit's matches are matches of the joined text too (the pattern looks
    # around only for Latin letters), so finding none there means none in any unit.
    joined = "\n".join(unit.text for unit, _ in units)
    if not PLACEHOLDER_CHARS.search(joined) or not PLACEHOLDER.search(joined):
        units = []
    for unit, category in units:
        found = PLACEHOLDER.findall(unit.text)
        if found:
            passages.append(
                Passage(
                    unit.text,
                    unit.start,
                    unit.end,
                    SECTION_LABELS[category],
                    "未填写：" + "、".join(dict.fromkeys(found)),
                )
            )
    if not passages:
        return Finding(
            "placeholders", "未完成文字", Status.PASS, "没有占位符（X、XX、×××、某某等）。"
        )
    return Finding(
        "placeholders",
        "未完成文字",
        Status.FAIL,
        f"{len(passages)} 句含占位符（X、XX、×××、某某等），是未写完的模板文字，不计为数据。",
        tuple(passages),
        figures={"sentences": len(passages)},
    )


def example_parts(text: str, places: list[str]) -> dict[str, str]:
    """Who/where, what and result found in ``text``; an example needs all three."""
    parts: dict[str, str] = {}
    person = PERSON.search(text)
    if person:
        parts["人物"] = person.group()
    if places:
        parts["地点"] = places[0]
    action = CASE_ACTION.search(text)
    if action:
        parts["做法"] = action.group()
    result = CASE_RESULT.search(text)
    if result:
        parts["结果"] = result.group()
    cue = CASE_CUE.search(text)
    if cue:
        parts["事例"] = cue.group()
    return parts


def is_example(parts: dict[str, str]) -> bool:
    """Someone named (a person by name, or a named place introduced as a case: 例如/以…为例),
    something done, and its result. "我带头讲党课9次" is data, not a case: the secretary's
    own work is the report itself."""
    someone = "人物" in parts or ("地点" in parts and "事例" in parts)
    return someone and "做法" in parts and "结果" in parts


# Commitments and formulas tell no case; nor does a plan in the measures (what will be done has
# no result yet), but rectification already done and told there does.
_TOLD_IN = (Category.ACHIEVEMENTS, Category.PROBLEMS, Category.CAUSES, Category.RECTIFICATION)


def find_examples(units: list[tuple[Passage, Category]], text: str) -> list[Passage]:
    """Examples, each a unit or a unit with the next one of its paragraph (a case is often
    told in two sentences: who did what, then the result)."""
    found: list[Passage] = []
    skip_to = -1
    for n, (unit, category) in enumerate(units):
        if unit.start < skip_to or category not in _TOLD_IN:
            continue
        # A case names someone (or is introduced as one) in its first sentence.
        if not (PERSON.search(unit.text) or CASE_CUE.search(unit.text)):
            continue
        window = unit
        if n + 1 < len(units):
            following = units[n + 1][0]
            if "\n" not in text[unit.end : following.start]:
                window = Passage(text[unit.start : following.end], unit.start, following.end)
        for candidate in (unit, window):
            clean = mask_placeholders(candidate.text)
            # A plan has no result yet, and a case with ××× in it is not written yet.
            if FUTURE.search(clean) or clean != candidate.text:
                break
            parts = example_parts(clean, named_places(clean))
            if is_example(parts):
                note = "事例：" + "；".join(f"{k} {v}" for k, v in parts.items())
                found.append(
                    Passage(
                        candidate.text,
                        candidate.start,
                        candidate.end,
                        SECTION_LABELS[category],
                        note,
                    )
                )
                skip_to = candidate.end
                break
    return found


def check_examples(
    units: list[tuple[Passage, Category]], text: str, settings: CheckSettings
) -> Finding:
    """How many concrete cases the report tells, with each case and what makes it one."""
    examples = find_examples(units, text)
    count = len(examples)
    status = Status.PASS if count >= settings.min_examples else Status.WARN
    message = f"找到具体事例 {count} 个（建议不少于 {settings.min_examples} 个）"
    if not count:
        message += "：没有哪一处讲清了谁、在哪里、做了什么、结果如何"
    return Finding(
        "examples", "具体事例", status, message + "。", tuple(examples), figures={"examples": count}
    )

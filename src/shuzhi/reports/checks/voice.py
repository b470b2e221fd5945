"""Who speaks and whose fault: the report speaks about the secretary's own duty, and its
causes include subjective ones.

The critiques of real reports: "只谈单位工作，个人履职尽责情况讲的很少" (the report speaks as
the unit); causes blamed only on funding, workload or the people (000: 原因剖析深, the
gate of the review). Both look at sentences, each shown with why it counts.
"""

from __future__ import annotations

from shuzhi.reports.checks.cues import (
    FIRST_PERSON,
    OBJECTIVE_CAUSE,
    OWN_DUTY,
    SUBJECTIVE_CAUSE,
    UNIT_VOICE,
)
from shuzhi.reports.checks.model import SECTION_LABELS, Category, Finding, Passage, Status
from shuzhi.reports.checks.sentences import is_lead_in
from shuzhi.reports.checks.settings import CheckSettings

# What one did, failed at and why: promises in the first person ("我承诺") do not show
# that the secretary reported on their own duty.
_BODY = (Category.ACHIEVEMENTS, Category.PROBLEMS, Category.CAUSES)


def _passage(unit: Passage, category: Category, note: str) -> Passage:
    return Passage(unit.text, unit.start, unit.end, SECTION_LABELS[category], note)


def check_first_person(units: list[tuple[Passage, Category]], settings: CheckSettings) -> Finding:
    """Sentences where the secretary speaks of their own duty (我/本人, the first responsible
    person's duties) against sentences that speak as the unit."""
    own: list[Passage] = []
    duty: list[Passage] = []
    unit_voice: list[Passage] = []
    for unit, category in units:
        if category not in _BODY:
            continue
        if FIRST_PERSON.search(unit.text):
            own.append(_passage(unit, category, "本人履职：以“我/本人”叙述"))
            if OWN_DUTY.search(unit.text):
                duty.append(own[-1])
        elif UNIT_VOICE.match(unit.text):
            unit_voice.append(_passage(unit, category, "以单位名义叙述，未讲本人做了什么"))
    figures = {
        "first_person": float(len(own)),
        "own_duty": float(len(duty)),
        "unit_voice": float(len(unit_voice)),
    }
    if not own:
        return Finding(
            "first_person",
            "本人履职",
            Status.FAIL,
            "全文没有一句以“我”或“本人”讲自己履行第一责任人职责的情况，只谈单位工作；"
            f"以单位名义叙述的有 {len(unit_voice)} 句。",
            tuple(unit_voice[:12]),
            figures=figures,
        )
    if len(own) < settings.min_first_person or not duty:
        missing = "没有讲到第一责任人职责" if not duty else f"只有 {len(own)} 句"
        return Finding(
            "first_person",
            "本人履职",
            Status.WARN,
            f"讲本人履职的句子{missing}（建议不少于 {settings.min_first_person} 句，"
            "并讲清作为第一责任人亲自抓了什么）。",
            tuple(own + unit_voice[:6]),
            figures=figures,
        )
    return Finding(
        "first_person",
        "本人履职",
        Status.PASS,
        f"以本人身份讲履职的有 {len(own)} 句，其中讲第一责任人职责的 {len(duty)} 句。",
        tuple(duty + [p for p in own if p not in duty]),
        figures=figures,
    )


def cause_kind(text: str) -> str | None:
    """ "subjective", "objective", or None when a sentence says neither (a lead-in)."""
    subjective = len(SUBJECTIVE_CAUSE.findall(text))
    objective = len(OBJECTIVE_CAUSE.findall(text))
    if "主观" in text or (subjective and subjective >= objective):
        return "subjective"
    if objective:
        return "objective"
    return None


def check_causes(units: list[tuple[Passage, Category]]) -> Finding:
    """Each cause sentence as subjective or objective; causes must include subjective ones."""
    causes = [(u, c) for u, c in units if c is Category.CAUSES and not is_lead_in(u.text)]
    passages = []
    counts = {"subjective": 0, "objective": 0, "unclear": 0}
    for unit, category in causes:
        kind = cause_kind(unit.text) or "unclear"
        counts[kind] += 1
        note = {"subjective": "主观原因", "objective": "客观原因", "unclear": "未说明主客观"}[kind]
        passages.append(_passage(unit, category, note))
    figures = {key: float(value) for key, value in counts.items()}
    if not causes:
        return Finding(
            "causes",
            "原因剖析",
            Status.FAIL,
            "没有找到原因剖析：问题从何而来没有讲。",
            figures=figures,
        )
    if not counts["subjective"]:
        return Finding(
            "causes",
            "原因剖析",
            Status.FAIL,
            f"原因 {len(causes)} 条都是客观原因（经费、任务、距离、群众素质等），"
            "没有从本人和班子的思想、责任、作风上找主观原因。",
            tuple(passages),
            figures=figures,
        )
    return Finding(
        "causes",
        "原因剖析",
        Status.PASS,
        f"原因 {len(causes)} 条，其中主观原因 {counts['subjective']} 条、客观原因 "
        f"{counts['objective']} 条。",
        tuple(passages),
        figures=figures,
    )

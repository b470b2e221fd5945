"""The proportions rule: achievements ≤ 1/3, problems ≥ 1/3, rectification ≥ 1/3 (000, 003)."""

from __future__ import annotations

from shuzhi.reports.checks.model import (
    SECTION_LABELS,
    Category,
    Finding,
    Passage,
    ReportDocument,
    Status,
)
from shuzhi.reports.checks.settings import CheckSettings
from shuzhi.reports.checks.text import counted_length


def shares(document: ReportDocument) -> dict[Category, float]:
    """Each category's share of the counted characters; the shares sum to 1 (or all are 0)."""
    lengths = dict.fromkeys(Category, 0)
    for span in document.spans:
        lengths[span.category] += counted_length(document.text[span.start : span.end])
    total = sum(lengths.values())
    if total == 0:
        return dict.fromkeys(Category, 0.0)
    return {category: length / total for category, length in lengths.items()}


def _verdict(value: float, limit: float, at_most: bool, tolerance: float) -> Status:
    miss = value - limit if at_most else limit - value
    if miss <= 0:
        return Status.PASS
    return Status.WARN if miss <= tolerance else Status.FAIL


def check_shares(document: ReportDocument, settings: CheckSettings) -> Finding:
    """Compare the grouped shares with the limits; the passages are the largest offending part."""
    share = shares(document)
    problems = share[Category.PROBLEMS] + share[Category.CAUSES]
    rectification = share[Category.RECTIFICATION] + share[Category.COMMITMENTS]
    achievements = share[Category.ACHIEVEMENTS]
    rules = [
        ("成绩", achievements, float(settings.max_achievements), True, Category.ACHIEVEMENTS),
        ("问题及原因", problems, float(settings.min_problems), False, Category.PROBLEMS),
        (
            "整改及承诺",
            rectification,
            float(settings.min_rectification),
            False,
            Category.RECTIFICATION,
        ),
    ]
    status = Status.PASS
    complaints: list[str] = []
    passages: list[Passage] = []
    for label, value, limit, at_most, category in rules:
        verdict = _verdict(value, limit, at_most, settings.share_tolerance)
        if verdict is Status.PASS:
            continue
        if verdict is Status.FAIL or status is Status.PASS:
            status = verdict
        bound = "不超过" if at_most else "不少于"
        complaints.append(f"{label}占 {value:.0%}，应{bound} {limit:.0%}")
        passages.extend(
            Passage(
                document.text[s.start : s.end][:120],
                s.start,
                s.end,
                SECTION_LABELS[s.category],
                note=f"计入「{SECTION_LABELS[s.category]}」",
            )
            for s in document.spans
            if s.category is category
        )
    if not document.spans:
        return Finding("shares", "篇幅比例", Status.FAIL, "报告没有正文。")
    how = "按结构化栏目统计" if document.structured else "按标题或逐句识别统计"
    message = "；".join(complaints) if complaints else "成绩、问题、整改的篇幅比例符合要求"
    figures = {c.value: round(v, 4) for c, v in share.items()}
    # For an offending "at most" rule show the longest spans first: those are what to cut.
    passages.sort(key=lambda p: p.end - p.start, reverse=True)
    return Finding(
        "shares", "篇幅比例", status, f"{message}（{how}）。", tuple(passages[:6]), figures=figures
    )

"""Responsiveness: each of the previous round's problems and commitments must be answered (003)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from shuzhi.reports.checks.model import Finding, Passage, PriorItem, ReportDocument, Status
from shuzhi.reports.checks.settings import CheckSettings
from shuzhi.reports.checks.text import sentences

# Bigrams that carry no content and would make any sentence look like an answer.
_FILLER = set("的了和与及在对把是有为等中上下不")
_FILLER_GRAMS = {a + b for a in _FILLER for b in _FILLER} | {"问题", "工作", "方面", "存在", "进一"}
_NOT_CONTENT = re.compile(r"[^\u4e00-\u9fa5A-Za-z0-9]+")


def content_bigrams(text: str) -> set[str]:
    chars = _NOT_CONTENT.sub("", text)
    grams = {chars[i : i + 2] for i in range(len(chars) - 1)}
    return grams - _FILLER_GRAMS


def best_answer(
    item: PriorItem, candidates: Sequence[tuple[Passage, set[str]]]
) -> tuple[Passage | None, float]:
    """The passage (a sentence with its neighbour) covering most of the item's content bigrams."""
    wanted = content_bigrams(item.text)
    if not wanted:
        return None, 0.0
    best: tuple[Passage | None, float] = (None, 0.0)
    for passage, grams in candidates:
        recall = len(wanted & grams) / len(wanted)
        if recall > best[1]:
            best = (passage, recall)
    return best


def _windows(document: ReportDocument) -> list[tuple[Passage, set[str]]]:
    """Each sentence with the next one, and their content bigrams. An answer often spans two
    sentences ("针对…问题，我们…。目前已…。"). A window's bigrams are its sentences' plus the
    one across the boundary (only punctuation lies between), so each sentence is read once."""
    found = list(sentences(document.text))
    chars = [_NOT_CONTENT.sub("", s.text) for s in found]
    grams = [{c[i : i + 2] for i in range(len(c) - 1)} for c in chars]
    windows = []
    for n, first in enumerate(found):
        if n + 1 == len(found):
            windows.append((first, grams[n] - _FILLER_GRAMS))
            continue
        second = found[n + 1]
        joined = grams[n] | grams[n + 1]
        if chars[n] and chars[n + 1]:
            joined.add(chars[n][-1] + chars[n + 1][0])
        passage = Passage(document.text[first.start : second.end], first.start, second.end)
        windows.append((passage, joined - _FILLER_GRAMS))
    return windows


def check_responsiveness(
    document: ReportDocument,
    items: Sequence[PriorItem],
    settings: CheckSettings,
    answers: Mapping[str, str] | None = None,
    previous: str = "去年",
) -> Finding:
    """Which prior items the report answers, explicitly (the editor's panel) or in its text.

    ``previous`` names the round they come from: "去年", or "上期" for half-year rounds."""
    title = f"回应{previous}问题"
    if not items:
        return Finding(
            "responsiveness", title, Status.PASS, f"没有需要回应的{previous}问题或承诺。"
        )
    answers = answers or {}
    windows = _windows(document)
    passages: list[Passage] = []
    unanswered: list[PriorItem] = []
    for item in items:
        explicit = (answers.get(item.key) or "").strip()
        if len(explicit) >= settings.min_answer_chars:
            passages.append(Passage(explicit, section="answer", note=f"已逐项回应：{item.text}"))
            continue
        passage, recall = best_answer(item, windows)
        if passage is not None and recall >= settings.answer_recall:
            passages.append(
                Passage(
                    passage.text,
                    passage.start,
                    passage.end,
                    str(document.category_at(passage.start)),
                    f"回应：{item.text}",
                )
            )
        else:
            unanswered.append(item)
            passages.append(Passage(item.text, section="unanswered", note="未回应"))
    answered = len(items) - len(unanswered)
    status = Status.PASS if not unanswered else Status.FAIL
    message = f"{previous}问题和承诺共 {len(items)} 项，已回应 {answered} 项"
    if unanswered:
        message += "，未回应：" + "；".join(i.text[:30] for i in unanswered[:5])
    return Finding(
        "responsiveness",
        title,
        status,
        message + "。",
        tuple(passages),
        figures={"items": len(items), "answered": answered},
    )

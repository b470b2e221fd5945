"""Responsiveness: each of the previous round's problems and commitments must be answered (003)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from shuzhi.reports.checks.model import Finding, Passage, PriorItem, ReportDocument, Status
from shuzhi.reports.checks.settings import CheckSettings
from shuzhi.reports.checks.text import sentences

# Bigrams that carry no content and would make any sentence look like an answer.
_FILLER = set("的了和与及在对把是有为等中上下不")
FILLER_GRAMS = {a + b for a in _FILLER for b in _FILLER} | {"问题", "工作", "方面", "存在", "进一"}
_NOT_CONTENT = re.compile(r"[^\u4e00-\u9fa5A-Za-z0-9]+")


def _is_content(codes: np.ndarray) -> np.ndarray:
    """Which code points ``_NOT_CONTENT`` keeps: Chinese characters, Latin letters, digits."""
    mask: np.ndarray = (
        ((codes >= 0x4E00) & (codes <= 0x9FA5))
        | ((codes >= 0x41) & (codes <= 0x5A))
        | ((codes >= 0x61) & (codes <= 0x7A))
        | ((codes >= 0x30) & (codes <= 0x39))
    )
    return mask


def content_chars(text: str) -> str:
    """The text's Chinese characters, letters and digits: what bigrams are taken over."""
    return _NOT_CONTENT.sub("", text)


def content_bigrams(text: str) -> set[str]:
    chars = content_chars(text)
    grams = {chars[i : i + 2] for i in range(len(chars) - 1)}
    return grams - FILLER_GRAMS


@dataclass(frozen=True)
class Windows:
    """Each sentence with the next one: an answer often spans two sentences ("针对…问题，
    我们…。目前已…。"). Held as the content characters of all sentences one after another,
    so an item's few bigrams are looked up in the text instead of every window's bigram
    set being built (a report has thousands, an item a dozen)."""

    text: str
    sentences: list[Passage]
    content: str  # the sentences' content characters, one sentence after another
    starts: list[int]  # where each sentence's characters begin in ``content``
    owner: list[int]  # the sentence each character of ``content`` belongs to

    @classmethod
    def of(cls, text: str) -> Windows:
        found = list(sentences(text))
        # Every content character of the text lies in one sentence (sentences leave out only
        # line ends, blanks and sentence ends with nothing before them), so the sentences'
        # content one after another is the text's, and a character's sentence is the last
        # one starting at or before it: one pass over the text, not a regex call per sentence.
        codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        content_at = np.flatnonzero(_is_content(codes))
        begins = np.array([s.start for s in found], dtype=np.int64)
        owner = np.searchsorted(begins, content_at, side="right") - 1
        counts = np.bincount(owner, minlength=len(found)).tolist()
        starts = list(itertools.accumulate(counts[:-1], initial=0))
        return cls(text, found, content_chars(text), starts, owner.tolist())

    def passage(self, number: int) -> Passage:
        first = self.sentences[number]
        if number + 1 == len(self.sentences):
            return first
        second = self.sentences[number + 1]
        return Passage(self.text[first.start : second.end], first.start, second.end)

    def holding(self, gram: str) -> set[int]:
        """The windows whose bigrams include ``gram``: those of the sentence it is in (its own
        and the one before), or the first of two sentences it straddles (only punctuation lies
        between them)."""
        found: set[int] = set()
        content, owner = self.content, self.owner
        at = content.find(gram)
        while at >= 0:
            # A gram is two characters, so ``at + 1`` lies in the content too.
            first, last = owner[at], owner[at + 1]
            if first == last:
                found.update((first - 1, first) if first else (first,))
            elif last == first + 1:
                found.add(first)
            at = content.find(gram, at + 1)
        return found


def best_answer(item: PriorItem, windows: Windows) -> tuple[Passage | None, float]:
    """The window (a sentence with its neighbour) covering most of the item's content bigrams;
    the first of equals."""
    wanted = content_bigrams(item.text)
    if not wanted:
        return None, 0.0
    covered: dict[int, int] = {}
    for gram in wanted:
        for number in windows.holding(gram):
            covered[number] = covered.get(number, 0) + 1
    if not covered:
        return None, 0.0
    number = min(covered, key=lambda n: (-covered[n], n))
    return windows.passage(number), covered[number] / len(wanted)


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
    windows = Windows.of(document.text)
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

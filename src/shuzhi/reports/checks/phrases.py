"""Stock phrases and empty talk (套话、空话): a maintained list plus a measure of generic text."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from shuzhi.reports.checks.density import concrete_items
from shuzhi.reports.checks.model import Finding, Passage, ReportDocument, Status
from shuzhi.reports.checks.settings import CheckSettings
from shuzhi.reports.checks.text import (
    JOIN,
    counted_length,
    matches_per_piece,
    or_join,
    sentences,
)

PHRASE_FILE = Path(__file__).with_name("stock_phrases.txt")

# Words that make a sentence sound busy while saying nothing checkable. A sentence with two of
# these and no number, place or case is counted as generic.
GENERIC_WORDS = (
    "进一步",
    "不断",
    "切实",
    "全面",
    "深入",
    "扎实",
    "有效",
    "积极",
    "大力",
    "持续",
    "着力",
    "努力",
    "认真",
    "充分",
    "显著",
    "明显",
    "坚决",
    "务实",
    "扎扎实实",
    "全方位",
    "各项",
    "有关",
    "相关",
    "一定",
    "较好",
    "有力",
    "更加",
    "水平",
    "意识",
    "氛围",
)


def read_phrases(lines: Iterable[str]) -> tuple[str, ...]:
    return tuple(
        stripped for line in lines if (stripped := line.strip()) and not stripped.startswith("#")
    )


@cache
def stock_phrases() -> tuple[str, ...]:
    """The maintained list shipped with the package."""
    return read_phrases(PHRASE_FILE.read_text(encoding="utf-8").splitlines())


_ANY_GENERIC = re.compile("|".join(GENERIC_WORDS))


_ANY_GENERIC_OR_JOIN = or_join(_ANY_GENERIC.pattern)


def generic_wording(sentence: str) -> bool:
    """Busy words and nothing checkable: two generic words and no number, place or case."""
    # The one-pass search only screens: words inside others (扎实 in 扎扎实实) count apart.
    if not _ANY_GENERIC.search(sentence):
        return False
    return _generic_past_screen(sentence)


def _generic_past_screen(sentence: str) -> bool:
    """``generic_wording`` for a sentence with some generic word."""
    if sum(1 for word in GENERIC_WORDS if word in sentence) < 2:
        return False
    return not sum(concrete_items(sentence))


def check_phrases(
    document: ReportDocument, settings: CheckSettings, extra_phrases: Iterable[str] = ()
) -> Finding:
    """Count stock phrases per thousand characters and the share of generic sentences."""
    phrases = stock_phrases() + tuple(extra_phrases)
    size = counted_length(document.text)
    if size == 0:
        return Finding("phrases", "套话空话", Status.FAIL, "报告没有正文。")
    hits: list[Passage] = []
    generic_chars = 0
    found_count = 0
    # One search screens the sentences; only a sentence with some phrase is counted exactly.
    # Screened all at once, joined (checks/text.py): neither a phrase nor a generic word
    # contains the join (a phrase that does, or an empty one, is screened sentence by
    # sentence).
    found = list(sentences(document.text))
    texts = [s.text for s in found]
    joined = JOIN.join(texts)
    if not phrases:
        has_phrase = [0] * len(texts)
    elif all(p and JOIN not in p for p in phrases) and JOIN not in joined:
        screen = or_join("|".join(map(re.escape, phrases)))
        has_phrase = matches_per_piece(screen.findall(joined), len(texts))
    else:
        plain = re.compile("|".join(map(re.escape, phrases)))
        has_phrase = [1 if plain.search(t) else 0 for t in texts]
    if JOIN in joined:
        has_generic = [1 if _ANY_GENERIC.search(t) else 0 for t in texts]
    else:
        has_generic = matches_per_piece(_ANY_GENERIC_OR_JOIN.findall(joined), len(texts))
    for sentence, has_any, generic in zip(found, has_phrase, has_generic, strict=True):
        used = [phrase for phrase in phrases if phrase in sentence.text] if has_any else []
        found_count += sum(sentence.text.count(phrase) for phrase in used)
        if used or (generic and _generic_past_screen(sentence.text)):
            generic_chars += counted_length(sentence.text)
            note = "套话：" + "、".join(used) if used else "空泛表述，无数据或事例"
            hits.append(
                Passage(
                    sentence.text,
                    sentence.start,
                    sentence.end,
                    str(document.category_at(sentence.start)),
                    note,
                )
            )
    per_thousand = found_count * 1000 / size
    generic_share = generic_chars / size
    too_many = per_thousand > settings.max_stock_per_thousand
    too_generic = generic_share > settings.max_generic_share
    status = (
        Status.FAIL
        if too_many and too_generic
        else Status.WARN
        if (too_many or too_generic)
        else Status.PASS
    )
    message = (
        f"套话 {found_count} 处，每千字 {per_thousand:.1f} 处（上限 {settings.max_stock_per_thousand:g}）；"
        f"空泛表述占 {generic_share:.0%}（上限 {settings.max_generic_share:.0%}）。"
    )
    return Finding(
        "phrases",
        "套话空话",
        status,
        message,
        tuple(hits),
        figures={
            "stock_phrases": found_count,
            "per_thousand": round(per_thousand, 2),
            "generic_share": round(generic_share, 4),
        },
    )

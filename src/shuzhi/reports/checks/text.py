"""Reading report text: sentences, paragraphs, headings, and which part each belongs to."""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator, Mapping
from functools import lru_cache

from shuzhi.reports.checks.model import SECTIONS, Category, Passage, ReportDocument, Span

_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]*")
_PARAGRAPH = re.compile(r"[^\n]+")
_SPACE = re.compile(r"\s")
# 一、… / （一）… / 1. … / 第一部分 — a heading is a short line that starts like this.
_TOP_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|第[一二三四五六七八九十]+部分)")
_SUB_HEADING = re.compile(r"^\s*(?:[（(][一二三四五六七八九十]+[）)]|\d+[、.．])")
_HEADING_MAX_CHARS = 40
# An item mark: 一是… / （一）… / 1. … / 首先… — where a numbered list starts or goes on.
ENUMERATOR = re.compile(
    r"\s*(?:[一二三四五六七八九十]+是|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．]"
    r"|[一二三四五六七八九十]+、|首先|其次|再次|最后|第[一二三四五六七八九十]+[，、是])"
)
# Where a unit of classification ends: after a sentence end or a semicolon (closing quotes
# stay with it), and after a colon that opens a list ("原因：一是……").
_UNIT_END = re.compile(r"[。！？!?；;][”’」』）)]*|[：:](?=" + ENUMERATOR.pattern + ")")


def _stripped_matches(pattern: re.Pattern[str], text: str, offset: int) -> Iterator[Passage]:
    """Each non-blank match of ``pattern``, stripped, with its place in ``text`` (+ offset)."""
    for match in pattern.finditer(text):
        found = match.group()
        stripped = found.strip()
        if stripped:
            start = offset + match.start() + (len(found) - len(found.lstrip()))
            yield Passage(stripped, start, start + len(stripped))


@lru_cache(maxsize=16)
def _sentences(text: str, offset: int) -> tuple[Passage, ...]:
    return tuple(_stripped_matches(_SENTENCE, text, offset))


def sentences(text: str, offset: int = 0) -> Iterator[Passage]:
    # Kept for the last few texts: several checks read the sentences of the same report.
    return iter(_sentences(text, offset))


def units(text: str, offset: int = 0) -> Iterator[Passage]:
    """The classifier's units: sentences, semicolon clauses and list lead-ins, per line."""
    for line in _stripped_matches(_PARAGRAPH, text, offset):
        bounds = [0, *(m.end() for m in _UNIT_END.finditer(line.text)), len(line.text)]
        for begin, end in itertools.pairwise(bounds):
            piece = line.text[begin:end]
            stripped = piece.strip()
            if stripped:
                start = line.start + begin + len(piece) - len(piece.lstrip())
                yield Passage(stripped, start, start + len(stripped))


@lru_cache(maxsize=16)
def _paragraphs(text: str) -> tuple[Passage, ...]:
    return tuple(_stripped_matches(_PARAGRAPH, text, 0))


def paragraphs(text: str) -> Iterator[Passage]:
    # Kept for the last few texts: the classifier, copying and density read the same report.
    return iter(_paragraphs(text))


# Joins many pieces of text for one regex pass over all of them (checks/sentences.py,
# density.py, phrases.py): a pattern that cannot match it and does not look around for it
# finds in each piece what it finds in that piece alone.
JOIN = "\0"


def or_join(pattern: str) -> re.Pattern[str]:
    """``pattern`` with the joining character as a first alternative of its own: a findall
    then also marks where each piece ends."""
    return re.compile(JOIN + "|" + pattern)


def found_per_piece(found: list[str]) -> list[list[str]]:
    """Each piece's matches in order, from the findall of an ``or_join`` pattern over the
    joined pieces (every join found starts the next piece's list)."""
    pieces: list[list[str]] = [[]]
    for word in found:
        if word == JOIN:
            pieces.append([])
        else:
            pieces[-1].append(word)
    return pieces


def matches_per_piece(found: list[str], pieces: int) -> list[int]:
    """Matches per piece, from the findall of an ``or_join`` pattern over the joined pieces."""
    counts = [len(words) for words in found_per_piece(found)]
    return (counts + [0] * pieces)[:pieces]  # no pieces: none (an empty join has one list)


def counted_length(text: str) -> int:
    """Characters that count towards a share: everything but whitespace."""
    if _SPACE.search(text) is None:
        return len(text)
    return len(text) - len(_SPACE.findall(text))


def is_heading(line: str) -> int:
    """0 for body text, 1 for a top heading (一、), 2 for a sub-heading (（一）)."""
    stripped = line.strip()
    # A numbered line that ends like a sentence is an item ("（一）党费收缴不及时。"), not a title.
    if len(stripped) > _HEADING_MAX_CHARS or stripped.endswith(("。", "；", ";", "：", ":")):
        return 0
    if _TOP_HEADING.match(line):
        return 1
    if _SUB_HEADING.match(line):
        return 2
    return 0


def uploaded_text(text: str) -> str:
    """An uploaded report's text as the checks read it (line ends made ``\\n``)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def from_sections(sections: Mapping[str, str]) -> ReportDocument:
    """A structured report: each section's text is a span of its own category."""
    parts: list[str] = []
    spans: list[Span] = []
    position = 0
    for category in SECTIONS:
        body = (sections.get(category.value) or "").strip()
        if not body:
            continue
        if parts:
            parts.append("\n\n")
            position += 2
        parts.append(body)
        spans.append(Span(category, position, position + len(body)))
        position += len(body)
    return ReportDocument("".join(parts), tuple(spans), structured=True)


def labelled_units(document: ReportDocument) -> list[tuple[Passage, Category]]:
    """Every unit of the report with the part it is counted in (headings: OTHER)."""
    if not document.structured:
        # An uploaded report's spans are its classified units already (headings have none).
        return [
            (Passage(document.text[s.start : s.end], s.start, s.end), s.category)
            for s in document.spans
        ]
    starts = [s.start for s in document.spans]
    found = []
    for unit in units(document.text):
        at = bisect.bisect_right(starts, unit.start) - 1
        span = document.spans[at] if at >= 0 else None
        inside = span is not None and span.start <= unit.start < span.end
        found.append((unit, span.category if inside and span else Category.OTHER))
    return found

"""Reading report text: sentences, paragraphs, headings, and which part each belongs to."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

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

# Cue words for classifying a heading or a sentence, strongest first within each category.
CUES: dict[Category, tuple[str, ...]] = {
    category: tuple(words.split())
    for category, words in {
        Category.CAUSES: "原因 根源 剖析 究其 根子 深层次 主观上 客观上 归根",
        Category.PROBLEMS: "问题 不足 差距 短板 薄弱 不到位 不够 欠缺 滞后 不力 不高 不强 不严 "
        "不实 偏少 弱化 虚化 缺乏 不平衡 未能 失联 不全",
        Category.RECTIFICATION: "整改 措施 下一步 将着力 着力 建立 完善 健全 推行 计划 打算 "
        "思路 坚持 将 要 抓好 底前 逐一 按程序 每季度 每月",
        Category.COMMITMENTS: "承诺 明年 来年 保证 确保 目标 力争 到年底 年内",
        Category.ACHIEVEMENTS: "成绩 成效 做法 亮点 完成 实现 取得 获评 荣获 新建 开展 组织 "
        "落实 推动 履职 履行职责 工作情况 主要工作",
    }.items()
}


def _stripped_matches(pattern: re.Pattern[str], text: str, offset: int) -> Iterator[Passage]:
    """Each non-blank match of ``pattern``, stripped, with its place in ``text`` (+ offset)."""
    for match in pattern.finditer(text):
        found = match.group()
        stripped = found.strip()
        if stripped:
            start = offset + match.start() + (len(found) - len(found.lstrip()))
            yield Passage(stripped, start, start + len(stripped))


def sentences(text: str, offset: int = 0) -> Iterator[Passage]:
    return _stripped_matches(_SENTENCE, text, offset)


def units(text: str, offset: int = 0) -> Iterator[Passage]:
    """The classifier's units: sentences, semicolon clauses and list lead-ins, per line."""
    for line in _stripped_matches(_PARAGRAPH, text, offset):
        bounds = [0, *(m.end() for m in _UNIT_END.finditer(line.text)), len(line.text)]
        for begin, end in zip(bounds, bounds[1:], strict=False):
            piece = line.text[begin:end]
            stripped = piece.strip()
            if stripped:
                start = line.start + begin + len(piece) - len(piece.lstrip())
                yield Passage(stripped, start, start + len(stripped))


def paragraphs(text: str) -> Iterator[Passage]:
    return _stripped_matches(_PARAGRAPH, text, 0)


def counted_length(text: str) -> int:
    """Characters that count towards a share: everything but whitespace."""
    return len(text) - len(_SPACE.findall(text))


def classify(text: str) -> Category | None:
    """The category whose cue words weigh most in ``text`` (earlier cues weigh more)."""
    best: tuple[float, Category] | None = None
    for category, cues in CUES.items():
        score = sum(1.0 / (1 + rank * 0.1) for rank, cue in enumerate(cues) if cue in text)
        if score and (best is None or score > best[0]):
            best = (score, category)
    return best[1] if best else None


def is_heading(line: str) -> int:
    """0 for body text, 1 for a top heading (一、), 2 for a sub-heading (（一）)."""
    if len(line.strip()) > _HEADING_MAX_CHARS:
        return 0
    if _TOP_HEADING.match(line):
        return 1
    if _SUB_HEADING.match(line):
        return 2
    return 0


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


def from_text(text: str) -> ReportDocument:
    """An uploaded report: headings set the category; with none, each sentence is classified."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = list(paragraphs(text))
    if any(is_heading(p.text) for p in lines):
        return ReportDocument(text, tuple(_spans_by_headings(lines)), structured=False)
    return ReportDocument(text, tuple(_spans_by_sentences(text)), structured=False)


def _spans_by_headings(lines: list[Passage]) -> Iterator[Span]:
    top = Category.OTHER
    current = Category.OTHER
    for line in lines:
        level = is_heading(line.text)
        if level:
            found = classify(line.text)
            if level == 1:
                top = found or Category.OTHER
                current = top
            else:
                # A sub-heading refines its part only where it clearly says so, e.g. （二）原因分析
                # under 二、存在的问题及原因.
                current = found if found and top is not Category.OTHER else top
                if top is Category.ACHIEVEMENTS:
                    current = top
            # The heading's own text is not counted: only what is written under it.
            continue
        yield Span(current, line.start, line.end)


def _spans_by_sentences(text: str) -> Iterator[Span]:
    previous = Category.OTHER
    for sentence in sentences(text):
        found = classify(sentence.text)
        # A sentence with no cue continues the thought of the one before it.
        category = found or previous
        previous = category
        yield Span(category, sentence.start, sentence.end)

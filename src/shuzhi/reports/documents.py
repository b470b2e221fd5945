"""Reading and writing .docx reports (python-docx; no Django), and splitting items out of text."""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from io import BytesIO
from typing import IO

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.run import Run

from shuzhi.core.workbook import DOCUMENT_LIMITS, check_archive
from shuzhi.reports.checks import SECTION_LABELS, SECTIONS

_NUMERALS = "一二三四五六七八九十"
# 一是… 二是…, （一）…, 1. … — the ways a report enumerates its problems or commitments.
_ITEM_MARK = re.compile(
    rf"(?:(?<=[。；;\n])|^)\s*(?:[{_NUMERALS}]+是|[（(][{_NUMERALS}\d]+[）)]|\d+[、.．])"
)


class UnreadableDocument(ValueError):
    """The upload is not a .docx python-docx can open."""


def read_docx(stream: IO[bytes]) -> str:
    """The text of a .docx, one paragraph a line (tables included, row by row).

    Raises ``ArchiveRefused`` for a file that would inflate too far (checked before parsing).
    """
    check_archive(stream, DOCUMENT_LIMITS)
    try:
        document = Document(stream)
    except Exception as error:  # python-docx raises several kinds for a damaged file
        raise UnreadableDocument(str(error)) from error
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("  ".join(cell.text for cell in row.cells))
    return "\n".join(line for line in lines if line.strip())


def split_items(text: str) -> list[str]:
    """A section's items: by 一是/（一）/1. marks if it has them, else by line, else by sentence."""
    text = text.strip()
    if not text:
        return []
    starts = [m.start() for m in _ITEM_MARK.finditer(text)]
    if len(starts) >= 2:
        bounds = [*starts, len(text)]
        head = text[: starts[0]].strip()
        items = [text[a:b].strip() for a, b in itertools.pairwise(bounds)]
        return [item for item in items if item] if len(head) < 40 else [head, *items]
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) >= 2:
        return lines
    return [s for s in re.split(r"(?<=[。；;！？])", text) if s.strip()]


def _font(run: Run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    # East Asian text takes its font from w:eastAsia, which python-docx does not set itself.
    properties = run._element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        properties.append(fonts)
    fonts.set(qn("w:eastAsia"), name)


def _page_number(paragraph: object) -> None:
    run = paragraph.add_run()  # type: ignore[attr-defined]
    _font(run, "宋体", 14)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._element.append(element)


def write_docx(title: str, subtitle: str, sections: Mapping[str, str], text: str = "") -> bytes:
    """An official layout: 方正小标宋-style title, 黑体 part headings, 仿宋 body, page numbers."""
    document = Document()
    section = document.sections[0]
    for side in ("top_margin", "bottom_margin"):
        setattr(section, side, Pt(105))
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Pt(79))
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(heading.add_run(title), "方正小标宋简体", 22)
    byline = document.add_paragraph()
    byline.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(byline.add_run(subtitle), "楷体_GB2312", 16)

    def body(line: str) -> None:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.first_line_indent = Pt(32)
        paragraph.paragraph_format.line_spacing = Pt(28)
        _font(paragraph.add_run(line), "仿宋_GB2312", 16)

    if text:
        for line in text.splitlines():
            if line.strip():
                body(line.strip())
    else:
        number = 0
        for category in SECTIONS:
            content = sections.get(category.value, "").strip()
            if not content:
                continue
            paragraph = document.add_paragraph()
            _font(paragraph.add_run(f"{_NUMERALS[number]}、{SECTION_LABELS[category]}"), "黑体", 16)
            number += 1
            for line in content.splitlines():
                if line.strip():
                    body(line.strip())
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_number(footer)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()

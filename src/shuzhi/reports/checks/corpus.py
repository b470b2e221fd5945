"""The labelled-report format of the sentence classifier's corpus (tests/reports/corpus/).

One file per report: ``# key: value`` lines of metadata, then one unit a line as
``LABEL text`` (A 成绩, P 问题, C 原因, R 整改, M 承诺, O 其他, H 标题), a blank line between
paragraphs. A paragraph's text is its units joined as written, so the file is the report.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from shuzhi.reports.checks.model import Category

LABELS: dict[str, Category | None] = {
    "A": Category.ACHIEVEMENTS,
    "P": Category.PROBLEMS,
    "C": Category.CAUSES,
    "R": Category.RECTIFICATION,
    "M": Category.COMMITMENTS,
    "O": Category.OTHER,
    "H": None,  # a heading: counts for no section
}
CODES: dict[Category, str] = {c: code for code, c in LABELS.items() if c is not None}


@dataclass(frozen=True)
class Unit:
    label: str
    text: str


@dataclass(frozen=True)
class LabelledReport:
    name: str
    meta: dict[str, str]
    paragraphs: list[list[Unit]]

    @property
    def text(self) -> str:
        return "\n".join("".join(u.text for u in p) for p in self.paragraphs)

    @property
    def units(self) -> list[Unit]:
        return [u for p in self.paragraphs for u in p]

    @property
    def held_apart(self) -> bool:
        return self.meta.get("held_apart") == "yes"


def write_report(path: Path, report: LabelledReport) -> None:
    lines = [f"# {key}: {value}" for key, value in report.meta.items()]
    for paragraph in report.paragraphs:
        lines.append("")
        lines.extend(f"{u.label} {u.text}" for u in paragraph)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def read_report(path: Path) -> LabelledReport:
    meta: dict[str, str] = {}
    paragraphs: list[list[Unit]] = []
    current: list[Unit] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("#"):
            key, _, value = line[1:].partition(":")
            meta[key.strip()] = value.strip()
        elif not line.strip():
            if current:
                paragraphs.append(current)
            current = []
        else:
            label, _, text = line.partition(" ")
            if label not in LABELS or not text:
                raise ValueError(f"{path.name}:{number}: expected 'LABEL text', got {line!r}")
            current.append(Unit(label, text))
    if current:
        paragraphs.append(current)
    return LabelledReport(path.stem, meta, paragraphs)


def read_corpus(directory: Path) -> Iterator[LabelledReport]:
    for path in sorted(directory.glob("*.txt")):
        yield read_report(path)

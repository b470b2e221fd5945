"""Plain data the checks work on and return (no Django import)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any


class Category(StrEnum):
    """What a stretch of report text is about; the five sections plus text outside them."""

    ACHIEVEMENTS = "achievements"
    PROBLEMS = "problems"
    CAUSES = "causes"
    RECTIFICATION = "rectification"
    COMMITMENTS = "commitments"
    OTHER = "other"


SECTION_LABELS: dict[Category, str] = {
    Category.ACHIEVEMENTS: "工作成绩",
    Category.PROBLEMS: "存在问题",
    Category.CAUSES: "原因剖析",
    Category.RECTIFICATION: "整改措施",
    Category.COMMITMENTS: "来年承诺",
    Category.OTHER: "其他内容",
}
SECTIONS: tuple[Category, ...] = tuple(c for c in Category if c is not Category.OTHER)


class Status(StrEnum):
    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"


@dataclass(frozen=True)
class Span:
    """A stretch of the report's full text given to one category."""

    category: Category
    start: int
    end: int


@dataclass(frozen=True)
class ReportDocument:
    """A report as one text with its category spans; headings belong to no span."""

    text: str
    spans: tuple[Span, ...]
    structured: bool

    def category_at(self, offset: int) -> Category:
        for span in self.spans:
            if span.start <= offset < span.end:
                return span.category
        return Category.OTHER

    def section_text(self, category: Category) -> str:
        return "\n".join(self.text[s.start : s.end] for s in self.spans if s.category is category)


@dataclass(frozen=True)
class Passage:
    """A piece of text a finding is based on, with its place in the report."""

    text: str
    start: int = 0
    end: int = 0
    section: str = ""
    note: str = ""


@dataclass(frozen=True)
class PassagePair:
    """A passage of this report beside the near-identical passage of another report."""

    ours: Passage
    theirs: Passage
    source: str  # e.g. "同轮次：乙1镇党委" or "2023年：本人往年报告"
    similarity: float


@dataclass(frozen=True)
class Finding:
    """One check's verdict with the passages it rests on."""

    rule: str
    title: str
    status: Status
    message: str
    passages: tuple[Passage, ...] = ()
    pairs: tuple[PassagePair, ...] = ()
    figures: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class PriorItem:
    """A problem or commitment of last year that this report must answer (mirrors core.events)."""

    key: str
    source: str
    text: str
    status: str = ""


@dataclass(frozen=True)
class RecordFigure:
    """One kind of the secretary's own work record over the round (mirrors core.events'
    WorkRecordFigure): what the report may cite, and how a report names it."""

    kind: str
    label: str  # e.g. "下基层驻村"
    confirmed: Decimal  # confirmed by the level above
    logged: Decimal  # every entry, confirmed or not
    cues: tuple[str, ...]  # words naming the kind in a report, e.g. ("驻村", "下基层")
    units: tuple[str, ...]  # measure words it is counted in, the record's own first
    sentence: str = ""  # a sentence to cite it, e.g. "全年下基层驻村182天（目标180天）"


@dataclass(frozen=True)
class CheckResult:
    findings: tuple[Finding, ...]

    @property
    def worst(self) -> Status:
        statuses = {f.status for f in self.findings}
        for status in (Status.FAIL, Status.WARN):
            if status in statuses:
                return status
        return Status.PASS

    def by_rule(self, rule: str) -> Finding | None:
        return next((f for f in self.findings if f.rule == rule), None)

    def as_dict(self) -> dict[str, Any]:
        return {"worst": str(self.worst), "findings": [f.as_dict() for f in self.findings]}

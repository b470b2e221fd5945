"""Pure rectification rules: the item status machine, deadlines, duplicates, evidence files.

No Django import, so the rules are property-tested on their own and shared by the services,
the CLI and the benchmark.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from enum import StrEnum

from shuzhi.core.evidence import MAX_EVIDENCE_BYTES as MAX_EVIDENCE_BYTES
from shuzhi.core.evidence import EvidenceRefused as EvidenceRefused
from shuzhi.core.evidence import evidence_kind as evidence_kind
from shuzhi.core.months import add_months as add_months
from shuzhi.core.vocabulary.base import Vocabulary


class Status(Vocabulary):
    """Where a rectification item stands; only the superior moves it to 已销号."""

    PLANNED = "planned", "待整改"
    IN_PROGRESS = "in_progress", "整改中"
    SUBMITTED = "submitted", "待销号"
    RETURNED = "returned", "已退回"
    CLOSED = "closed", "已销号"
    # The problem was withdrawn (e.g. a dispute over a finding upheld): no further step.
    WITHDRAWN = "withdrawn", "已撤销"


class Action(StrEnum):
    START = "start"
    SUBMIT = "submit"
    RETURN = "return"
    CLOSE = "close"


class Side(StrEnum):
    """In which capacity someone acts: for the item's own organisation or as its superior."""

    OWNER = "owner"
    SUPERIOR = "superior"


# (from, action) -> (to, the side that may take it). The owner works and submits; only the
# superior returns or signs off (销号): "问题不解决…不销号", and an item is never closed by its owner.
TRANSITIONS: dict[tuple[Status, Action], tuple[Status, Side]] = {
    (Status.PLANNED, Action.START): (Status.IN_PROGRESS, Side.OWNER),
    (Status.IN_PROGRESS, Action.SUBMIT): (Status.SUBMITTED, Side.OWNER),
    (Status.RETURNED, Action.START): (Status.IN_PROGRESS, Side.OWNER),
    (Status.RETURNED, Action.SUBMIT): (Status.SUBMITTED, Side.OWNER),
    (Status.SUBMITTED, Action.RETURN): (Status.RETURNED, Side.SUPERIOR),
    (Status.SUBMITTED, Action.CLOSE): (Status.CLOSED, Side.SUPERIOR),
}

#: No further step: signed off, or withdrawn with its problem.
FINISHED_STATUSES = frozenset({Status.CLOSED, Status.WITHDRAWN})
OPEN_STATUSES = frozenset(s for s in Status if s not in FINISHED_STATUSES)


class TransitionRefused(Exception):
    """An action that the status machine does not allow; the message is for the user."""


def next_status(current: Status, action: Action, sides: frozenset[Side]) -> Status:
    """The status after someone acting as ``sides`` takes ``action`` in ``current``, or refuse."""
    rule = TRANSITIONS.get((current, action))
    if rule is None:
        raise TransitionRefused(f"当前状态下不能执行该操作（{current.value} → {action.value}）")
    target, allowed = rule
    if allowed not in sides:
        if action is Action.CLOSE:
            raise TransitionRefused("只有上级组织才能销号，责任单位不能自行销号")
        raise TransitionRefused("您无权对该整改事项执行此操作")
    return target


def actions_for(current: Status, sides: frozenset[Side]) -> list[Action]:
    """The actions someone acting as ``sides`` may take now, in the order a page offers them."""
    return [a for (s, a), (_, who) in TRANSITIONS.items() if s is current and who in sides]


def is_overdue(deadline: date, status: str, today: date) -> bool:
    """An item is overdue once its deadline has passed and it is neither closed nor withdrawn
    (the one rule: the SQL form is ``models.overdue_condition``, and a test shows the two agree)."""
    return status not in FINISHED_STATUSES and today > deadline


def is_report_overdue(due_date: date, delivered_on: date | None, today: date) -> bool:
    """A written rectification report is overdue once its due date has passed undelivered (the
    SQL form is ``models.report_overdue_condition``)."""
    return delivered_on is None and today > due_date


def closed_on_time(deadline: date, closed_on: date | None) -> bool:
    return closed_on is not None and closed_on <= deadline


# --- Duplicate problems --------------------------------------------------------------------

_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)
DUPLICATE_THRESHOLD = 0.8


def normalise(text: str) -> str:
    """Text reduced for comparison: full-width folded, lower case, no spaces or punctuation."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", text).lower())


def similarity(first: str, second: str) -> float:
    """Similarity of two problem texts in [0, 1] after normalising both."""
    a, b = normalise(first), normalise(second)
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


@dataclass(frozen=True)
class Candidate:
    key: int
    text: str


def duplicate_pairs(
    problems: list[Candidate], threshold: float = DUPLICATE_THRESHOLD
) -> list[tuple[Candidate, Candidate, float]]:
    """Pairs of problems whose texts look alike, most alike first (earlier problem first)."""
    pairs = []
    ordered = sorted(problems, key=lambda c: c.key)
    for index, first in enumerate(ordered):
        for second in ordered[index + 1 :]:
            score = similarity(first.text, second.text)
            if score >= threshold:
                pairs.append((first, second, score))
    return sorted(pairs, key=lambda p: (-p[2], p[0].key, p[1].key))

"""Overdue warning colours (蓝/黄/红) of the department's dashboard (pure: no Django).

The longer an item stays open past its deadline, the hotter its colour: up to ``BLUE_DAYS``
days blue, up to ``YELLOW_DAYS`` yellow, then red — the usual three-tier 预警 of a supervision
ledger, so a county with red items is followed up first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date

from shuzhi.core.vocabulary.base import Vocabulary

BLUE_DAYS = 15
YELLOW_DAYS = 30


class WarningLevel(Vocabulary):
    BLUE = "blue", "蓝色预警"
    YELLOW = "yellow", "黄色预警"
    RED = "red", "红色预警"


def level(deadline: date, today: date) -> WarningLevel | None:
    """The colour of an open item with ``deadline`` on ``today``; ``None`` if not yet overdue."""
    days = (today - deadline).days
    if days <= 0:
        return None
    if days <= BLUE_DAYS:
        return WarningLevel.BLUE
    if days <= YELLOW_DAYS:
        return WarningLevel.YELLOW
    return WarningLevel.RED


def tally(deadlines: Iterable[date], today: date) -> dict[WarningLevel, int]:
    """How many of the open items' deadlines fall in each colour (every colour present)."""
    counts = Counter(level(d, today) for d in deadlines)
    return {colour: counts.get(colour, 0) for colour in WarningLevel}

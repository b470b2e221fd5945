"""Year over year (逐年对比): figures of a subtree, a unit or a person across rounds (pure).

The inputs are published results (``core.events.ReporterOutcome``-like rows) and problem counts;
every share is of the ballots or reporters actually counted, so a round without ballots shows
no share rather than 0 %.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

MOVERS = 10


class Outcome(Protocol):
    @property
    def round_id(self) -> int: ...
    @property
    def organization_id(self) -> int: ...
    @property
    def composite(self) -> float: ...
    @property
    def rank(self) -> int | None: ...
    @property
    def group_size(self) -> int: ...
    @property
    def grade(self) -> str: ...
    @property
    def class_number(self) -> int | None: ...
    @property
    def good(self) -> int: ...
    @property
    def fair(self) -> int: ...
    @property
    def ballots(self) -> int: ...


def share(part: int, whole: int) -> float | None:
    """``part`` of ``whole`` (0–1), or ``None`` when there is nothing to share."""
    return part / whole if whole else None


@dataclass(frozen=True)
class RoundFigures:
    """A subtree's figures in one round."""

    round_id: int
    year: int
    reporters: int
    mean_composite: float | None
    grades: Mapping[str, int]
    classes: Mapping[int, int]
    good_share: float | None
    fair_share: float | None
    problems: int = 0
    recurred: int = 0


def round_figures(
    round_id: int, year: int, outcomes: Iterable[Outcome], problems: int = 0, recurred: int = 0
) -> RoundFigures:
    rows = list(outcomes)
    ballots = sum(o.ballots for o in rows)
    return RoundFigures(
        round_id=round_id,
        year=year,
        reporters=len(rows),
        mean_composite=sum(o.composite for o in rows) / len(rows) if rows else None,
        grades=dict(Counter(o.grade for o in rows if o.grade)),
        classes=dict(Counter(o.class_number for o in rows if o.class_number is not None)),
        good_share=share(sum(o.good for o in rows), ballots),
        fair_share=share(sum(o.fair for o in rows), ballots),
        problems=problems,
        recurred=recurred,
    )


@dataclass(frozen=True)
class Move:
    """A unit's change from one round to the next."""

    organization_id: int
    before: float
    after: float

    @property
    def change(self) -> float:
        return self.after - self.before


@dataclass(frozen=True)
class Movers:
    improved: list[Move] = field(default_factory=list)
    fell: list[Move] = field(default_factory=list)


def movers(before: Iterable[Outcome], after: Iterable[Outcome], size: int = MOVERS) -> Movers:
    """The units whose composite rose most and fell most between two rounds (in both)."""
    earlier = _by_unit(before)
    later = _by_unit(after)
    moves = [Move(unit, earlier[unit], later[unit]) for unit in later.keys() & earlier.keys()]
    rising = sorted(
        (m for m in moves if m.change > 0), key=lambda m: (-m.change, m.organization_id)
    )
    falling = sorted(
        (m for m in moves if m.change < 0), key=lambda m: (m.change, m.organization_id)
    )
    return Movers(rising[:size], falling[:size])


def _by_unit(outcomes: Iterable[Outcome]) -> dict[int, float]:
    """A unit's composite in a round; a unit with two reporters counts their mean."""
    values: dict[int, list[float]] = defaultdict(list)
    for outcome in outcomes:
        values[outcome.organization_id].append(outcome.composite)
    return {unit: sum(v) / len(v) for unit, v in values.items()}


@dataclass(frozen=True)
class SeriesRow:
    """One round of a unit's or a person's record."""

    round_id: int
    year: int
    composite: float | None
    rank: int | None
    group_size: int | None
    grade: str
    class_number: int | None
    good_share: float | None
    fair_share: float | None
    problems: int
    recurred: int


def series(
    rounds: Sequence[tuple[int, int]],
    outcomes: Iterable[Outcome],
    problems: Mapping[int, int],
    recurred: Mapping[int, int],
) -> list[SeriesRow]:
    """One row per (round id, year), oldest first; a round without a result has empty cells."""
    first: dict[int, Outcome] = {}
    for outcome in outcomes:
        first.setdefault(outcome.round_id, outcome)
    rows = []
    for round_id, year in sorted(rounds, key=lambda pair: (pair[1], pair[0])):
        o = first.get(round_id)
        rows.append(
            SeriesRow(
                round_id=round_id,
                year=year,
                composite=o.composite if o else None,
                rank=o.rank if o else None,
                group_size=o.group_size if o else None,
                grade=o.grade if o else "",
                class_number=o.class_number if o else None,
                good_share=share(o.good, o.ballots) if o else None,
                fair_share=share(o.fair, o.ballots) if o else None,
                problems=problems.get(round_id, 0),
                recurred=recurred.get(round_id, 0),
            )
        )
    return rows

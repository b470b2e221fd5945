"""A dot plot of composites per peer group, as plain geometry for an inline SVG (no Django)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

WIDTH = 640
LANE = 36
LEFT = 110
RIGHT = 20
TOP = 24


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    label: str
    flagged: bool  # on the interview list or vetoed


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    lanes: list[tuple[float, str]]  # (y, group name)
    ticks: list[tuple[float, str]]  # (x, value)
    dots: list[Dot]


def dot_plot(groups: Sequence[tuple[str, Sequence[tuple[Decimal, str, bool]]]]) -> Chart:
    """One lane per group; each reporter a dot at its composite (min..max of the round)."""
    values = [value for _, rows in groups for value, _, _ in rows]
    low = float(min(values, default=Decimal(0)))
    high = float(max(values, default=Decimal(100)))
    low, high = (low - 1, high + 1) if high - low < 2 else (low, high)
    span = WIDTH - LEFT - RIGHT

    def x_of(value: float) -> float:
        return round(LEFT + (value - low) / (high - low) * span, 1)

    dots, lanes = [], []
    for index, (name, rows) in enumerate(groups):
        y = TOP + index * LANE + LANE / 2
        lanes.append((y, name))
        for value, label, flagged in rows:
            dots.append(Dot(x_of(float(value)), y, f"{label}：{value}", flagged))
    ticks = [
        (x_of(low + (high - low) * step / 4), f"{low + (high - low) * step / 4:.1f}")
        for step in range(5)
    ]
    return Chart(WIDTH, TOP + len(groups) * LANE + 24, lanes, ticks, dots)

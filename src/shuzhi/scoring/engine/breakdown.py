"""Every reporter's breakdown in fixed point for a whole round at once, and its lines as text.

The same lines as the Decimal reference path (``reference.score_reporter``) — same order, same
figures, same notes — but computed over columns of integers, so a province round is not taken
apart one reporter at a time in Decimal. A line is kept compactly as a ``Line`` tuple
(``source, item, raw, weight, points, count``): raw and points in 10^-10 (every line is exact
at that scale, docs/scoring.md), weight in 10^-2, and ``count`` what the note needs (assessors of
a leaf, votes of a category, 1/0 for an entered or missing source). ``contribution`` turns one
back into the ``Contribution`` the reference path gives.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

import numpy as np

from .fast import POINTS_DECIMALS, FastScores, indicator_nodes, onsite_parts
from .fixedpoint import IntArray, div_round, from_units, to_units
from .reference import plain
from .rules import IndicatorTree
from .table import ScoreTable
from .types import SCORE_DECIMALS, WEIGHT_DECIMALS, Contribution, RoundRules, source_label

LINE_DECIMALS = 10
Line = tuple[str, str, int | None, int | None, int, int | None]

_FROM_SCORE = 10 ** (LINE_DECIMALS - SCORE_DECIMALS)
_FROM_POINTS = 10 ** (LINE_DECIMALS - POINTS_DECIMALS)
#: A score (10^-4) times a percent / 100 (10^-4) is in 10^-8: this many 10^-10 units.
_SCORED_SHARE = 10 ** (LINE_DECIMALS - SCORE_DECIMALS - 2 * WEIGHT_DECIMALS)


@dataclass(frozen=True)
class _Slot:
    """One possible line for every reporter: constant parts, columns, and who has it."""

    source: str
    item: str
    raw: IntArray | None
    weight: int | None
    points: IntArray
    count: IntArray | None
    keep: np.ndarray | None

    def line(self, row: int) -> Line | None:
        if self.keep is not None and not self.keep[row]:
            return None
        raw = int(self.raw[row]) if self.raw is not None else None
        count = int(self.count[row]) if self.count is not None else None
        return (self.source, self.item, raw, self.weight, int(self.points[row]), count)

    def variable(self) -> list[IntArray]:
        """The columns ``template`` leaves to fill, in its order."""
        return [c for c in (self.raw, self.points, self.count) if c is not None]

    def template(self) -> str:
        """This line as JSON text with ``%d`` for each of ``variable``'s columns."""
        head = json.dumps([self.source, self.item], ensure_ascii=False)[:-1].replace("%", "%%")
        raw = "null" if self.raw is None else "%d"
        weight = "null" if self.weight is None else str(self.weight)
        count = "null" if self.count is None else "%d"
        return f"{head},{raw},{weight},%d,{count}]"

    def shape(self) -> str:
        """What the columns do not say: the constant parts and which columns exist."""
        present = "".join("-" if c is None else "+" for c in (self.raw, self.count, self.keep))
        return json.dumps([self.source, self.item, self.weight, present], ensure_ascii=False)

    def columns(self) -> list[np.ndarray]:
        return [c for c in (self.raw, self.points, self.count, self.keep) if c is not None]


class Breakdowns:
    """Every reporter's lines, kept as columns: as ``Line`` tuples for one reporter or all,
    or as JSON text (what the server stores) without a Python object per line."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.slots: list[_Slot] = []
        self.total = np.zeros(size, dtype=np.int64)

    def add(
        self,
        source: str,
        item: str,
        raw: IntArray | None,
        weight: int | None,
        points: IntArray,
        count: IntArray | None = None,
        where: np.ndarray | None = None,
    ) -> None:
        if where is not None and not where.any():
            return
        if where is None or where.all():
            keep = None
            self.total += points
        else:
            keep = np.array(where, dtype=bool)
            self.total += np.where(where, points, 0)
        # Copies: the caller's arrays may be reused for the next line.
        self.slots.append(
            _Slot(
                source,
                item,
                np.array(raw, dtype=np.int64) if raw is not None else None,
                weight,
                np.array(points, dtype=np.int64),
                np.array(count, dtype=np.int64) if count is not None else None,
                keep,
            )
        )

    def of(self, row: int) -> list[Line]:
        return [line for slot in self.slots if (line := slot.line(row)) is not None]

    def texts(self, rows: IntArray | None = None) -> list[str]:
        """One JSON array of lines per reporter (of ``rows``, every reporter by default), e.g.
        ``[["onsite","rounding",null,…],…]``.

        Reporters with the same lines (which optional lines they have) share one printf
        template, filled from one row of integers each: a province round's 1.5 M lines are
        formatted by 100,000 ``%`` operations, not one string per line."""
        chosen = np.arange(self.size) if rows is None else rows
        if not self.slots:
            return ["[]"] * len(chosen)
        optional = [slot for slot in self.slots if slot.keep is not None]
        patterns = np.column_stack(
            [np.zeros(len(chosen), dtype=bool)]
            + [slot.keep[chosen] for slot in optional if slot.keep is not None]
        )
        kinds, which = np.unique(patterns, axis=0, return_inverse=True)
        which = which.reshape(-1)
        texts: list[str] = [""] * len(chosen)
        for kind, pattern in enumerate(kinds.tolist()):
            kept = dict(zip((id(slot) for slot in optional), pattern[1:], strict=True))
            slots = [slot for slot in self.slots if kept.get(id(slot), True)]
            members = np.flatnonzero(which == kind)
            at = chosen[members]
            values = np.column_stack(
                [np.zeros(len(at), dtype=np.int64)]
                + [column[at] for slot in slots for column in slot.variable()]
            )[:, 1:]
            template = "[" + ",".join(slot.template() for slot in slots) + "]"
            for member, row in zip(members.tolist(), values.tolist(), strict=True):
                texts[member] = template % tuple(row)
        return texts

    def shape(self) -> str:
        """The lines' constant parts, in order: with ``columns`` it determines every text."""
        return "[" + ",".join(slot.shape() for slot in self.slots) + "]"

    def columns(self) -> list[np.ndarray]:
        """Every per-reporter column of every line, as integers."""
        return [column for slot in self.slots for column in slot.columns()]


def breakdown_lines(
    rules: RoundRules, tree: IndicatorTree, table: ScoreTable, scores: FastScores
) -> Breakdowns:
    """Each reporter's lines, adding up exactly to its composite (checked, as integers)."""
    percents = [to_units(w, WEIGHT_DECIMALS, key) for key, w in rules.weights.items()]
    keys = [key for key, _ in rules.weights.items()]
    lines = Breakdowns(table.size)
    if percents[0]:
        _indicator_lines(lines, rules, tree, table, percents[0])
    if percents[1]:
        _onsite_lines(lines, rules, table, percents[1])
    for column, key in enumerate(keys[2:]):
        percent = percents[2 + column]
        if percent:
            entered = table.entered[:, column]
            present = (
                table.present[:, column]
                if table.present is not None
                else np.ones(table.size, dtype=bool)
            )
            points = entered * percent * _SCORED_SHARE
            lines.add(key, key, entered * _FROM_SCORE, percent, points, present.astype(np.int64))
    exact = scores.subtotals @ np.array(percents, dtype=np.int64)  # the composite in 10^-10
    composite = scores.composites * 10 ** (LINE_DECIMALS - rules.places)
    rounding = composite - exact
    lines.add("composite", "rounding", exact, None, rounding, where=rounding != 0)
    if not np.array_equal(lines.total, composite):
        raise AssertionError("breakdown lines do not add up to the composites")
    return lines


def _indicator_lines(
    lines: Breakdowns, rules: RoundRules, tree: IndicatorTree, table: ScoreTable, percent: int
) -> None:
    # A leaf's points times percent/100: 10^-6 × 10^-2 / 10^2 = 10^-10, exactly.
    nodes = indicator_nodes(rules, tree, table)
    leaf_column = tree.leaf_index()
    for code in tree.post_order:
        node = tree.nodes[code]
        value, held = nodes.values[code], nodes.held[code]
        if code in leaf_column:
            column = leaf_column[code]
            lines.add(
                "indicators",
                code,
                nodes.means[:, column] * _FROM_SCORE,
                to_units(node.weight, WEIGHT_DECIMALS, code),
                value * percent,
                table.leaf_counts[:, column],
            )
        if node.cap is not None or node.floor is not None:
            lines.add(
                "indicators",
                f"cap:{code}",
                value * _FROM_POINTS,
                None,
                (held - value) * percent,
                where=held != value,
            )


def _onsite_lines(lines: Breakdowns, rules: RoundRules, table: ScoreTable, percent: int) -> None:
    parts = onsite_parts(rules, table)
    voted = parts.weight_sum > 0
    divisor = np.maximum(parts.weight_sum, 1)
    shown = np.zeros(table.size, dtype=np.int64)
    for column, (category, weight) in enumerate(rules.voter_weights.items()):
        units = to_units(weight, WEIGHT_DECIMALS, category)
        mean = parts.means[:, column]
        # weight × mean × percent/100 / weight sum, at 10^-10 like the reference's quantize.
        share = div_round(units * mean * percent * _SCORED_SHARE, divisor, ROUND_HALF_EVEN)
        where = (parts.votes[:, column] > 0) & voted
        shown += np.where(where, share, 0)
        lines.add(
            "onsite", category, mean * _FROM_SCORE, units, share, parts.votes[:, column], where
        )
    rest = parts.score * percent * _SCORED_SHARE - shown
    lines.add("onsite", "rounding", None, None, rest, where=rest != 0)


def contribution(line: Line, tree: IndicatorTree, places: int) -> Contribution:
    """The reference path's ``Contribution`` for a compact line (notes included)."""
    source, item, raw, weight, points, count = line
    value = None if raw is None else from_units(raw, LINE_DECIMALS)
    return Contribution(
        source=source,
        item=item,
        raw=value,
        weight=None if weight is None else from_units(weight, WEIGHT_DECIMALS),
        points=from_units(points, LINE_DECIMALS),
        note=_note(source, item, value, points, count, tree, places),
    )


def _note(
    source: str,
    item: str,
    value: Decimal | None,
    points: int,
    count: int | None,
    tree: IndicatorTree,
    places: int,
) -> str:
    if source == "indicators" and item.startswith("cap:"):
        node = tree.nodes[item.removeprefix("cap:")]
        shown = plain(value) if value is not None else ""
        if points < 0:
            return f"{node.name}：{shown} 超过上限 {node.cap}，按上限计"
        return f"{node.name}：{shown} 低于下限 {node.floor}，按下限计"
    if source == "indicators":
        node = tree.nodes[item]
        if count:
            return f"{node.name}（{node.kind.label}，{count} 名考核人平均）"
        return f"{node.name}（{node.kind.label}，未评分）"
    if source == "onsite":
        return "现场测评得分舍入" if item == "rounding" else f"{count} 票"
    if source == "composite":
        return f"总分保留 {places} 位小数"
    return source_label(source) if count else f"{source_label(source)}（未录入，按 0 计）"

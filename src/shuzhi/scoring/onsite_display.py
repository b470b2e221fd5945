"""Showing the on-site source without exposing small voter categories (no Django import).

The meeting shows a voter category with fewer valid ballots than its ``small_category_threshold``
only merged with others (``meetings.rules.merge_small_categories``); scoring's breakdown shows
the same groups. The computation itself keeps the per-category weights: only the display merges.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from shuzhi.core.vocabulary.grades import EvaluationGrade
from shuzhi.meetings.rules import MERGED, merge_small_categories

Line = Mapping[str, Any]  # one stored breakdown line: source, item, raw, weight, points, note


def voters_by_category(tallies: Iterable[tuple[int, str, int]]) -> dict[str, int]:
    """Ballots per category from (reporter, category, ballots) rows: the most any reporter got,
    i.e. the category's valid ballots when every ballot graded every reporter."""
    voters: dict[str, int] = {}
    for _, category, ballots in tallies:
        voters[category] = max(voters.get(category, 0), ballots)
    return voters


def display_groups(voters: Mapping[str, int], threshold: int | None) -> dict[str, list[str]]:
    """The meeting's display groups; one group per category when no threshold was sent."""
    if threshold is None:
        return {c: [c] for c in voters}
    return merge_small_categories(voters, threshold)


def _votes(line: Line) -> int:
    return int(str(line.get("note", "0")).split()[0] or 0)


def _merged(members: Sequence[Line], label: str) -> dict[str, Any]:
    weight = sum((Decimal(m["weight"]) for m in members), Decimal(0))
    raw = (
        sum((Decimal(m["weight"]) * Decimal(m["raw"]) for m in members), Decimal(0)) / weight
        if weight
        else Decimal(0)
    )
    return {
        "source": "onsite",
        "item": label,
        "raw": str(raw.quantize(Decimal("0.01"))),
        "weight": str(weight),
        "points": str(sum((Decimal(m["points"]) for m in members), Decimal(0))),
        "note": f"{sum(_votes(m) for m in members)} 票",
    }


def merged_group_of(groups: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """Category → its display group, for the categories shown only merged."""
    return {
        c: g for g, members in groups.items() for c in members if g == MERGED or len(members) > 1
    }


def merged_label(names: Iterable[str]) -> str:
    return f"其他类别（合并：{'、'.join(names)}）"


def merge_onsite_lines(
    lines: Sequence[Line], groups: Mapping[str, Sequence[str]], labels: Mapping[str, str]
) -> list[Line]:
    """``lines`` with the on-site lines of each multi-category (or merged) group made one line,
    placed where its first member was; points still add up to the same total."""
    group_of = merged_group_of(groups)
    members: dict[str, list[Line]] = {}
    for line in lines:
        if line["source"] == "onsite" and line["item"] in group_of:
            members.setdefault(group_of[line["item"]], []).append(line)
    shown: list[Line] = []
    for line in lines:
        group = group_of.get(line["item"]) if line["source"] == "onsite" else None
        if group is None:
            shown.append(line)
        elif members[group][0] is line:
            names = (labels.get(str(m["item"]), str(m["item"])) for m in members[group])
            shown.append(_merged(members[group], merged_label(names)))
    return shown


class Tally(Protocol):
    voter_category: str
    good: int
    fair: int
    average: int
    poor: int


@dataclass(frozen=True)
class ShownTally:
    """One row of a reporter's on-site tallies as the sources page shows it."""

    label: str
    good: int
    fair: int
    average: int
    poor: int
    origin: str


def shown_tallies(
    tallies: Sequence[tuple[Tally, str, bool]],
    groups: Mapping[str, Sequence[str]],
    labels: Mapping[str, str],
) -> list[ShownTally]:
    """A reporter's tallies, each given with its origin's name and whether the meeting sent it;
    the meeting's tallies of a merged group are summed into one row (where its first member
    was), as on the results page. Hand-entered or imported tallies are shown one by one."""
    group_of = merged_group_of(groups)
    members: dict[str, list[Tally]] = {}
    for tally, _, from_meeting in tallies:
        if from_meeting and tally.voter_category in group_of:
            members.setdefault(group_of[tally.voter_category], []).append(tally)
    shown: list[ShownTally] = []
    for tally, origin, from_meeting in tallies:
        group = group_of.get(tally.voter_category) if from_meeting else None
        if group is None:
            label = labels.get(tally.voter_category, tally.voter_category)
            counts = (tally.good, tally.fair, tally.average, tally.poor)
            shown.append(ShownTally(label, *counts, origin))
        elif members[group][0] is tally:
            merged = members[group]
            names = (labels.get(m.voter_category, m.voter_category) for m in merged)
            counts = tuple(
                sum(getattr(m, grade) for m in merged) for grade in EvaluationGrade.values
            )
            shown.append(ShownTally(merged_label(names), *counts, origin))
    return shown

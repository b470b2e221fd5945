"""Reads for the scoring pages, each in a bounded number of queries."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from shuzhi.accounts.access import has_permission, scope_filter
from shuzhi.core.vocabulary.grades import EvaluationGrade
from shuzhi.core.vocabulary.indicators import IndicatorKind
from shuzhi.core.vocabulary.sources import ScoreSource, VoterCategory
from shuzhi.rounds.models import Indicator, Reporter, Round
from shuzhi.rounds.queries import visible_round
from shuzhi.rounds.services import settings_of
from shuzhi.scoring.engine import RankShift
from shuzhi.scoring.engine.breakdown import contribution
from shuzhi.scoring.engine.fast import POINTS_DECIMALS
from shuzhi.scoring.engine.fixedpoint import to_units
from shuzhi.scoring.engine.rules import IndicatorTree, build_tree
from shuzhi.scoring.engine.sensitivity import Grouping, rank_shifts
from shuzhi.scoring.engine.types import source_label
from shuzhi.scoring.gather import indicators_for, rules_for
from shuzhi.scoring.models import (
    ConstraintHit,
    IndicatorScore,
    OnsiteEvaluation,
    Publication,
    ReporterAssessment,
    Result,
    SourceOrigin,
)
from shuzhi.scoring.onsite_display import (
    ShownTally,
    display_groups,
    merge_onsite_lines,
    shown_tallies,
    voters_by_category,
)
from shuzhi.scoring.summary import line_json


def scored_indicators(round: Round) -> list[Indicator]:
    """Indicators assessors give points to: leaves that are not constraint items."""
    indicators = list(round.indicators.order_by("order", "code"))
    parents = {i.parent_id for i in indicators if i.parent_id}
    return [i for i in indicators if i.pk not in parents and i.kind != IndicatorKind.CONSTRAINT]


def reporters(round: Round) -> QuerySet[Reporter]:
    return round.reporters.select_related("person", "organization").order_by(
        "peer_group", "speaking_order", "organization__path"
    )


@dataclass(frozen=True)
class EntryGrid:
    reporters: list[Reporter]
    indicators: list[Indicator]
    points: dict[tuple[int, int], Decimal]  # (reporter id, indicator id) → the assessor's points

    def rows(self) -> list[tuple[Reporter, list[tuple[Indicator, Decimal | None]]]]:
        return [
            (r, [(i, self.points.get((r.pk, i.pk))) for i in self.indicators])
            for r in self.reporters
        ]


def entry_grid(round: Round, assessor: Any) -> EntryGrid:
    points = {
        (reporter_id, indicator_id): value
        for reporter_id, indicator_id, value in IndicatorScore.objects.filter(
            assessor=assessor, reporter__round=round
        ).values_list("reporter_id", "indicator_id", "points")
    }
    return EntryGrid(list(reporters(round)), scored_indicators(round), points)


@dataclass(frozen=True)
class SourceRow:
    reporter: Reporter
    onsite: list[ShownTally]  # small categories from a meeting only merged (onsite_groups)
    assessments: dict[str, ReporterAssessment]
    hits: list[ConstraintHit]


def source_rows(round: Round) -> list[SourceRow]:
    onsite: dict[int, list[tuple[OnsiteEvaluation, str, bool]]] = defaultdict(list)
    tallies = OnsiteEvaluation.objects.filter(reporter__round=round).order_by("pk")
    for tally in tallies:
        from_meeting = tally.origin == SourceOrigin.MEETING
        onsite[tally.reporter_id].append((tally, tally.get_origin_display(), from_meeting))
    assessments: dict[int, dict[str, ReporterAssessment]] = defaultdict(dict)
    for row in ReporterAssessment.objects.filter(reporter__round=round):
        assessments[row.reporter_id][row.source] = row
    hits: dict[int, list[ConstraintHit]] = defaultdict(list)
    for hit in ConstraintHit.objects.filter(reporter__round=round).select_related("indicator"):
        hits[hit.reporter_id].append(hit)
    # The meeting's groups, from its own tallies: hand-entered ones are shown as entered.
    groups = _groups_of(
        (
            t.reporter_id,
            t.voter_category,
            t.small_category_threshold,
            t.good + t.fair + t.average + t.poor,
        )
        for t in tallies
        if t.origin == SourceOrigin.MEETING
    )
    labels = dict(VoterCategory.choices)
    return [
        SourceRow(r, shown_tallies(onsite[r.pk], groups, labels), assessments[r.pk], hits[r.pk])
        for r in reporters(round)
    ]


def results_by_group(round: Round) -> list[tuple[str, list[Result]]]:
    results = Result.objects.filter(round=round).select_related(
        "reporter__person", "reporter__organization"
    )
    groups: dict[str, list[Result]] = defaultdict(list)
    for result in results.order_by("peer_group", "rank", "reporter__organization__path"):
        groups[result.peer_group].append(result)
    order = {name: i for i, name in enumerate(round.peer_groups.values_list("name", flat=True))}
    return sorted(groups.items(), key=lambda item: (order.get(item[0], len(order)), item[0]))


def visible_result(user: Any, round_id: int, reporter_id: int) -> tuple[Round, Result]:
    """A reporter's result in a round the user may see the results of, else 404."""
    round_ = visible_round(user, round_id, "scoring.view")
    result = get_object_or_404(
        Result.objects.select_related("reporter__person", "reporter__organization"),
        round=round_,
        reporter_id=reporter_id,
    )
    return round_, result


@dataclass(frozen=True)
class BreakdownLine:
    source: str
    item: str
    raw: str
    weight: str
    points: str
    note: str


def indicator_names(round: Round) -> dict[str, str]:
    return dict(round.indicators.values_list("code", "name"))


def onsite_groups(round: Round) -> dict[str, list[str]]:
    """How the on-site voter categories are shown: merged as the meeting showed them."""
    rows = OnsiteEvaluation.objects.filter(reporter__round=round).values_list(
        "reporter_id", "voter_category", "small_category_threshold", *EvaluationGrade.values
    )
    return _groups_of((row[0], row[1], row[2], sum(row[3:])) for row in rows)


def _groups_of(rows: Iterable[tuple[int, str, int | None, int]]) -> dict[str, list[str]]:
    """Display groups from (reporter, category, threshold sent by the meeting, ballots) rows."""
    rows = list(rows)
    thresholds = [row[2] for row in rows if row[2] is not None]
    voters = voters_by_category((row[0], row[1], row[3]) for row in rows)
    return display_groups(voters, max(thresholds) if thresholds else None)


@dataclass(frozen=True)
class LineContext:
    """What turning stored lines back into text needs: the indicator tree and the places."""

    tree: IndicatorTree
    places: int


def line_context(round: Round) -> LineContext:
    return LineContext(build_tree(indicators_for(round)), settings_of(round).places)


def stored_breakdown(result: Result, context: LineContext) -> list[dict[str, Any]]:
    """A result's breakdown lines as JSON-ready dicts (compact lines decoded with their notes;
    results stored before lines were compact hold such dicts already)."""
    return [
        line
        if isinstance(line, dict)
        else line_json(contribution(tuple(line), context.tree, context.places), context.places)
        for line in json.loads(result.breakdown)
    ]


def breakdown_lines(
    round: Round,
    result: Result,
    names: dict[str, str] | None = None,
    groups: dict[str, list[str]] | None = None,
    context: LineContext | None = None,
) -> list[BreakdownLine]:
    """The stored breakdown with sources and items named as users know them; small voter
    categories only merged (``groups``: from ``onsite_groups``, looked up when not given)."""
    names = indicator_names(round) if names is None else names
    context = line_context(round) if context is None else context
    categories = dict(VoterCategory.choices)
    groups = onsite_groups(round) if groups is None else groups
    lines = []
    markers = {"rounding": "舍入", **dict(ScoreSource.choices)}
    for line in merge_onsite_lines(stored_breakdown(result, context), groups, categories):
        item = line["item"]
        label = names.get(item) or categories.get(item) or markers.get(item) or item
        if item.startswith("cap:"):
            code = item.removeprefix("cap:")
            label = f"{code} {names.get(code, '')} 封顶/保底"
        if item in names:
            label = f"{item} {label}"
        lines.append(
            BreakdownLine(
                source="综合得分"
                if line["source"] == "composite"
                else source_label(line["source"]),
                item=label,
                raw=_plain(line["raw"]),
                weight=_plain(line["weight"]),
                points=_plain(line["points"]),
                note=line.get("note", ""),
            )
        )
    return lines


def _plain(value: str | None) -> str:
    """A stored decimal without trailing zeros (and never "-0")."""
    if not value:
        return ""
    number = Decimal(value).normalize()
    return f"{number + 0:f}" if number != number.to_integral() else f"{number.to_integral() + 0:f}"


def notice_visible(user: Any, round: Round) -> bool:
    """A published notice is for everyone signed in within the round's scope: the hearing
    body's subtree, or a reporter's own organisation's."""
    if has_permission(user, "rounds.view", round.hearing_organization):
        return True
    return round.reporters.filter(scope_filter(user, "rounds.view", "organization__path")).exists()


def published_round_ids(round_ids: Iterable[int]) -> set[int]:
    """Those of the rounds whose results are published (公示), in one query."""
    return set(
        Publication.objects.filter(round_id__in=list(round_ids)).values_list("round_id", flat=True)
    )


def stored_sensitivity(round: Round) -> tuple[list[tuple[Result, RankShift]], str]:
    """Each stored result with how its rank reacts to a ±5-point move of any source weight,
    from the stored subtotals (what the results page shows); or an error to show."""
    results = list(
        Result.objects.filter(round=round)
        .select_related("reporter__person")
        .order_by("peer_group", "rank", "reporter_id")
    )
    if not results:
        return [], "尚未计算结果，请先计算。"
    settings = settings_of(round)
    rules = rules_for(settings)
    sources = [key for key, _ in rules.weights.items()]
    if any(set(r.subtotals) != set(sources) for r in results):
        return [], "计算之后评分来源设置已改变，请重新计算后再做敏感性分析。"
    names: dict[str, int] = {}
    groups = np.array([names.setdefault(r.peer_group, len(names)) for r in results])
    grouping = Grouping([str(r.reporter_id) for r in results], list(names), groups)
    subtotals = np.array(
        [[to_units(Decimal(r.subtotals[s]), POINTS_DECIMALS, s) for s in sources] for r in results],
        dtype=np.int64,
    ).reshape(len(results), len(sources))
    base = np.array(
        [to_units(r.composite.normalize(), rules.places, "综合得分") for r in results],
        dtype=np.int64,
    )
    shifts = rank_shifts(rules, grouping, subtotals, base, Decimal(5))
    return list(zip(results, shifts, strict=True)), ""

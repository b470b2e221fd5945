"""Database rows → the engine's inputs. A fixed number of queries whatever the round's size."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from decimal import Decimal

import numpy as np
from django.db.models import BigIntegerField, Case, F, Value, When
from django.db.models.functions import Cast
from django.db.models.functions import Round as RoundTo

from shuzhi.core.bulk import read_integers
from shuzhi.core.vocabulary.sources import ScoreSource
from shuzhi.rounds.indicator_system import indicator_rows
from shuzhi.rounds.models import IndicatorKind, Round, RoundSettings
from shuzhi.rounds.services import settings_of
from shuzhi.rounds.settings_schema import DEFAULTS
from shuzhi.scoring import engine
from shuzhi.scoring.engine import table as engine_table
from shuzhi.scoring.engine import types as engine_types
from shuzhi.scoring.engine.rules import IndicatorTree
from shuzhi.scoring.engine.table import ScoreTable
from shuzhi.scoring.models import ConstraintHit, IndicatorScore, OnsiteEvaluation
from shuzhi.scoring.models import ReporterAssessment as Assessment
from shuzhi.scoring.settings_sheet import rules_from
from shuzhi.scoring.workbook import to_engine

GRADE_FIELDS = tuple(grade.value for grade in engine.EvaluationGrade)  # good, fair, average, poor
LEVEL_SOURCES = {"level_1": ScoreSource.LEVEL_1, "level_2": ScoreSource.LEVEL_2}


def rules_for(settings: RoundSettings) -> engine.RoundRules:
    """The engine's rules from a round's settings (the same builder as the 设置 sheet's)."""
    levels = [
        (getattr(settings, f"{key}_name"), getattr(settings, f"weight_{key}"))
        for key in LEVEL_SOURCES
        if getattr(settings, f"weight_{key}") > 0
    ]
    return rules_from({field: getattr(settings, field) for field in DEFAULTS}, levels)


def indicators_for(round: Round) -> list[engine.Indicator]:
    return [to_engine(row) for row in indicator_rows(round)]


def reporter_inputs(
    round: Round, settings: RoundSettings, only: Collection[int] | None = None
) -> list[engine.ReporterInput]:
    """One input per reporter (or per reporter in ``only``), keyed by its id (as text)."""
    mine = {"reporter__round": round} | ({"reporter_id__in": only} if only is not None else {})
    scores: dict[int, dict[str, list[Decimal]]] = defaultdict(lambda: defaultdict(list))
    for reporter_id, code, points in IndicatorScore.objects.filter(**mine).values_list(
        "reporter_id", "indicator__code", "points"
    ):
        scores[reporter_id][code].append(points)
    onsite: dict[int, dict[str, dict[engine.EvaluationGrade, int]]] = defaultdict(dict)
    for tally in OnsiteEvaluation.objects.filter(**mine):
        onsite[tally.reporter_id][tally.voter_category] = {
            grade: getattr(tally, grade.value) for grade in engine.EvaluationGrade
        }
    other: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for reporter_id, source, score in Assessment.objects.filter(**mine).values_list(
        "reporter_id", "source", "score"
    ):
        other[reporter_id][source] = score
    hits: dict[int, set[str]] = defaultdict(set)
    for reporter_id, code in ConstraintHit.objects.filter(**mine).values_list(
        "reporter_id", "indicator__code"
    ):
        hits[reporter_id].add(code)
    inputs = []
    enrolled = round.reporters.order_by("pk")
    if only is not None:
        enrolled = enrolled.filter(pk__in=only)
    for reporter_id, group in enrolled.values_list("pk", "peer_group"):
        entered = other[reporter_id]
        inputs.append(
            engine.ReporterInput(
                reporter_id=str(reporter_id),
                group=group or "未分组",
                indicator_scores={code: tuple(v) for code, v in scores[reporter_id].items()},
                onsite=onsite[reporter_id],
                superior=entered.get(ScoreSource.SUPERIOR),
                records=entered.get(ScoreSource.RECORDS),
                levels={
                    getattr(settings, f"{key}_name"): entered[source]
                    for key, source in LEVEL_SOURCES.items()
                    if source in entered and getattr(settings, f"weight_{key}") > 0
                },
                constraint_hits=frozenset(hits[reporter_id]),
            )
        )
    return inputs


def engine_inputs(
    round: Round,
) -> tuple[engine.RoundRules, list[engine.Indicator], list[engine.ReporterInput]]:
    settings = settings_of(round)
    return rules_for(settings), indicators_for(round), reporter_inputs(round, settings)


def _units(field: str, decimals: int) -> Cast:
    """A decimal column as exact integer units: SQLite keeps decimals as floats, so round."""
    return Cast(RoundTo(F(field) * 10**decimals), BigIntegerField())


def _code(field: str, codes: dict[str, int]) -> Case:
    """A text column as the number ``codes`` gives its value (-1 for any other value)."""
    return Case(
        *(When(**{field: value}, then=Value(code)) for value, code in codes.items()),
        default=Value(-1),
        output_field=BigIntegerField(),
    )


def round_table(
    round: Round, settings: RoundSettings, rules: engine.RoundRules, tree: IndicatorTree
) -> ScoreTable:
    """The round's inputs as the engine's arrays, straight from the database in five queries
    (no Decimal, dict or tuple per score: ``core.bulk.read_integers``, packed by the server on
    PostgreSQL): what a province round needs. Reporters by id."""
    enrolled = list(round.reporters.order_by("pk").values_list("pk", "peer_group"))
    ids = np.array([pk for pk, _ in enrolled], dtype=np.int64)
    names: dict[str, int] = {}
    groups = np.array([names.setdefault(g or "未分组", len(names)) for _, g in enrolled])
    leaves = tree.leaf_index()
    column_of = {
        pk: leaves.get(code, -1) for pk, code in round.indicators.values_list("pk", "code")
    }
    kinds = dict(round.indicators.values_list("pk", "kind"))
    mine = {"reporter__round": round}
    scores = read_integers(
        IndicatorScore.objects.filter(**mine)
        .order_by()
        .values_list("reporter_id", "indicator_id", _units("points", engine_types.SCORE_DECIMALS)),
        3,
    )
    score_leaf = np.array([column_of[pk] for pk in scores[:, 1].tolist()], dtype=np.int64)
    if (score_leaf < 0).any():
        raise engine.ScoringError("有指标得分打在了有下级指标的指标上，只能给末级指标打分")
    categories = {name: i for i, name in enumerate(rules.voter_weights)}
    tallies = read_integers(
        OnsiteEvaluation.objects.filter(**mine)
        .order_by()
        .values_list("reporter_id", _code("voter_category", categories), *GRADE_FIELDS),
        2 + len(GRADE_FIELDS),
    )
    if (tallies[:, 1] < 0).any():
        raise engine.ScoringError("现场测评中有未设定权重的测评人员类别")
    extra = {key: i for i, (key, _) in enumerate(rules.weights.items()[2:])}
    source_key: dict[str, str] = {ScoreSource.SUPERIOR: "superior", ScoreSource.RECORDS: "records"}
    for key, source in LEVEL_SOURCES.items():
        source_key[source] = f"level:{getattr(settings, f'{key}_name')}"
    entered = np.zeros((len(ids), len(extra)), dtype=np.int64)
    present = np.zeros((len(ids), len(extra)), dtype=bool)
    column_of_source = {s: extra[k] for s, k in source_key.items() if k in extra}
    where = read_integers(
        Assessment.objects.filter(**mine)
        .order_by()
        .values_list(
            "reporter_id",
            _code("source", column_of_source),
            _units("score", engine_types.SCORE_DECIMALS),
        ),
        3,
    )
    where = where[where[:, 1] >= 0]  # sources the round does not weigh
    if len(where):
        at = (np.searchsorted(ids, where[:, 0]), where[:, 1])
        entered[at], present[at] = where[:, 2], True
    hits = list(
        ConstraintHit.objects.filter(**mine).order_by().values_list("reporter_id", "indicator_id")
    )
    if any(kinds[pk] != IndicatorKind.CONSTRAINT for _, pk in hits):
        raise engine.ScoringError("触发的指标不是约束项")
    hits = [(r, pk) for r, pk in hits if column_of[pk] >= 0]
    grades = len(GRADE_FIELDS)
    return engine_table.from_rows(
        rules,
        tree,
        reporter_ids=[str(pk) for pk in ids.tolist()],
        group_names=list(names),
        groups=groups,
        score_reporter=np.searchsorted(ids, scores[:, 0]),
        score_leaf=score_leaf,
        score_units=scores[:, 2],
        vote_reporter=np.searchsorted(ids, np.repeat(tallies[:, 0], grades)),
        vote_category=np.repeat(tallies[:, 1], grades),
        vote_grade=np.tile(np.arange(grades), len(tallies)),
        vote_count=tallies[:, 2:].reshape(-1),
        entered=entered,
        present=present,
        hit_reporter=np.searchsorted(ids, np.array([r for r, _ in hits], dtype=np.int64)),
        hit_leaf=np.array([column_of[pk] for _, pk in hits], dtype=np.int64),
    )

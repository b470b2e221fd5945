"""Database rows → the engine's inputs. A fixed number of queries whatever the round's size."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from shuzhi.core.vocabulary.sources import ScoreSource
from shuzhi.rounds.indicator_system import indicator_rows
from shuzhi.rounds.models import Round, RoundSettings
from shuzhi.rounds.services import settings_of
from shuzhi.scoring import engine
from shuzhi.scoring.models import ConstraintHit, IndicatorScore, OnsiteEvaluation
from shuzhi.scoring.models import ReporterAssessment as Assessment
from shuzhi.scoring.workbook import to_engine

LEVEL_SOURCES = {"level_1": ScoreSource.LEVEL_1, "level_2": ScoreSource.LEVEL_2}


def rules_for(settings: RoundSettings) -> engine.RoundRules:
    """The engine's rules from a round's settings."""
    levels = tuple(
        engine.LevelWeight(getattr(settings, f"{key}_name"), getattr(settings, f"weight_{key}"))
        for key in LEVEL_SOURCES
        if getattr(settings, f"weight_{key}") > 0
    )
    grade = engine.Grade
    return engine.RoundRules(
        weights=engine.SourceWeights(
            indicators=settings.weight_indicators,
            onsite=settings.weight_onsite,
            superior=settings.weight_superior,
            records=settings.weight_records,
            levels=levels,
        ),
        grade_points={
            engine.EvaluationGrade.GOOD: settings.points_good,
            engine.EvaluationGrade.FAIR: settings.points_fair,
            engine.EvaluationGrade.AVERAGE: settings.points_average,
            engine.EvaluationGrade.POOR: settings.points_poor,
        },
        voter_weights={
            "leader": settings.weight_leader,
            "representative": settings.weight_representative,
            "member": settings.weight_member,
            "masses": settings.weight_masses,
        },
        grading=engine.GradingMode(settings.grading_mode),
        grade_thresholds={
            grade.EXCELLENT: settings.threshold_excellent,
            grade.GOOD: settings.threshold_good,
            grade.ADEQUATE: settings.threshold_adequate,
        },
        grade_quotas={
            grade.EXCELLENT: settings.quota_excellent_percent,
            grade.GOOD: settings.quota_good_percent,
            grade.ADEQUATE: settings.quota_adequate_percent,
            grade.POOR: settings.quota_poor_percent,
        },
        class_quotas=(settings.class_1_percent, settings.class_2_percent, settings.class_3_percent),
        quota_rounding=engine.QuotaRounding(settings.quota_rounding),
        tie_rule=engine.TieRule(settings.tie_rule),
        honours_top_n=settings.honours_count,
        honour_title=settings.honours_title,
        interview_bottom_n=settings.interview_bottom_count,
        interview_bottom_percent=settings.interview_bottom_percent,
        pay_shares=(
            settings.pay_class_1_percent,
            settings.pay_class_2_percent,
            settings.pay_class_3_percent,
        ),
        places=settings.places,
        rounding=settings.rounding,
    )


def indicators_for(round: Round) -> list[engine.Indicator]:
    return [to_engine(row) for row in indicator_rows(round)]


def reporter_inputs(round: Round, settings: RoundSettings) -> list[engine.ReporterInput]:
    """One input per reporter, keyed by the reporter's id (as text)."""
    scores: dict[int, dict[str, list[Decimal]]] = defaultdict(lambda: defaultdict(list))
    for reporter_id, code, points in IndicatorScore.objects.filter(
        reporter__round=round
    ).values_list("reporter_id", "indicator__code", "points"):
        scores[reporter_id][code].append(points)
    onsite: dict[int, dict[str, dict[engine.EvaluationGrade, int]]] = defaultdict(dict)
    for tally in OnsiteEvaluation.objects.filter(reporter__round=round):
        onsite[tally.reporter_id][tally.voter_category] = {
            grade: getattr(tally, grade.value) for grade in engine.EvaluationGrade
        }
    other: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for reporter_id, source, score in Assessment.objects.filter(reporter__round=round).values_list(
        "reporter_id", "source", "score"
    ):
        other[reporter_id][source] = score
    hits: dict[int, set[str]] = defaultdict(set)
    for reporter_id, code in ConstraintHit.objects.filter(reporter__round=round).values_list(
        "reporter_id", "indicator__code"
    ):
        hits[reporter_id].add(code)
    inputs = []
    for reporter_id, group in round.reporters.order_by("pk").values_list("pk", "peer_group"):
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

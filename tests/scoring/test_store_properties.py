"""The stored results of a computation are the engine's, on generated rounds (hypothesis).

The job reads the round as columns and stores compact breakdown lines; the engine here gets
the same round gathered the plain way (one input per reporter) and the Decimal reference path
scores every reporter. Every stored figure and every decoded line must equal theirs.
"""

from __future__ import annotations

import json
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shuzhi.accounts.models import User
from shuzhi.rounds.indicator_system import save_indicator_system
from shuzhi.rounds.models import Indicator, Reporter
from shuzhi.rounds.services import settings_of
from shuzhi.scoring import engine
from shuzhi.scoring.computing import store_results
from shuzhi.scoring.engine.breakdown import contribution
from shuzhi.scoring.engine.reference import score_reporter
from shuzhi.scoring.engine.rules import build_tree
from shuzhi.scoring.gather import engine_inputs
from shuzhi.scoring.models import (
    Computation,
    ConstraintHit,
    IndicatorScore,
    OnsiteEvaluation,
    ReporterAssessment,
    Result,
)
from tests.rounds.helpers import SYSTEM, county_round
from tests.scoring.helpers import enroll_more_towns
from tests.scoring.strategies import percents

pytestmark = pytest.mark.django_db

LEAVES = {"1.1": 20, "1.2": 20, "2": 60, "B1": 8, "D1": 12}
CATEGORIES = ("leader", "representative", "member", "masses")
hundredths = st.integers(0, 10000).map(lambda units: Decimal(units).scaleb(-2))


@st.composite
def sources(draw: st.DrawFn) -> dict:
    """One reporter's entered sources: scores by 0–2 assessors, tallies, other scores, hits."""
    scores = {
        code: draw(st.lists(st.integers(0, high * 100), max_size=2))
        for code, high in LEAVES.items()
    }
    tallies = {
        c: draw(st.lists(st.integers(0, 4), min_size=4, max_size=4))
        for c in CATEGORIES
        if draw(st.booleans())
    }
    return {
        "group": draw(st.sampled_from(("乡镇组", "街道组"))),
        "scores": scores,
        "tallies": tallies,
        "superior": draw(st.none() | hundredths),
        "records": draw(st.none() | hundredths),
        "hits": draw(st.sets(st.sampled_from(("V1", "V2")), max_size=2)),
    }


@st.composite
def round_settings(draw: st.DrawFn) -> dict:
    weights = draw(percents(4, whole=True))  # the settings keep whole percents
    keys = ("weight_indicators", "weight_onsite", "weight_superior", "weight_records")
    return dict(zip(keys, weights, strict=True)) | {
        "places": draw(st.integers(0, 4)),
        "rounding": draw(st.sampled_from((ROUND_HALF_UP, ROUND_HALF_EVEN, ROUND_DOWN))),
        "honours_count": draw(st.integers(0, 2)),
        "interview_bottom_count": draw(st.integers(0, 1)),
    }


@pytest.fixture
def stored_round(small_city, city_admin):
    round_, _ = county_round(small_city, city_admin)
    enroll_more_towns(small_city, city_admin, round_)
    save_indicator_system(actor=city_admin, round=round_, rows=SYSTEM)
    second = User.objects.create_user(username="assessor2")
    return round_, list(Reporter.objects.filter(round=round_).order_by("pk")), city_admin, second


def _enter(round_, reporters, actor, second, entered: list[dict]) -> None:
    """Replace the round's sources with the generated ones (no services: no audit needed)."""
    for model in (IndicatorScore, OnsiteEvaluation, ReporterAssessment, ConstraintHit):
        model.objects.filter(reporter__round=round_).delete()
    items = {i.code: i for i in Indicator.objects.filter(round=round_)}
    for reporter, data in zip(reporters, entered, strict=False):
        Reporter.objects.filter(pk=reporter.pk).update(peer_group=data["group"])
        IndicatorScore.objects.bulk_create(
            IndicatorScore(
                assessor=who,
                reporter=reporter,
                indicator=items[code],
                points=Decimal(units).scaleb(-2),
            )
            for code, marks in data["scores"].items()
            for who, units in zip((actor, second), marks, strict=False)
        )
        OnsiteEvaluation.objects.bulk_create(
            OnsiteEvaluation(
                reporter=reporter,
                voter_category=c,
                **dict(zip(engine.EvaluationGrade, n, strict=True)),
            )
            for c, n in data["tallies"].items()
        )
        ReporterAssessment.objects.bulk_create(
            ReporterAssessment(reporter=reporter, source=source, score=data[source])
            for source in ("superior", "records")
            if data[source] is not None
        )
        ConstraintHit.objects.bulk_create(
            ConstraintHit(reporter=reporter, indicator=items[c], reason="测试", recorded_by=actor)
            for c in data["hits"]
        )


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(entered=st.lists(sources(), min_size=6, max_size=6), values=round_settings())
def test_stored_results_are_the_engines_and_the_decimal_paths(stored_round, entered, values):
    round_, reporters, actor, second = stored_round
    _enter(round_, reporters, actor, second, entered)
    current = settings_of(round_)
    for name, value in values.items():
        setattr(current, name, value)
    current.save()
    computation = Computation.objects.create(round=round_, requested_by=actor)
    store_results(computation)
    rules, indicators, inputs = engine_inputs(round_)
    tree = build_tree(indicators)
    expected = engine.compute(rules, indicators, inputs).by_reporter()
    stored = list(Result.objects.filter(round=round_))
    assert len(stored) == len(reporters)
    for result in stored:
        outcome = expected[str(result.reporter_id)]
        assert result.composite == outcome.composite
        assert (result.rank, result.group_size, result.class_number) == (
            outcome.rank,
            outcome.group_size,
            outcome.klass,
        )
        assert result.grade == outcome.grade.value
        assert (result.honour or None, result.interview) == (outcome.honour, outcome.interview)
        assert result.veto == (outcome.veto.value if outcome.veto else "")
        assert result.veto_reason == outcome.veto_reason
        assert result.pay_bonus_percent == outcome.pay_share
        assert {k: Decimal(v) for k, v in result.subtotals.items()} == outcome.subtotals
        lines = tuple(
            contribution(tuple(line), tree, rules.places) for line in json.loads(result.breakdown)
        )
        reporter = next(i for i in inputs if i.reporter_id == str(result.reporter_id))
        assert lines == outcome.breakdown == score_reporter(rules, tree, reporter).breakdown

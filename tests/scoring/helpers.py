"""A scored round for scoring tests: county A hears its two townships' secretaries."""

from __future__ import annotations

from decimal import Decimal

from shuzhi.rounds.indicator_system import save_indicator_system
from shuzhi.rounds.models import Indicator, Reporter, Round
from shuzhi.scoring.services import (
    enter_score,
    record_assessment,
    record_constraint_hit,
    record_onsite,
)
from tests.rounds.helpers import SYSTEM, county_round

D = Decimal


def scored_round(small_city, actor) -> tuple[Round, list[Reporter]]:
    """Two reporters: the first scores better on every source."""
    round_, reporters = county_round(small_city, actor)
    save_indicator_system(actor=actor, round=round_, rows=SYSTEM)
    items = {i.code: i for i in Indicator.objects.filter(round=round_)}
    for reporter, points in zip(reporters, ((18, 19, 55, 3), (15, 14, 40, 0)), strict=True):
        for code, value in zip(("1.1", "1.2", "2", "B1"), points, strict=True):
            enter_score(actor=actor, reporter=reporter, indicator=items[code], points=D(value))
    record_onsite(
        actor=actor,
        reporter=reporters[0],
        voter_category="leader",
        counts={"good": 8, "fair": 2, "average": 0, "poor": 0},
    )
    record_onsite(
        actor=actor,
        reporter=reporters[1],
        voter_category="leader",
        counts={"good": 2, "fair": 4, "average": 3, "poor": 1},
    )
    for reporter, score in zip(reporters, (D(92), D(75)), strict=True):
        record_assessment(actor=actor, reporter=reporter, source="superior", score=score)
    return round_, reporters


def vetoed_round(small_city, actor, compute) -> tuple[Round, list[Reporter]]:
    """``scored_round`` with the first reporter hitting V1 (一票否决（限定等次）), computed."""
    round_, reporters = scored_round(small_city, actor)
    record_constraint_hit(
        actor=actor, reporter=reporters[0], indicator_code="V1", reason="辖区发生安全生产事故"
    )
    compute(round_, actor)
    return round_, reporters

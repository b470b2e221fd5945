"""The scoring engine's inputs and outputs: plain frozen dataclasses, Decimal everywhere.

No Django import here: the same types serve the server, the stateless ``shuzhi score`` command
and the benchmark. The rules these types configure are written down in ``docs/scoring.md``.

Inputs
    ``Indicator``     one node of a round's indicator tree.
    ``SourceWeights`` how the score sources combine into the composite (percent, sum 100).
    ``RoundRules``    every other setting of a round (grade points, quotas, rounding …).
    ``ReporterInput`` everything entered for one reporter.
Outputs
    ``Outcome``       one reporter's composite, rank, grade, class, honour, interview, veto and
                      the ``Contribution`` lines that add up to the composite exactly.
    ``RoundResult``   all outcomes of a round.
    ``RankShift``     how one reporter's rank moves when a source weight moves (sensitivity).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

from shuzhi.core.vocabulary.grades import DEFAULT_EVALUATION_POINTS, EvaluationGrade, Grade
from shuzhi.core.vocabulary.grading import GradingMode, QuotaRounding, TieRule
from shuzhi.core.vocabulary.indicators import IndicatorKind, VetoEffect
from shuzhi.core.vocabulary.sources import DEFAULT_VOTER_WEIGHTS, ScoreSource

__all__ = [
    "EvaluationGrade",
    "Grade",
    "GradingMode",
    "IndicatorKind",
    "QuotaRounding",
    "ScoreSource",
    "TieRule",
    "VetoEffect",
]

ZERO = Decimal(0)
HUNDRED = Decimal(100)

#: Rounding modes the engine implements identically in Decimal and in fixed-point integers.
ROUNDING_MODES = (ROUND_HALF_UP, ROUND_HALF_EVEN, ROUND_DOWN)

#: Fixed-point limits: how many decimals each kind of number may carry (checked on input).
SCORE_DECIMALS = 4  # scores, points, caps, floors, thresholds, grade points
WEIGHT_DECIMALS = 2  # percent weights and indicator weights
MAX_PLACES = 4
#: Magnitude bounds, far below where int64 fixed point could overflow (composite numerators
#: are in 10^-10: about 9.2 × 10^8 points): every score, maximum, cap, floor, grade point and
#: threshold within ±MAGNITUDE; a reporter's indicator points within ±POINTS_LIMIT.
MAGNITUDE = Decimal(10**6)
POINTS_LIMIT = 10**7
#: The scale of the superior's evaluation, annual records and level assessments (百分制).
SOURCE_SCALE = Decimal(100)


class ScoringError(ValueError):
    """Input the engine cannot score; the message is for the user (Chinese)."""


def source_label(source: str) -> str:
    """Chinese label of a source key (``level:市级`` → ``市级``)."""
    if source.startswith("level:"):
        return source.removeprefix("level:")
    try:
        return ScoreSource(source).label
    except ValueError:
        return source


@dataclass(frozen=True)
class Indicator:
    """One node of the indicator tree.

    A leaf is scored: each assessor gives ``raw`` points; their mean (rounded to the round's
    places) times ``weight`` is the item's points — added for normal and bonus items,
    subtracted for deduction and constraint items. A normal item's raw score must lie within
    ``0..max_points``. Any node's points (a group's = sum of its children) are then held
    within ``floor..cap`` when those are set: bonus items are uncapped and deductions have no
    floor unless set. A constraint item with ``veto`` set applies that effect when the
    reporter's ``constraint_hits`` name it; ``veto_grade`` is the highest grade allowed by
    ``CAP_GRADE``.
    """

    code: str
    name: str
    kind: IndicatorKind = IndicatorKind.NORMAL
    parent: str | None = None
    max_points: Decimal | None = None
    weight: Decimal = Decimal(1)
    cap: Decimal | None = None
    floor: Decimal | None = None
    veto: VetoEffect | None = None
    veto_grade: Grade | None = None

    @property
    def sign(self) -> int:
        return -1 if self.kind in (IndicatorKind.DEDUCTION, IndicatorKind.CONSTRAINT) else 1


@dataclass(frozen=True)
class LevelWeight:
    """An assessment made at another level (e.g. 市级考核, 县级考核) and its weight in percent."""

    name: str
    weight: Decimal


@dataclass(frozen=True)
class SourceWeights:
    """Percent weight of each source in the composite; together they must make exactly 100."""

    indicators: Decimal = HUNDRED
    onsite: Decimal = ZERO
    superior: Decimal = ZERO
    records: Decimal = ZERO
    levels: tuple[LevelWeight, ...] = ()

    def items(self) -> list[tuple[str, Decimal]]:
        """(source key, percent) for every source, levels as ``level:<name>``."""
        fixed = [
            (ScoreSource.INDICATORS.value, self.indicators),
            (ScoreSource.ONSITE.value, self.onsite),
            (ScoreSource.SUPERIOR.value, self.superior),
            (ScoreSource.RECORDS.value, self.records),
        ]
        return fixed + [(f"level:{level.name}", level.weight) for level in self.levels]

    def with_weights(self, weights: Mapping[str, Decimal]) -> SourceWeights:
        """A copy with the given source keys' weights replaced."""
        return SourceWeights(
            indicators=weights.get("indicators", self.indicators),
            onsite=weights.get("onsite", self.onsite),
            superior=weights.get("superior", self.superior),
            records=weights.get("records", self.records),
            levels=tuple(
                LevelWeight(level.name, weights.get(f"level:{level.name}", level.weight))
                for level in self.levels
            ),
        )


def _default_grade_points() -> dict[EvaluationGrade, Decimal]:
    return {grade: Decimal(points) for grade, points in DEFAULT_EVALUATION_POINTS.items()}


def _default_voter_weights() -> dict[str, Decimal]:
    return {c.value: Decimal(weight) for c, weight in DEFAULT_VOTER_WEIGHTS.items()}


def _default_thresholds() -> dict[Grade, Decimal]:
    return {
        Grade.EXCELLENT: Decimal(90),
        Grade.GOOD: Decimal(80),
        Grade.ADEQUATE: Decimal(60),
    }


def _default_grade_quotas() -> dict[Grade, Decimal]:
    return {
        Grade.EXCELLENT: Decimal(20),
        Grade.GOOD: Decimal(50),
        Grade.ADEQUATE: Decimal(25),
        Grade.POOR: Decimal(5),
    }


@dataclass(frozen=True)
class RoundRules:
    """A round's scoring settings (defaults follow the source articles).

    - ``weights``: source weights in percent, sum exactly 100.
    - ``grade_points``: points of each on-site grade (好/较好/一般/差).
    - ``voter_weights``: percent weight of each voter category in the on-site score, sum 100.
    - ``grading``: grades by ``grade_thresholds`` (minimum composite of each grade; below the
      lowest is poor) or by ``grade_quotas`` (percent of each group, sum 100).
    - ``class_quotas``: percent of each group in class 1/2/3 (sum 100), counted with
      ``quota_rounding`` on cumulative shares; ``tie_rule`` decides ties at a boundary.
    - ``honours_top_n``: the best N of class 1 across the round get ``honour_title``; a vetoed
      reporter loses it, and ``honours_refill`` gives the place to the next eligible one.
    - ``interview_bottom_n`` or ``interview_bottom_percent``: bottom of each group (末位约谈).
    - ``pay_shares``: percent of base pay by class 1/2/3.
    - ``places`` and ``rounding``: decimals and mode of every rounded number.
    """

    weights: SourceWeights = field(default_factory=SourceWeights)
    grade_points: Mapping[EvaluationGrade, Decimal] = field(default_factory=_default_grade_points)
    voter_weights: Mapping[str, Decimal] = field(default_factory=_default_voter_weights)
    grading: GradingMode = GradingMode.THRESHOLDS
    grade_thresholds: Mapping[Grade, Decimal] = field(default_factory=_default_thresholds)
    grade_quotas: Mapping[Grade, Decimal] = field(default_factory=_default_grade_quotas)
    class_quotas: tuple[Decimal, Decimal, Decimal] = (Decimal(20), Decimal(50), Decimal(30))
    quota_rounding: QuotaRounding = QuotaRounding.HALF_UP
    tie_rule: TieRule = TieRule.UP
    honours_top_n: int = 0
    honour_title: str = "十佳"
    honours_refill: bool = False
    interview_bottom_n: int = 0
    interview_bottom_percent: Decimal = ZERO
    pay_shares: tuple[Decimal, Decimal, Decimal] = (Decimal(100), Decimal(50), Decimal(20))
    places: int = 2
    rounding: str = ROUND_HALF_UP


@dataclass(frozen=True)
class ReporterInput:
    """Everything entered for one reporter (述职人).

    - ``indicator_scores``: indicator code → the raw score of each assessor (averaged).
    - ``onsite``: voter category → on-site grade → number of votes.
    - ``superior`` / ``records``: the superior's evaluation and the annual-records score
      (0–100 scale); ``None`` counts as 0 and is noted in the breakdown.
    - ``levels``: level name → that level's assessment (0–100 scale).
    - ``constraint_hits``: codes of the constraint items this reporter hit.
    """

    reporter_id: str
    group: str
    indicator_scores: Mapping[str, tuple[Decimal, ...]] = field(default_factory=dict)
    onsite: Mapping[str, Mapping[EvaluationGrade, int]] = field(default_factory=dict)
    superior: Decimal | None = None
    records: Decimal | None = None
    levels: Mapping[str, Decimal] = field(default_factory=dict)
    constraint_hits: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Contribution:
    """One line of a breakdown: ``points`` is what this line adds to the composite.

    ``source`` is a source key; ``item`` an indicator code, a voter category, or a marker such
    as ``cap:<code>`` (a cap or floor held the points), ``rounding`` (a rounded mean or the
    composite's rounding). ``raw`` is the figure entered or derived, ``weight`` the factor
    applied (the source's percent for a source total).
    """

    source: str
    item: str
    raw: Decimal | None
    weight: Decimal | None
    points: Decimal
    note: str = ""


@dataclass(frozen=True)
class Outcome:
    """One reporter's result.

    ``rank`` is the competition rank in the peer group (1, 2, 2, 4) by composite; ``klass`` the
    class 1/2/3; ``veto`` the effect applied last (with ``veto_reason``, naming the item);
    ``breakdown`` adds up exactly to ``composite``.
    """

    reporter_id: str
    group: str
    composite: Decimal
    subtotals: Mapping[str, Decimal]
    rank: int
    group_size: int
    grade: Grade
    klass: int
    honour: str | None
    interview: bool
    interview_reason: str | None
    veto: VetoEffect | None
    veto_reason: str
    pay_share: Decimal
    breakdown: tuple[Contribution, ...]


@dataclass(frozen=True)
class RoundResult:
    """All outcomes of a round, in input order."""

    outcomes: tuple[Outcome, ...]

    def by_reporter(self) -> dict[str, Outcome]:
        return {outcome.reporter_id: outcome for outcome in self.outcomes}


@dataclass(frozen=True)
class WeightShift:
    """One sensitivity scenario: ``source`` moved by ``delta`` points, and the rank it gave."""

    source: str
    delta: Decimal
    rank: int


@dataclass(frozen=True)
class RankShift:
    """How a reporter's rank reacts when any one source weight moves by ±delta.

    ``best`` and ``worst`` bound the ranks seen (base included); ``shifts`` lists only the
    scenarios that changed the rank; ``robust`` is true when none did.
    """

    reporter_id: str
    group: str
    rank: int
    best: int
    worst: int
    shifts: tuple[WeightShift, ...]

    @property
    def robust(self) -> bool:
        return not self.shifts

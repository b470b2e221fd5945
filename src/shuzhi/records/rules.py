"""Pure rules of the records kept through the year: work-record targets and progress, the
red/black points, and the records source score. No Django import, so they are property-tested
on their own and shared by the services, the scoring feed and the benchmark.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from shuzhi.core.vocabulary.base import Vocabulary

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)


class WorkKind(Vocabulary):
    """What a secretary logs in the work record (纪实) (004: meetings, deployments, visits,
    lessons, contact points, projects; 003: days in villages)."""

    PARTY_MEETING = "party_meeting", "党建专题会议"
    DEPLOYMENT = "deployment", "部署党建工作"
    VILLAGE_VISIT = "village_visit", "走访村（社区）"
    PARTY_LESSON = "party_lesson", "讲党课"
    CONTACT_POINT = "contact_point", "联系点工作"
    PROJECT = "project", "党建项目"
    VILLAGE_DAYS = "village_days", "下基层驻村"


class TargetMeasure(Vocabulary):
    """How a target is counted: entries, days logged, or places each with enough days."""

    COUNT = "count", "次数"
    DAYS = "days", "天数"
    PLACES = "places", "联系点个数"


class MeritColor(Vocabulary):
    """Red files commend (+ points), black files criticise (− points) (001)."""

    RED = "red", "红榜"
    BLACK = "black", "黑榜"


class MeritStatus(Vocabulary):
    """Where a red/black submission stands; only the monthly joint meeting decides."""

    SUBMITTED = "submitted", "待审议"
    APPROVED = "approved", "已通过"
    REJECTED = "rejected", "未通过"


# --- Targets and progress --------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """A round's target for one kind of work, e.g. ≥180 days in villages a year (003)."""

    kind: str  # a WorkKind value
    measure: str  # a TargetMeasure value
    minimum: Decimal
    days_per_place: Decimal = ZERO  # PLACES: days a place needs to count (001: one month)


#: How a target for each kind is counted.
TARGET_MEASURES: dict[str, str] = {kind.value: TargetMeasure.COUNT.value for kind in WorkKind} | {
    WorkKind.VILLAGE_DAYS.value: TargetMeasure.DAYS.value,
    WorkKind.CONTACT_POINT.value: TargetMeasure.PLACES.value,
}

#: The seeds' examples, used by a round that sets no targets of its own: at least 180 days a
#: year in villages (003); "one township, three villages" contact points, at least one month a
#: year in each (001).
DEFAULT_TARGETS = (
    Target(WorkKind.VILLAGE_DAYS, TargetMeasure.DAYS, Decimal(180)),
    Target(WorkKind.CONTACT_POINT, TargetMeasure.PLACES, Decimal(3), Decimal(30)),
)


def describe_target(target: Target) -> str:
    """The target in words, e.g. "下基层驻村 ≥ 180 天"."""
    kind = WorkKind(target.kind).label
    minimum = f"{target.minimum.normalize():f}"
    if target.measure == TargetMeasure.PLACES:
        per_place = f"{target.days_per_place.normalize():f}"
        return f"{kind} ≥ {minimum} 个（每个 ≥ {per_place} 天）"
    unit = "天" if target.measure == TargetMeasure.DAYS else "次"
    return f"{kind} ≥ {minimum} {unit}"


@dataclass(frozen=True)
class Entry:
    """One work-record entry as the rules see it."""

    kind: str
    occurred_on: date
    days: Decimal = ZERO
    place: str = ""  # the contact point (a village's code) for PLACES targets


@dataclass
class Tally:
    """What one secretary has logged of one kind: entries, days, days per place."""

    count: int = 0
    days: Decimal = ZERO
    place_days: dict[str, Decimal] = field(default_factory=dict)

    def add(self, entry: Entry) -> None:
        self.count += 1
        self.days += entry.days
        if entry.place:
            self.place_days[entry.place] = self.place_days.get(entry.place, ZERO) + entry.days


def tally(entries: Iterable[Entry]) -> dict[str, Tally]:
    """Entries by kind."""
    tallies: dict[str, Tally] = {}
    for entry in entries:
        tallies.setdefault(entry.kind, Tally()).add(entry)
    return tallies


def achieved(target: Target, kept: Tally | None) -> Decimal:
    """How much of the target's measure the tally reaches (count, days or places)."""
    if kept is None:
        return ZERO
    if target.measure == TargetMeasure.COUNT:
        return Decimal(kept.count)
    if target.measure == TargetMeasure.DAYS:
        return kept.days
    return Decimal(sum(1 for days in kept.place_days.values() if days >= target.days_per_place))


def completion(target: Target, kept: Tally | None) -> Decimal:
    """The share of the target reached, between 0 and 1 (a target of 0 is always met)."""
    if target.minimum <= 0:
        return ONE
    return min(ONE, achieved(target, kept) / target.minimum)


def overall_completion(targets: Sequence[Target], tallies: Mapping[str, Tally]) -> Decimal:
    """The mean completion over the round's targets, 1 without targets; 4 decimals."""
    if not targets:
        return ONE
    total = sum((completion(t, tallies.get(t.kind)) for t in targets), ZERO)
    return (total / len(targets)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def year_elapsed(today: date, year: int) -> Decimal:
    """The share of ``year`` gone by at the end of ``today`` (0 before it, 1 after it)."""
    if today.year < year:
        return ZERO
    if today.year > year:
        return ONE
    days_in_year = (date(year, 12, 31) - date(year, 1, 1)).days + 1
    return Decimal((today - date(year, 1, 1)).days + 1) / Decimal(days_in_year)


def expected_by(target: Target, today: date, year: int) -> Decimal:
    """What the target asks for by ``today`` if the work is spread evenly over the year."""
    return target.minimum * year_elapsed(today, year)


def is_behind(
    targets: Sequence[Target], tallies: Mapping[str, Tally], today: date, year: int
) -> bool:
    """Behind when any target's achieved measure is below its pro-rata share by ``today``."""
    return any(achieved(t, tallies.get(t.kind)) < expected_by(t, today, year) for t in targets)


# --- The records source score ----------------------------------------------------------------


@dataclass(frozen=True)
class Formula:
    """records score = clamp(0, 100, base + completion_weight × completion + Σ approved points).

    With the defaults (40 + 60 × completion) a secretary who meets every target and has no
    red/black entry scores 100; red points can only lift a shortfall, black points lower it.
    """

    base: Decimal = Decimal(40)
    completion_weight: Decimal = Decimal(60)


def records_score(
    formula: Formula, completion_share: Decimal, points: Iterable[Decimal]
) -> Decimal:
    """The records source (年度记录) out of 100, two decimals."""
    raw = formula.base + formula.completion_weight * completion_share + sum(points, ZERO)
    return max(ZERO, min(HUNDRED, raw)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def signed_points(color: str, points: Decimal) -> Decimal:
    """Red points count up, black points down, whatever sign the table was typed with."""
    return abs(points) if color == MeritColor.RED else -abs(points)


def first_of_month(day: date) -> date:
    return day.replace(day=1)


# --- Citing the record in a duty report --------------------------------------------------------


@dataclass(frozen=True)
class Citing:
    """How a duty report cites a kind of work: the phrase of the offered sentence, the words a
    report names it by, and the measure words it is counted in (the record's own first)."""

    phrase: str
    cues: tuple[str, ...]
    units: tuple[str, ...]


CITING: dict[str, Citing] = {
    WorkKind.PARTY_MEETING.value: Citing(
        "召开党建专题会议", ("党建专题会议", "党建工作专题会议", "专题研究党建"), ("次", "场")
    ),
    WorkKind.DEPLOYMENT.value: Citing("部署党建工作", ("部署党建工作", "专题部署党建"), ("次",)),
    WorkKind.VILLAGE_VISIT.value: Citing(
        "走访村（社区）",
        ("走访村（社区）", "走访村(社区)", "走访行政村", "走访各村", "走访村", "走访社区"),
        ("次",),
    ),
    WorkKind.PARTY_LESSON.value: Citing(
        "讲党课", ("讲党课", "讲授党课", "上党课", "讲专题党课"), ("次", "场", "堂", "期")
    ),
    WorkKind.CONTACT_POINT.value: Citing("联系点", ("联系点",), ("个",)),
    WorkKind.PROJECT.value: Citing("推进党建项目", ("党建项目",), ("个", "项")),
    WorkKind.VILLAGE_DAYS.value: Citing("下基层驻村", ("下基层", "驻村"), ("天",)),
}

_MEASURE_UNITS = {TargetMeasure.COUNT: "次", TargetMeasure.DAYS: "天", TargetMeasure.PLACES: "个"}


def measured_by(kind: str, targets: Mapping[str, Target]) -> Target:
    """The target a kind is counted by: the round's, or one of 0 counted the kind's way (any
    contact point counts when no days per place are set)."""
    return targets.get(kind) or Target(kind, TARGET_MEASURES[kind], ZERO)


def citing_units(target: Target) -> tuple[str, ...]:
    """The measure words a figure of the kind is given in, the record's own unit first."""
    own = _MEASURE_UNITS[TargetMeasure(target.measure)]
    return (own, *(u for u in CITING[target.kind].units if u != own))


def citing_sentence(target: Target, value: Decimal, period: str, has_target: bool) -> str:
    """The sentence offered to the report, e.g. "全年下基层驻村182天（目标180天）"."""
    unit = citing_units(target)[0]
    said = f"{period}{CITING[target.kind].phrase}{value.normalize():f}{unit}"
    if not has_target:
        return said
    goal = f"目标{target.minimum.normalize():f}{unit}"
    if target.measure == TargetMeasure.PLACES and target.days_per_place:
        return f"{said}（每个不少于{target.days_per_place.normalize():f}天，{goal}）"
    return f"{said}（{goal}）"

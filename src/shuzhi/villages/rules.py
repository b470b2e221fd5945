"""Pure rules of villages and branches: classes and pay of the 100-point assessment, 十佳, the
lagging list, star ratings and their distribution, secretaries' points, and 双述双评 (the vote
window, assessors' and democratic scores, ranking, the 公示 period).

No Django import (the contract in pyproject.toml), so the rules are property-tested on their own
and shared by the services and the benchmark. Classes, ranks and 十佳 come from the scoring
engine's own outcome rules (``scoring.engine.outcomes.decide``), not a second copy: the
village assessment is a round of 100-point composites with the same quotas and tie rule.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

import numpy as np

from shuzhi.core.vocabulary.base import Vocabulary
from shuzhi.core.vocabulary.grading import QuotaRounding
from shuzhi.scoring.engine.fixedpoint import from_units, to_units
from shuzhi.scoring.engine.outcomes import decide, head_count
from shuzhi.scoring.engine.types import WEIGHT_DECIMALS, RoundRules

K = TypeVar("K", bound=Hashable)

CENT = Decimal("0.01")
#: 001: "十佳" are the top 10 of class 1, each with a prize (a setting of the assessment).
DEFAULT_TOP_N = 10
DEFAULT_PRIZE = Decimal(50000)
#: 001: each year about 5% of villages are identified as lagging.
DEFAULT_LAGGING_PERCENT = Decimal(5)
#: 003: weak and lax organisations rectified ≥ 95%.
RECTIFICATION_TARGET = Decimal(95)
MAX_STARS = 5
#: 004: "两星以下支部动态清零" — a branch at two stars or below must be cleared.
CLEARING_BAR = 2


class VillageClass(Vocabulary):
    """The class of a village in the 100-point assessment (001: about 20% / 50% / 30%)."""

    CLASS_1 = "1", "一类"
    CLASS_2 = "2", "二类"
    CLASS_3 = "3", "三类"


class CommitteeRole(Vocabulary):
    """A member of the village's two committees (村"两委"), who shares in the pay bonus."""

    SECRETARY = "secretary", "党组织书记"
    DIRECTOR = "director", "村（居）委会主任"
    DEPUTY = "deputy", "副书记"
    MEMBER = "member", "委员"


class SignOffLevel(Vocabulary):
    """Who signs a township's pay sheet: the township first, then the county."""

    TOWNSHIP = "township", "乡镇（街道）审核"
    COUNTY = "county", "县级审定"


class LaggingKind(Vocabulary):
    """Why an organisation is on the list (001 后进村; 003 软弱涣散)."""

    LAGGING = "lagging", "后进村"
    WEAK = "weak", "软弱涣散"


class IdentifiedBy(Vocabulary):
    """How an organisation came onto the list (001: by rank, inspection or by hand)."""

    RANK = "rank", "按排名"
    INSPECTION = "inspection", "督查发现"
    HAND = "hand", "直接认定"


class ListingStatus(Vocabulary):
    LISTED = "listed", "整顿中"
    DELIST_REQUESTED = "delist_requested", "待上级审批"
    DELISTED = "delisted", "已摘帽"


# --- The 100-point assessment ------------------------------------------------------------


@dataclass(frozen=True)
class VillageOutcome:
    rank: int
    klass: int  # 1–3
    top_ten: bool
    pay_share: Decimal  # percent of base pay


def assessment_rules(top_n: int = DEFAULT_TOP_N) -> RoundRules:
    """The scoring engine's rules with the village defaults: 20/50/30, 100/50/20 %, top N."""
    return RoundRules(honours_top_n=top_n, places=2)


def classify(scores: Sequence[Decimal], rules: RoundRules | None = None) -> list[VillageOutcome]:
    """Rank, class, 十佳 and pay share of each village of one assessment, in input order.

    Ties share a rank and are never split across a class boundary (the round's tie rule).
    """
    rules = rules or assessment_rules()
    n = len(scores)
    if n == 0:
        return []
    composites = np.array([to_units(s, rules.places, "得分") for s in scores], dtype=np.int64)
    groups = np.zeros(n, dtype=np.int64)
    decisions = decide(rules, groups, composites, {}, np.full(n, -1, dtype=np.int64))
    return [
        VillageOutcome(
            rank=int(decisions.ranking.rank[i]),
            klass=int(decisions.klass[i]),
            top_ten=bool(decisions.honour[i]),
            pay_share=from_units(int(decisions.pay_share_units[i]), WEIGHT_DECIMALS),
        )
        for i in range(n)
    ]


def bonus(base_pay: Decimal, pay_share: Decimal) -> Decimal:
    """The pay bonus: base pay × share %, rounded half up to the cent (分), once per person.

    Rounding per person (not per sheet) so each line of the pay sheet is what is paid, and the
    sheet's total is the sum of its lines.
    """
    return (base_pay * pay_share / Decimal(100)).quantize(CENT, rounding=ROUND_HALF_UP)


# --- Lagging villages and weak organisations ---------------------------------------------


def lagging_count(size: int, percent: Decimal = DEFAULT_LAGGING_PERCENT) -> int:
    """How many of ``size`` villages "about 5%" means: half up, at least one of a non-empty set."""
    if size <= 0:
        return 0
    counted = int(head_count(np.array([size], dtype=np.int64), percent, QuotaRounding.HALF_UP)[0])
    return max(1, counted)


def bottom_by_rank(ranked: Sequence[tuple[K, int]], percent: Decimal) -> list[K]:
    """The keys of the worst-ranked ``lagging_count`` villages; ties at the cut all come in."""
    count = lagging_count(len(ranked), percent)
    if not count:
        return []
    ordered = sorted(ranked, key=lambda pair: pair[1], reverse=True)
    cut = ordered[count - 1][1]
    return [key for key, rank in ordered if rank >= cut]


def delisting_refusal(*, open_items: int, total_items: int, approved: bool) -> str | None:
    """Why an organisation may not be de-listed yet (001: not de-listed until fixed), or None."""
    if total_items == 0:
        return "尚无整改事项，不能摘帽"
    if open_items:
        return f"还有 {open_items} 项整改事项未销号，不能摘帽"
    if not approved:
        return "须经上级审批后方可摘帽"
    return None


def rectification_rate(listed: int, delisted: int) -> Decimal | None:
    """Percent of the listed that are de-listed, to one decimal (half up); None if none listed."""
    if listed == 0:
        return None
    return (Decimal(100 * delisted) / Decimal(listed)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


def years_listed(first_year: int, this_year: int) -> int:
    """Years on the list counting both ends: listed in 2024, still listed in 2026 → 3."""
    return max(0, this_year - first_year + 1)


# --- Star ratings --------------------------------------------------------------------------


@dataclass(frozen=True)
class Standard:
    key: str
    label: str
    max_points: Decimal


#: 002: the six standards for village organisations, the default rating template.
SIX_STANDARDS = (
    Standard("integrity", "群众身边的腐败问题和不正之风得到有效遏制", Decimal(15)),
    Standard("members", "党员培养发展和教育管理严格规范", Decimal(20)),
    Standard("service", "民生政策落实和为民服务到位", Decimal(20)),
    Standard("environment", "村容村貌有效整治", Decimal(15)),
    Standard("stability", "社会稳定和乡村文明建设有力有效", Decimal(15)),
    Standard("development", "抓党建促脱贫、促发展成效显著", Decimal(15)),
)
#: Minimum total (of 100) for 5, 4, 3 and 2 stars; below the last is one star.
DEFAULT_STAR_BARS = (Decimal(90), Decimal(80), Decimal(70), Decimal(60))


def stars_for(total: Decimal, bars: Sequence[Decimal] = DEFAULT_STAR_BARS) -> int:
    """Stars for a rating total: the best band whose bar it reaches (5 down to 1)."""
    for stars, bar in zip(range(MAX_STARS, 1, -1), bars, strict=True):
        if total >= bar:
            return stars
    return 1


def rating_total(
    points: Mapping[str, Decimal], standards: Sequence[Standard], secretary_points: Decimal
) -> Decimal:
    """The standards' points (each capped at its maximum, never below 0) plus the secretary's
    yearly points total (004: 积分 feeds the rating), kept within 0–100."""
    by_key = {s.key: s.max_points for s in standards}
    total = sum(
        (min(max(points.get(key, Decimal(0)), Decimal(0)), top) for key, top in by_key.items()),
        Decimal(0),
    )
    return min(max(total + secretary_points, Decimal(0)), Decimal(100))


def needs_clearing(stars: int) -> bool:
    """Two stars or below must be cleared: a rectification plan, then a new rating."""
    return stars <= CLEARING_BAR


def distribution(rows: Iterable[tuple[K, int]]) -> dict[K, Counter[int]]:
    """Count of branches per star level in each group; every row counts exactly once."""
    result: dict[K, Counter[int]] = {}
    for key, stars in rows:
        result.setdefault(key, Counter())[stars] += 1
    return result


def change_since(current: Mapping[int, int], previous: Mapping[int, int]) -> dict[int, int]:
    """Per star level, branches now minus branches last year."""
    return {s: current.get(s, 0) - previous.get(s, 0) for s in range(1, MAX_STARS + 1)}


# --- Points of branch secretaries ----------------------------------------------------------


class PointsStatus(Vocabulary):
    PENDING = "pending", "待乡镇确认"
    CONFIRMED = "confirmed", "已确认"
    REJECTED = "rejected", "未通过"


@dataclass(frozen=True)
class PointsRule:
    code: str
    label: str
    points: Decimal  # earned (+) or lost (−) each time


#: 004: the default rules table (a setting each county can change).
DEFAULT_POINTS_RULES = (
    PointsRule("meeting", "按时召开“三会一课”", Decimal(1)),
    PointsRule("service", "为群众办实事", Decimal(2)),
    PointsRule("honour", "获县级以上表彰", Decimal(5)),
    PointsRule("absent", "无故缺席组织生活", Decimal(-2)),
    PointsRule("complaint", "群众投诉查实", Decimal(-5)),
)
#: How far the yearly points may move a star rating's total (a setting).
POINTS_CAP = Decimal(10)


def points_total(entries: Iterable[Decimal], cap: Decimal = POINTS_CAP) -> Decimal:
    """A secretary's yearly total of confirmed entries, within ±cap for the star rating."""
    total = sum(entries, Decimal(0))
    return min(max(total, -cap), cap)


# --- 双述双评 (001): assessors' scores, the democratic evaluation, ranking, 公示 ----------------


class AssessorKind(Vocabulary):
    """Who scores a village secretary's report to the township (001)."""

    TOWNSHIP_CADRE = "township_cadre", "乡镇（街道）干部"
    DEPARTMENT = "department", "职能部门"
    DEPUTY = "deputy", "人大代表、政协委员"


class FilerKind(Vocabulary):
    """Who files an objection during 公示 on the public page (实名反映)."""

    MEMBER = "member", "党员"
    MASSES = "masses", "群众"


class EvaluationMode(Vocabulary):
    """How the members and masses representatives of a village vote in the 民主评议."""

    TOKENS = "tokens", "发放测评码"
    ROLL = "roll", "按党员群众名单投票"


#: The voters of a democratic evaluation: all party members and the masses representatives.
ELECTOR_CATEGORIES = ("member", "masses")  # VoterCategory values

DEFAULT_ASSESSOR_WEIGHT = 60  # percent; the democratic evaluation has the rest
DEFAULT_OBJECTION_DAYS = 5


def _two_places(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _when(moment: datetime) -> str:
    return f"{moment.year}年{moment.month}月{moment.day}日 {moment:%H:%M}"


def window_refusal(now: datetime, opens_at: datetime, closes_at: datetime) -> str | None:
    """Why a vote at ``now`` is refused, or None inside [opens_at, closes_at). The times are in
    the same (local) time zone, so the message shows the clock the voter reads."""
    if now < opens_at:
        return f"民主评议将于{_when(opens_at)}开始，现在还不能投票。"
    if now >= closes_at:
        return f"民主评议已于{_when(closes_at)}结束，不能再投票。"
    return None


def assessor_score(scores: Iterable[tuple[str, Decimal]]) -> Decimal | None:
    """The assessors' score of a village: the mean of each kind's mean (township cadres,
    departments, deputies count alike however many of each scored), two places half up."""
    by_kind: dict[str, list[Decimal]] = {}
    for kind, score in scores:
        by_kind.setdefault(kind, []).append(score)
    if not by_kind:
        return None
    means = [sum(values, Decimal(0)) / len(values) for values in by_kind.values()]
    return _two_places(sum(means, Decimal(0)) / len(means))


def evaluation_score(grades: Iterable[str], points: Mapping[str, int]) -> Decimal | None:
    """The democratic evaluation's score: the mean of the ballots' grade points (好 100, 较好 80,
    一般 60, 差 0 by default), two places half up; None without a ballot."""
    values = [Decimal(points[grade]) for grade in grades]
    if not values:
        return None
    return _two_places(sum(values, Decimal(0)) / len(values))


def combined_score(assessor: Decimal, evaluation: Decimal, assessor_weight: int) -> Decimal:
    """assessor × w + evaluation × (100 − w), in percent, rounded once, half up."""
    weight = Decimal(assessor_weight)
    return _two_places((assessor * weight + evaluation * (100 - weight)) / 100)


def competition_ranks(totals: Mapping[K, Decimal]) -> dict[K, int]:
    """Ranks 1, 2, 2, 4 by total, highest first."""
    ordered = sorted(totals.values(), reverse=True)
    first_place: dict[Decimal, int] = {}
    for place, value in enumerate(ordered, start=1):
        first_place.setdefault(value, place)
    return {key: first_place[value] for key, value in totals.items()}


def objection_refusal(day: date, published_on: date | None, closes_on: date | None) -> str | None:
    """Why an objection raised on ``day`` cannot be taken: only during the 公示 period."""
    if published_on is None or closes_on is None:
        return "结果尚未公示，不能受理异议。"
    if day < published_on:
        return f"公示自{published_on:%Y-%m-%d}开始，此前不能受理异议。"
    if day > closes_on:
        return f"公示期已于{closes_on:%Y-%m-%d}结束，不能再受理异议。"
    return None


def finalization_refusal(today: date, closes_on: date | None, unanswered: int) -> str | None:
    """Why the result cannot yet be final: it is final only after the 公示 period, with every
    objection answered."""
    if closes_on is None:
        return "结果尚未公示。"
    if today <= closes_on:
        return f"公示期至{closes_on:%Y-%m-%d}，期满后才能确定结果。"
    if unanswered:
        return f"还有 {unanswered} 条异议未答复，不能确定结果。"
    return None

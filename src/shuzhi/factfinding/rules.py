"""Pure fact-finding rules: the verifiable audit sample, the 百分测评 combination, group
formation, the audit score and ranking, and 认账 (no Django import, property-tested)."""

from __future__ import annotations

import random
import secrets
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from shuzhi.core.months import add_months
from shuzhi.core.vocabulary.base import Vocabulary

TWO_PLACES = Decimal("0.01")


class VisitKind(Vocabulary):
    """How a unit was looked at before the meeting (000: 视察; 003: 随机调研、明察暗访)."""

    INSPECTION = "inspection", "视察"
    SURVEY = "survey", "随机调研"
    UNANNOUNCED = "unannounced", "明察暗访"


class VisitMethod(Vocabulary):
    """The methods of an inspection visit (000)."""

    HEARING = "hearing", "听取汇报"
    MATERIALS = "materials", "查阅资料"
    SITE = "site", "实地察看"
    DISCUSSION = "discussion", "座谈交流"
    RATING = "rating", "百分测评"


class Acknowledgement(Vocabulary):
    """The secretary's 认账 of a finding (003), and the superior's ruling on a dispute."""

    PENDING = "pending", "待认账"
    ACCEPTED = "accepted", "已认账"
    DISPUTED = "disputed", "有异议待裁定"
    DISPUTE_REJECTED = "dispute_rejected", "异议不成立"
    DISPUTE_UPHELD = "dispute_upheld", "异议成立（撤销）"


#: A finding in one of these states stands and is a problem the report must answer.
STANDING = frozenset({Acknowledgement.ACCEPTED, Acknowledgement.DISPUTE_REJECTED})
#: Not yet 认账: what the meeting host is shown.
UNACKNOWLEDGED = frozenset({Acknowledgement.PENDING, Acknowledgement.DISPUTED})


class AckAction(Vocabulary):
    ACCEPT = "accept", "认账"
    DISPUTE = "dispute", "提出异议"
    REJECT_DISPUTE = "reject_dispute", "裁定异议不成立"
    UPHOLD_DISPUTE = "uphold_dispute", "裁定异议成立"


_ACK_MOVES: dict[tuple[Acknowledgement, AckAction], Acknowledgement] = {
    (Acknowledgement.PENDING, AckAction.ACCEPT): Acknowledgement.ACCEPTED,
    (Acknowledgement.PENDING, AckAction.DISPUTE): Acknowledgement.DISPUTED,
    (Acknowledgement.DISPUTED, AckAction.REJECT_DISPUTE): Acknowledgement.DISPUTE_REJECTED,
    (Acknowledgement.DISPUTED, AckAction.UPHOLD_DISPUTE): Acknowledgement.DISPUTE_UPHELD,
}


class RefusedMove(Exception):
    """A step the current state does not allow; the message is for the user."""


def acknowledge(state: str, action: str) -> Acknowledgement:
    """The state after ``action``: the secretary answers once, the superior rules once."""
    move = _ACK_MOVES.get((Acknowledgement(state), AckAction(action)))
    if move is None:
        raise RefusedMove(
            f"当前状态「{Acknowledgement(state).label}」下不能「{AckAction(action).label}」"
        )
    return move


class AuditState(Vocabulary):
    """Where a party-building audit stands; the sample is hidden until it starts (004)."""

    PLANNED = "planned", "已抽样（未通知）"
    STARTED = "started", "审计中"
    ISSUED = "issued", "已出具报告"
    RECTIFIED = "rectified", "整改已验收"


class RectificationReportState(Vocabulary):
    NONE = "none", "未提交"
    SUBMITTED = "submitted", "待验收"
    ACCEPTED = "accepted", "已验收"
    RETURNED = "returned", "已退回"


#: Months from the audit report to the written rectification report (004: 2 个月).
RECTIFICATION_MONTHS = 2


def rectification_due(issued_on: date, months: int = RECTIFICATION_MONTHS) -> date:
    """When the audited unit's written rectification report is due."""
    return add_months(issued_on, months)


# --- The verifiable sample (004: 随机抽取 1–2 个机关支部和村、社区、"两新"组织各 2–3 个) ---------


class SampleKind(Vocabulary):
    GOVERNMENT = "government", "机关支部"
    VILLAGE = "village", "村党组织"
    COMMUNITY = "community", "社区党组织"
    TWO_NEW = "two_new", "“两新”组织"


#: The organisation fields (``orgs.choices.Field`` values) each sample kind is drawn from.
SAMPLE_FIELDS: dict[SampleKind, tuple[str, ...]] = {
    SampleKind.GOVERNMENT: ("government",),
    SampleKind.VILLAGE: ("rural",),
    SampleKind.COMMUNITY: ("community",),
    SampleKind.TWO_NEW: ("non_public", "social"),
}

#: How many of each kind an audit draws unless the audit says otherwise (a setting).
DEFAULT_SAMPLE_COUNTS: dict[SampleKind, int] = {
    SampleKind.GOVERNMENT: 2,
    SampleKind.VILLAGE: 3,
    SampleKind.COMMUNITY: 3,
    SampleKind.TWO_NEW: 3,
}


def new_seed() -> str:
    """A fresh seed, recorded with the audit and published after it."""
    return secrets.token_hex(16)


@dataclass(frozen=True)
class Draw:
    positions: tuple[int, ...]  # 0-based, ascending, into the candidates in tree order
    short: bool  # fewer candidates than wanted: all of them are taken


def draw_positions(seed: str, kind: str, population: int, wanted: int) -> Draw:
    """Which of ``population`` candidates (in tree order) to sample, from the seed alone.

    ``random.Random`` seeded with a string is stable across Python runs and processes, so
    anyone holding the seed and the tree re-runs the draw and gets the same sample.
    """
    if wanted >= population:
        return Draw(tuple(range(population)), short=wanted > population)
    chooser = random.Random(f"{seed}:{kind}")
    return Draw(tuple(sorted(chooser.sample(range(population), wanted))), short=False)


# --- 百分测评 -------------------------------------------------------------------------------

#: From this many ratings on, the highest and the lowest are dropped (去掉一个最高分和一个最低分).
TRIM_FROM = 5


def combine_ratings(scores: Sequence[Decimal]) -> Decimal | None:
    """The unit's rating from its members' 0–100 ratings: with ``TRIM_FROM`` or more, the mean
    without one highest and one lowest; fewer, the plain mean; none, ``None``. Two places,
    half up."""
    if not scores:
        return None
    ordered = sorted(scores)
    kept = ordered[1:-1] if len(ordered) >= TRIM_FROM else ordered
    return (sum(kept, Decimal(0)) / len(kept)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


# --- Group formation ------------------------------------------------------------------------


def deal_members(members: Sequence[tuple[int, str]], groups: int) -> list[list[int]]:
    """Members (id, pool category) dealt into ``groups`` groups so each group gets a share of
    every category: sizes and each category's count differ by at most one between groups."""
    if groups < 1:
        raise ValueError("groups must be at least 1")
    by_category: dict[str, list[int]] = defaultdict(list)
    for member_id, category in sorted(members, key=lambda m: (m[1], m[0])):
        by_category[category].append(member_id)
    dealt: list[list[int]] = [[] for _ in range(groups)]
    turn = 0
    for category in sorted(by_category):
        for member_id in by_category[category]:
            dealt[turn % groups].append(member_id)
            turn += 1
    return dealt


# --- The audit score and the ranking --------------------------------------------------------


def audit_score(items: Sequence[tuple[Decimal, Decimal]]) -> Decimal | None:
    """(awarded, maximum) per checklist item → a score out of 100, two places half up."""
    maximum = sum((m for _, m in items), Decimal(0))
    if maximum <= 0:
        return None
    awarded = sum((min(max(a, Decimal(0)), m) for a, m in items), Decimal(0))
    return (awarded * 100 / maximum).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def rank(scores: Mapping[int, Decimal]) -> dict[int, int]:
    """Competition ranking by score, highest first (equal scores share a place: 1, 2, 2, 4)."""
    ordered = sorted(scores.values(), reverse=True)
    first_place: dict[Decimal, int] = {}
    for place, score in enumerate(ordered, start=1):
        first_place.setdefault(score, place)
    return {key: first_place[score] for key, score in scores.items()}


#: The audit checklist a new audit starts from (an indicator template; 004's audit content).
DEFAULT_CHECKLIST: tuple[tuple[str, Decimal], ...] = (
    ("落实党建工作责任制情况", Decimal(20)),
    ("“三会一课”等组织生活制度执行情况", Decimal(20)),
    ("党员教育管理和发展党员情况", Decimal(15)),
    ("基层党组织阵地建设和经费保障情况", Decimal(15)),
    ("党费收缴、使用和管理情况", Decimal(15)),
    ("上年度问题整改落实情况", Decimal(15)),
)

"""Pure rules of the meeting: composition, valid ballots, canonical form, receipts, the box's
digest, coarse turnout, tally.

No Django import: the server, the ``shuzhi meetings verify`` command and the tests share them.
Grades and voter categories are plain strings (the values of ``core.vocabulary``).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from shuzhi.core.vocabulary.base import Vocabulary
from shuzhi.core.vocabulary.grades import DEFAULT_EVALUATION_POINTS, EvaluationGrade
from shuzhi.core.vocabulary.sources import DEFAULT_VOTER_WEIGHTS, VoterCategory

GRADES = tuple(EvaluationGrade.values)
GRADE_LABELS = dict(EvaluationGrade.choices)
CATEGORIES = tuple(VoterCategory.values)
MERGED = "merged"

# The same defaults as a round's settings (rounds.RoundSettings); a meeting copies its round's.
DEFAULT_GRADE_POINTS = {g.value: points for g, points in DEFAULT_EVALUATION_POINTS.items()}
DEFAULT_CATEGORY_WEIGHTS = {c.value: weight for c, weight in DEFAULT_VOTER_WEIGHTS.items()}


class MeetingKind(Vocabulary):
    """A round's 述职评议会 (the hearing body hears its reporters; its ballots are the round's
    on-site evaluation), or a village's second hearing of 双述双评 (001: the village cadres
    report to the village's members and masses; its ballots stay the village's own)."""

    ROUND_HEARING = "round_hearing", "述职评议会"
    VILLAGE_HEARING = "village_hearing", "村级向党员群众述职会"


# --- Composition of those present (article 000: representatives ≥ 1/3) ----------------------


@dataclass(frozen=True)
class Composition:
    present: int
    representatives: int
    required_share: Fraction

    @property
    def holds(self) -> bool:
        """Whether representatives make up at least the required share of those present."""
        return self.present > 0 and Fraction(self.representatives, self.present) >= (
            self.required_share
        )

    @property
    def shortfall(self) -> int:
        """How many more representatives must sign in (others staying the same)."""
        needed = 0
        while not Composition(
            self.present + needed, self.representatives + needed, self.required_share
        ).holds:
            needed += 1
        return needed


# --- Ballots ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rating:
    grade: str | None = None
    indicators: Mapping[str, str] = field(default_factory=dict)
    remark: str = ""


@dataclass(frozen=True)
class BallotContent:
    """One voter's ratings of every reporter of the meeting (unrated reporters are abstentions)."""

    ratings: Mapping[int, Rating]
    comment: str = ""


@dataclass(frozen=True)
class ValidityRules:
    max_good_percent: int = 100
    per_indicator: bool = False
    indicators: Sequence[str] = ()


class MalformedBallot(ValueError):
    """The ballot does not fit the meeting at all (unknown reporter, grade or indicator)."""


def parse_ballot(
    data: Mapping[str, Any], reporter_ids: Iterable[int], rules: ValidityRules
) -> BallotContent:
    """Read a submitted ballot ``{"ratings": {id: {"grade", "indicators", "remark"}}, "comment"}``."""
    allowed = set(reporter_ids)
    raw = data.get("ratings") or {}
    if not isinstance(raw, Mapping):
        raise MalformedBallot("测评内容格式不正确。")
    ratings: dict[int, Rating] = {}
    for key, value in raw.items():
        try:
            reporter_id = int(key)
        except (TypeError, ValueError):
            raise MalformedBallot("测评内容格式不正确。") from None
        if reporter_id not in allowed:
            raise MalformedBallot("测评票包含本次会议以外的述职人。")
        value = value if isinstance(value, Mapping) else {"grade": value}
        grade = value.get("grade") or None
        if grade is not None and grade not in GRADES:
            raise MalformedBallot(f"无效的评价等次「{grade}」。")
        indicators = {str(k): str(v) for k, v in (value.get("indicators") or {}).items() if v}
        if any(name not in rules.indicators for name in indicators) or any(
            g not in GRADES for g in indicators.values()
        ):
            raise MalformedBallot("分项评价不在本次会议的指标之内。")
        remark = str(value.get("remark") or "").strip()[:500]
        if grade or indicators or remark:
            ratings[reporter_id] = Rating(grade, indicators, remark)
    comment = str(data.get("comment") or "").strip()[:1000]
    return BallotContent(ratings=ratings, comment=comment)


def ballot_problems(content: BallotContent, reporter_count: int, rules: ValidityRules) -> list[str]:
    """Why the ballot is invalid under the meeting's rules (empty list: valid)."""
    problems: list[str] = []
    graded = [r for r in content.ratings.values() if r.grade]
    if not graded:
        problems.append("至少需要对一名述职人作出评价，空白票无效。")
    goods = sum(1 for r in graded if r.grade == "good")
    allowed_goods = reporter_count * rules.max_good_percent // 100
    if goods > allowed_goods:
        problems.append(
            f"评为「好」的不得超过述职人数的 {rules.max_good_percent}%（最多 {allowed_goods} 名），"
            f"本票评了 {goods} 名。"
        )
    if rules.per_indicator:
        for reporter_id, rating in content.ratings.items():
            if rating.grade and set(rating.indicators) != set(rules.indicators):
                problems.append(f"述职人 {reporter_id} 的分项评价不完整。")
                break
    return problems


def canonical_ballot(content: BallotContent) -> str:
    """The ballot as canonical JSON: sorted keys, no spaces, reporters as strings."""
    body = {
        "comment": content.comment,
        "ratings": {
            str(reporter_id): {
                "grade": rating.grade,
                "indicators": dict(sorted(rating.indicators.items())),
                "remark": rating.remark,
            }
            for reporter_id, rating in sorted(content.ratings.items())
        },
    }
    return canonical_json(body)


def canonical_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def content_from_canonical(text: str) -> BallotContent:
    body = json.loads(text)
    return BallotContent(
        ratings={
            int(key): Rating(value["grade"], value["indicators"], value["remark"])
            for key, value in body["ratings"].items()
        },
        comment=body["comment"],
    )


def key_from(random_bytes: bytes) -> int:
    """A positive 63-bit primary key from random bytes: a key that says nothing about when a
    row was written (an auto-increment id, or a time-ordered UUID, would)."""
    return int.from_bytes(random_bytes[:8], "big") >> 1 or 1


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def receipt_for(key: bytes, raw_token: str, canonical: str) -> str:
    """The voter's receipt: a keyed hash of the token and the canonical ballot. The same token
    and ballot always give the same receipt, so a resubmission finds its ballot without any
    stored link; without the key, knowing a token does not tell which receipt is its."""
    message = (raw_token + "\n" + canonical).encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:20].upper()


def coarse(count: int, step: int) -> int:
    """Turnout as the hall sees it: rounded down to a multiple of ``step`` (never one by one)."""
    return count - count % max(step, 1)


# --- The box's digest: over the set of ballots, in receipt order -----------------------------


def genesis(meeting_id: int, rehearsal: bool) -> str:
    """Where the digest of a box starts: binds it to its meeting and mode."""
    return sha256(f"shuzhi-meeting:{meeting_id}:{'rehearsal' if rehearsal else 'formal'}")


def ballot_record(*, category: str, valid: bool, source: str, receipt: str, ballot: str) -> str:
    """What the digest hashes for one ballot: everything counted, nothing about the voter and
    nothing about when it was cast."""
    return canonical_json(
        {
            "ballot": json.loads(ballot),
            "category": category,
            "receipt": receipt,
            "source": source,
            "valid": valid,
        }
    )


def link(previous: str, record: str) -> str:
    return sha256(previous + "\n" + record)


def chain_digest(start: str, records: Iterable[str]) -> str:
    head = start
    for record in records:
        head = link(head, record)
    return head


def box_digest(start: str, records: Mapping[str, str]) -> str:
    """The digest of a box: its records (by receipt) hashed in receipt order, which is the
    canonical order of the set and unrelated to the order of voting."""
    return chain_digest(start, (records[receipt] for receipt in sorted(records)))


# --- The tally ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountedBallot:
    category: str
    valid: bool
    content: BallotContent


@dataclass
class ReporterResult:
    reporter_id: int
    counts: dict[str, dict[str, int]]  # category -> grade -> n (unmerged)
    indicator_counts: dict[str, dict[str, int]]  # indicator -> grade -> n
    score: Decimal | None

    def totals(self) -> dict[str, int]:
        total = dict.fromkeys(GRADES, 0)
        for counts in self.counts.values():
            for grade, n in counts.items():
                total[grade] += n
        return total

    @property
    def rated(self) -> int:
        return sum(self.totals().values())

    @property
    def good_or_fair_percent(self) -> Decimal | None:
        totals = self.totals()
        rated = sum(totals.values())
        if not rated:
            return None
        return _two_places(Decimal(totals["good"] + totals["fair"]) * 100 / rated)


@dataclass
class Tally:
    valid: int
    invalid: int
    voters_by_category: dict[str, int]  # valid ballots per category
    reporters: dict[int, ReporterResult]

    def displayed_categories(self, threshold: int) -> dict[str, list[str]]:
        return merge_small_categories(self.voters_by_category, threshold)


def _two_places(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def weighted_score(
    counts: Mapping[str, Mapping[str, int]],
    points: Mapping[str, int],
    weights: Mapping[str, int],
) -> Decimal | None:
    """Σ weight × average points of a category, over the categories that rated (weights renormalised)."""
    total_weight = Decimal(0)
    total = Decimal(0)
    for category, by_grade in counts.items():
        rated = sum(by_grade.values())
        weight = Decimal(str(weights.get(category, 0)))
        if not rated or not weight:
            continue
        earned = sum((Decimal(str(points[g])) * n for g, n in by_grade.items()), Decimal(0))
        total += weight * earned / rated
        total_weight += weight
    if not total_weight:
        return None
    return _two_places(total / total_weight)


def tally(
    ballots: Iterable[CountedBallot],
    reporter_ids: Sequence[int],
    points: Mapping[str, int],
    weights: Mapping[str, int],
) -> Tally:
    """Count the valid ballots per reporter × category; invalid ones only as a number."""
    results = {rid: ReporterResult(rid, {}, {}, None) for rid in reporter_ids}
    voters: dict[str, int] = {}
    valid = invalid = 0
    for ballot in ballots:
        if not ballot.valid:
            invalid += 1
            continue
        valid += 1
        voters[ballot.category] = voters.get(ballot.category, 0) + 1
        for reporter_id, rating in ballot.content.ratings.items():
            result = results[reporter_id]
            if rating.grade:
                by_grade = result.counts.setdefault(ballot.category, dict.fromkeys(GRADES, 0))
                by_grade[rating.grade] += 1
            for name, grade in rating.indicators.items():
                result.indicator_counts.setdefault(name, dict.fromkeys(GRADES, 0))[grade] += 1
    for result in results.values():
        result.score = weighted_score(result.counts, points, weights)
    return Tally(valid, invalid, voters, results)


def merge_small_categories(voters: Mapping[str, int], threshold: int) -> dict[str, list[str]]:
    """Display groups: a category with fewer voters than ``threshold`` is shown only merged.

    If the merged group is itself below the threshold, it is folded into the smallest shown
    category, so no group on screen ever has fewer than ``threshold`` voters (unless all do).
    """
    present = [c for c in CATEGORIES if voters.get(c, 0)] + sorted(
        c for c in voters if c not in CATEGORIES and voters[c]
    )
    shown = {c: [c] for c in present if voters[c] >= threshold}
    small = [c for c in present if voters[c] < threshold]
    if not small:
        return shown
    if sum(voters[c] for c in small) >= threshold or not shown:
        shown[MERGED] = small
        return shown
    smallest = min(shown, key=lambda c: (voters[c], c))
    members = shown.pop(smallest) + small
    shown[MERGED] = members
    return shown


def merged_counts(
    result: ReporterResult, groups: Mapping[str, Sequence[str]]
) -> dict[str, dict[str, int]]:
    merged: dict[str, dict[str, int]] = {}
    for group, members in groups.items():
        by_grade = dict.fromkeys(GRADES, 0)
        for category in members:
            for grade, n in result.counts.get(category, {}).items():
                by_grade[grade] += n
        merged[group] = by_grade
    return merged

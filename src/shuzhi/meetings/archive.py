"""The raw-ballot export and its verification: recompute the chain's digest and the tally.

Pure Python (no Django), so ``shuzhi meetings verify`` runs anywhere on an exported file.
The export holds no link to any voter: ballots carry only their place in the chain.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from shuzhi.meetings import rules

FORMAT = "shuzhi-ballots/1"
CSV_COLUMNS = [
    "sequence",
    "category",
    "source",
    "valid",
    "invalid_reason",
    "receipt",
    "ballot",
    "chain_hash",
]


@dataclass(frozen=True)
class ArchivedBallot:
    sequence: int
    category: str
    source: str
    valid: bool
    invalid_reason: str
    receipt: str
    ballot: str  # canonical JSON
    chain_hash: str

    def record(self) -> str:
        return rules.chain_record(
            sequence=self.sequence,
            category=self.category,
            valid=self.valid,
            source=self.source,
            receipt=self.receipt,
            ballot=self.ballot,
        )


def tally_ballots(
    ballots: Sequence[ArchivedBallot],
    reporter_ids: Sequence[int],
    settings: Mapping[str, Any],
) -> rules.Tally:
    """The tally of archived ballots under the meeting's grade points and category weights."""
    return rules.tally(
        (
            rules.CountedBallot(b.category, b.valid, rules.content_from_canonical(b.ballot))
            for b in ballots
        ),
        reporter_ids,
        settings["grade_points"],
        settings["category_weights"],
    )


def tally_json(result: rules.Tally) -> dict[str, Any]:
    return {
        "valid": result.valid,
        "invalid": result.invalid,
        "reporters": {
            str(rid): {
                "counts": {c: dict(v) for c, v in sorted(r.counts.items())},
                "score": str(r.score) if r.score is not None else None,
            }
            for rid, r in sorted(result.reporters.items())
        },
    }


def export_json(
    *,
    meeting: Mapping[str, Any],
    reporters: Sequence[Mapping[str, Any]],
    settings: Mapping[str, Any],
    genesis: str,
    digest: str,
    ballots: Sequence[ArchivedBallot],
    result: rules.Tally,
) -> str:
    body = {
        "format": FORMAT,
        "meeting": dict(meeting),
        "reporters": [dict(r) for r in reporters],
        "settings": dict(settings),
        "genesis": genesis,
        "digest": digest,
        "ballots": [
            {
                "sequence": b.sequence,
                "category": b.category,
                "source": b.source,
                "valid": b.valid,
                "invalid_reason": b.invalid_reason,
                "receipt": b.receipt,
                "ballot": json.loads(b.ballot),
                "chain_hash": b.chain_hash,
            }
            for b in ballots
        ],
        "tally": tally_json(result),
    }
    return json.dumps(body, ensure_ascii=False, indent=1)


def export_csv(ballots: Sequence[ArchivedBallot]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for b in ballots:
        writer.writerow(
            [
                b.sequence,
                b.category,
                b.source,
                int(b.valid),
                b.invalid_reason,
                b.receipt,
                b.ballot,
                b.chain_hash,
            ]
        )
    return out.getvalue()


@dataclass
class Verification:
    digest: str
    result: rules.Tally | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _check_chain(start: str, ballots: Sequence[ArchivedBallot], problems: list[str]) -> str:
    head = start
    for expected_sequence, ballot in enumerate(ballots, start=1):
        if ballot.sequence != expected_sequence:
            problems.append(
                f"第 {expected_sequence} 张票的序号为 {ballot.sequence}，有缺失或重复。"
            )
        head = rules.link(head, ballot.record())
        if ballot.chain_hash and ballot.chain_hash != head:
            problems.append(f"第 {ballot.sequence} 张票的链哈希不符：票据被改动或顺序被调换。")
    return head


def verify_json(text: str) -> Verification:
    """Recompute the digest from the genesis and every ballot, and the tally from the ballots."""
    body = json.loads(text)
    if body.get("format") != FORMAT:
        raise ValueError("不是 ShuZhi 测评票导出文件。")
    ballots = [
        ArchivedBallot(
            sequence=b["sequence"],
            category=b["category"],
            source=b["source"],
            valid=b["valid"],
            invalid_reason=b.get("invalid_reason", ""),
            receipt=b["receipt"],
            ballot=rules.canonical_json(b["ballot"]),
            chain_hash=b.get("chain_hash", ""),
        )
        for b in body["ballots"]
    ]
    problems: list[str] = []
    digest = _check_chain(body["genesis"], ballots, problems)
    if digest != body["digest"]:
        problems.append("重新计算的摘要与文件中的摘要不一致。")
    result = tally_ballots(ballots, [r["id"] for r in body["reporters"]], body["settings"])
    if tally_json(result) != body["tally"]:
        problems.append("重新计票的结果与文件中的计票结果不一致。")
    return Verification(digest, result, problems)


def verify_csv(text: str, genesis: str) -> Verification:
    """Recompute the chain of a CSV export (given the box's genesis hash)."""
    rows = list(csv.DictReader(io.StringIO(text)))
    ballots = [
        ArchivedBallot(
            sequence=int(row["sequence"]),
            category=row["category"],
            source=row["source"],
            valid=row["valid"] == "1",
            invalid_reason=row["invalid_reason"],
            receipt=row["receipt"],
            ballot=row["ballot"],
            chain_hash=row["chain_hash"],
        )
        for row in rows
    ]
    problems: list[str] = []
    digest = _check_chain(genesis, ballots, problems)
    return Verification(digest, None, problems)

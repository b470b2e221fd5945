"""The raw-ballot export and its verification: recompute the box's digest and the tally.

Pure Python (no Django), so ``shuzhi meetings verify`` runs anywhere on an exported file.
The export holds no link to any voter and no order of voting: ballots are listed by receipt,
and each voter can find their receipt (and their ballot next to it) in the list.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from shuzhi.meetings import rules

# Version 2: a set in receipt order (version 1 was a chain in voting order, retired by
# migration 0002 of meetings; the audit trail keeps each converted box's old digest).
FORMAT = "shuzhi-ballots/2"
CSV_COLUMNS = ["category", "source", "valid", "invalid_reason", "receipt", "ballot"]


@dataclass(frozen=True)
class ArchivedBallot:
    category: str
    source: str
    valid: bool
    invalid_reason: str
    receipt: str
    ballot: str  # canonical JSON

    def record(self) -> str:
        return rules.ballot_record(
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
                "category": b.category,
                "source": b.source,
                "valid": b.valid,
                "invalid_reason": b.invalid_reason,
                "receipt": b.receipt,
                "ballot": json.loads(b.ballot),
            }
            for b in sorted(ballots, key=lambda b: b.receipt)
        ],
        "tally": tally_json(result),
    }
    return json.dumps(body, ensure_ascii=False, indent=1)


def export_csv(ballots: Sequence[ArchivedBallot]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for b in sorted(ballots, key=lambda b: b.receipt):
        writer.writerow([b.category, b.source, int(b.valid), b.invalid_reason, b.receipt, b.ballot])
    return out.getvalue()


@dataclass
class Verification:
    digest: str
    result: rules.Tally | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _digest(start: str, ballots: Sequence[ArchivedBallot], problems: list[str]) -> str:
    """The digest over the set of ballots; a receipt listed twice, or a list not in receipt
    order, is reported (the canonical order is the only one a box has)."""
    receipts = [b.receipt for b in ballots]
    if len(set(receipts)) != len(receipts):
        problems.append("有重复的回执码：同一张票被列出不止一次。")
    if receipts != sorted(receipts):
        problems.append("测评票未按回执码排序：导出文件被改动过。")
    return rules.box_digest(start, {b.receipt: b.record() for b in ballots})


def _ballot(row: Mapping[str, Any], ballot: str, valid: bool) -> ArchivedBallot:
    return ArchivedBallot(
        category=row["category"],
        source=row["source"],
        valid=valid,
        invalid_reason=row.get("invalid_reason", ""),
        receipt=row["receipt"],
        ballot=ballot,
    )


def verify_json(text: str) -> Verification:
    """Recompute the digest from the genesis and every ballot, and the tally from the ballots."""
    body = json.loads(text)
    if body.get("format") != FORMAT:
        raise ValueError("不是 ShuZhi 测评票导出文件（或是旧版本的导出格式）。")
    ballots = [_ballot(b, rules.canonical_json(b["ballot"]), b["valid"]) for b in body["ballots"]]
    problems: list[str] = []
    digest = _digest(body["genesis"], ballots, problems)
    if digest != body["digest"]:
        problems.append("重新计算的摘要与文件中的摘要不一致：测评票被改动、增加或删除过。")
    result = tally_ballots(ballots, [r["id"] for r in body["reporters"]], body["settings"])
    if tally_json(result) != body["tally"]:
        problems.append("重新计票的结果与文件中的计票结果不一致。")
    return Verification(digest, result, problems)


def verify_csv(text: str, genesis: str) -> Verification:
    """Recompute the digest of a CSV export (given the box's genesis hash)."""
    rows = list(csv.DictReader(io.StringIO(text)))
    ballots = [_ballot(row, row["ballot"], row["valid"] == "1") for row in rows]
    problems: list[str] = []
    digest = _digest(genesis, ballots, problems)
    return Verification(digest, None, problems)

"""A computed round as the rows the database stores, written only where they changed.

Formatting a province round's results as text (1.5 M breakdown lines as JSON) costs more than
computing them, and rewriting 100,000 unchanged rows costs more again. So every result carries
a fingerprint of its figures, taken from the engine's integer columns without formatting
anything; a recomputation formats and rewrites only the results whose fingerprint changed —
after a correction to one score, the few reporters of its group it moved.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import numpy as np

from shuzhi.core.bulk import insert_rows
from shuzhi.scoring import engine
from shuzhi.scoring.engine import types as engine_types
from shuzhi.scoring.engine.core import TableResult
from shuzhi.scoring.engine.fast import POINTS_DECIMALS
from shuzhi.scoring.engine.fixedpoint import IntArray, decimal_texts
from shuzhi.scoring.engine.outcomes import GRADE_ORDER, VETO_ORDER
from shuzhi.scoring.engine.rules import IndicatorTree
from shuzhi.scoring.models import Result

AUDITED = ("composite", "rank", "grade", "class_number", "honour", "interview", "veto")

#: Result columns in the order ``StoredRows.rows`` gives them (AUDITED at 3–9).
RESULT_FIELDS = (
    "reporter",
    "round",
    "peer_group",
    *AUDITED,
    "group_size",
    "veto_reason",
    "pay_bonus_percent",
    "subtotals",
    "breakdown",
    "computation",
    "fingerprint",
)
#: Above this share of changed results, one delete of the round's results is cheaper than
#: deleting the changed ones by reporter.
WHOLESALE_SHARE = 0.5
_DELETE_CHUNK = 500  # reporter ids per DELETE (SQLite's bound parameters)
_STORED_PLACES: int = Result._meta.get_field("composite").decimal_places
_STORED_UNIT = Decimal(1).scaleb(-_STORED_PLACES)


class StoredRows:
    """The rows of one computation: fingerprints of all, formatted text for those asked."""

    def __init__(
        self,
        rules: engine.RoundRules,
        tree: IndicatorTree,
        result: TableResult,
        round_id: int,
        computation_id: int,
    ) -> None:
        self.rules, self.tree, self.result = rules, tree, result
        self.round_id, self.computation_id = round_id, computation_id
        self.reporter_ids = [int(rid) for rid in result.table.reporter_ids]
        self.fingerprints = self._fingerprints()

    def _veto_reason(self, row: int) -> str:
        return self.result.veto_reason(self.tree, row)

    def _fingerprints(self) -> list[str]:
        """A digest per result of everything its row says but the computation that wrote it:
        the integer columns its text is formatted from, and the constants of the round (its
        rules, group names, the lines' shapes) as the hash's key."""
        table, decisions, scores = self.result.table, self.result.decisions, self.result.scores
        columns: list[np.ndarray] = [
            np.asarray(self.reporter_ids),
            table.groups,
            scores.composites,
            decisions.ranking.rank,
            decisions.grade,
            decisions.klass,
            decisions.honour,
            decisions.interview,
            decisions.veto,
            decisions.ranking.size,
            decisions.pay_share_units,
            *scores.subtotals.T,
            *self.result.lines.columns(),
        ]
        matrix = np.ascontiguousarray(np.column_stack([c.astype(np.int64) for c in columns]))
        constants = json.dumps(
            [
                self.round_id,
                self.rules.places,
                self.rules.honour_title,
                [key for key, _ in self.rules.weights.items()],
                list(table.group_names),
                self.result.lines.shape(),
            ],
            ensure_ascii=False,
        )
        key = hashlib.blake2b(constants.encode(), digest_size=32).digest()
        vetoed = set(np.flatnonzero(decisions.veto >= 0).tolist())
        digests = []
        for row, values in enumerate(matrix):
            digest = hashlib.blake2b(values.tobytes(), digest_size=16, key=key)
            if row in vetoed:
                digest.update(self._veto_reason(row).encode())
            digests.append(digest.hexdigest())
        return digests

    def rows(self, chosen: Sequence[int]) -> list[tuple[Any, ...]]:
        """These results (by row) as the database stores them; the breakdown as compact lines
        (``engine.breakdown.Line``), the same figures as the engine's Contributions."""
        rules, result = self.rules, self.result
        table, decisions, scores = result.table, result.decisions, result.scores
        at: IntArray = np.asarray(chosen, dtype=np.int64)
        grades = [g.value for g in GRADE_ORDER]
        vetoes = [effect.value for effect in VETO_ORDER]
        keys = [json.dumps(key, ensure_ascii=False) for key, _ in rules.weights.items()]
        subtotal_texts = [
            decimal_texts(column[at], POINTS_DECIMALS) for column in scores.subtotals.T
        ]
        subtotals = [
            "{" + ",".join(f'{k}:"{v}"' for k, v in zip(keys, values, strict=True)) + "}"
            for values in zip(*subtotal_texts, strict=True)
        ]
        columns = zip(
            chosen,
            table.groups[at].tolist(),
            decimal_texts(scores.composites[at], rules.places),
            decisions.ranking.rank[at].tolist(),
            decisions.grade[at].tolist(),
            decisions.klass[at].tolist(),
            decisions.honour[at].tolist(),
            decisions.interview[at].tolist(),
            decisions.veto[at].tolist(),
            decisions.ranking.size[at].tolist(),
            decimal_texts(decisions.pay_share_units[at], engine_types.WEIGHT_DECIMALS),
            subtotals,
            result.lines.texts(at),
            strict=True,
        )
        rows = []
        for row, group, composite, rank, grade, klass, honour, interview, veto, *rest in columns:
            size, pay, subtotal, lines = rest
            rows.append(
                (
                    self.reporter_ids[row],
                    self.round_id,
                    table.group_names[group],
                    composite,
                    rank,
                    grades[grade],
                    klass,
                    rules.honour_title if honour else "",
                    interview,
                    vetoes[veto] if veto >= 0 else "",
                    size,
                    self._veto_reason(row) if veto >= 0 else "",
                    pay,
                    subtotal,
                    lines,
                    self.computation_id,
                    self.fingerprints[row],
                )
            )
        return rows


def replace_changed(round_id: int, computed: StoredRows, stored: Mapping[int, str]) -> int:
    """Write only the results whose fingerprint changed (``stored``: reporter → fingerprint);
    an unchanged round writes nothing. A kept row still names the computation that last
    changed it. Returns how many results were written."""
    current = computed.reporter_ids
    changed = [
        row
        for row, (reporter_id, fingerprint) in enumerate(
            zip(current, computed.fingerprints, strict=True)
        )
        if stored.get(reporter_id) != fingerprint
    ]
    gone = set(stored) - set(current)
    replaced = [current[row] for row in changed if current[row] in stored] + sorted(gone)
    if len(replaced) > WHOLESALE_SHARE * max(len(stored), 1):
        Result.objects.filter(round_id=round_id).delete()
        changed = list(range(len(current)))
    else:
        for start in range(0, len(replaced), _DELETE_CHUNK):
            chunk = replaced[start : start + _DELETE_CHUNK]
            Result.objects.filter(round_id=round_id, reporter_id__in=chunk).delete()
    insert_rows(Result, RESULT_FIELDS, computed.rows(changed))
    return len(changed)


def audited_outcomes(rules: engine.RoundRules, result: TableResult) -> dict[int, tuple[Any, ...]]:
    """reporter → the audited figures (AUDITED's order) as the audit trail writes them: the
    composite as text with the stored four decimals, then rank, grade, class, honour,
    interview and veto as the row holds them."""
    decisions = result.decisions
    grades = [g.value for g in GRADE_ORDER]
    vetoes = [effect.value for effect in VETO_ORDER]
    composites = result.scores.composites * 10 ** (_STORED_PLACES - rules.places)
    return {
        rid: (
            composite,
            rank,
            grades[grade],
            klass,
            rules.honour_title if honour else "",
            interview,
            vetoes[veto] if veto >= 0 else "",
        )
        for rid, composite, rank, grade, klass, honour, interview, veto in zip(
            map(int, result.table.reporter_ids),
            decimal_texts(composites, _STORED_PLACES),
            decisions.ranking.rank.tolist(),
            decisions.grade.tolist(),
            decisions.klass.tolist(),
            decisions.honour.tolist(),
            decisions.interview.tolist(),
            decisions.veto.tolist(),
            strict=True,
        )
    }


def audited_stored(composite: Decimal, *rest: Any) -> tuple[Any, ...]:
    """A stored result's audited figures (AUDITED's order) as ``audited_outcomes`` gives them."""
    return (str(composite.quantize(_STORED_UNIT)), *rest)

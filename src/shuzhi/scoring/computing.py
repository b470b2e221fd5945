"""Computing a round: database rows → the engine → one stored Result per reporter.

A computation runs as a background job (huey) so a large round does not hold a request; the
page polls its status and progress. The round is read as columns (``gather.round_table``),
scored in one pass of the engine, and its results replaced in one transaction with a bulk
write (COPY on PostgreSQL); every result whose figures changed is audited — in one entry per
computation, with the reason the requester gave, which publication makes mandatory.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from huey.contrib.djhuey import db_task

from shuzhi.accounts.access import require
from shuzhi.accounts.models import User
from shuzhi.audit.services import record
from shuzhi.core import progress
from shuzhi.core.bulk import insert_rows
from shuzhi.rounds.models import Round
from shuzhi.rounds.services import settings_of
from shuzhi.scoring import engine
from shuzhi.scoring.engine import types as engine_types
from shuzhi.scoring.engine.core import (
    TableResult,
    check_reference,
    prepare,
    reference_rows,
    score_round,
)
from shuzhi.scoring.engine.fast import POINTS_DECIMALS
from shuzhi.scoring.engine.fixedpoint import decimal_texts
from shuzhi.scoring.engine.outcomes import GRADE_ORDER, VETO_ORDER
from shuzhi.scoring.engine.rules import IndicatorTree
from shuzhi.scoring.gather import (
    engine_inputs,
    indicators_for,
    reporter_inputs,
    round_table,
    rules_for,
)
from shuzhi.scoring.models import Computation, Result
from shuzhi.scoring.services import check_reason

AUDITED = ("composite", "rank", "grade", "class_number", "honour", "interview", "veto")
PROGRESS = "scoring:computation"


@transaction.atomic
def request_computation(*, actor: User, round: Round, reason: str = "") -> Computation:
    """Queue a computation of the round; it runs after this transaction commits."""
    require(actor, "scoring.compute", round.hearing_organization)
    reason = check_reason(round, reason)
    computation = Computation.objects.create(round=round, requested_by=actor, reason=reason)
    transaction.on_commit(lambda: run_computation_task(computation.pk))
    return computation


def run_computation(computation_id: int) -> None:
    """Run a queued computation; a failure is stored as the engine's message, nothing else."""
    computation = Computation.objects.select_related("round", "requested_by").get(pk=computation_id)
    if computation.status != Computation.Status.QUEUED:
        return  # a retried task must not compute twice
    Computation.objects.filter(pk=computation.pk).update(status=Computation.Status.RUNNING)
    report = progress.reporter(PROGRESS, computation.pk)
    try:
        with transaction.atomic():
            count = store_results(computation, report)
    except engine.ScoringError as error:
        _finish(computation, Computation.Status.FAILED, str(error))
    else:
        _finish(computation, Computation.Status.DONE, f"已计算 {count} 名述职人。")


def progress_of(computation: Computation) -> tuple[int, str]:
    """How far a queued or running computation has got (percent, stage)."""
    if computation.status not in (Computation.Status.QUEUED, Computation.Status.RUNNING):
        return 100, computation.get_status_display()
    return progress.read(PROGRESS, computation.pk) or (0, computation.get_status_display())


@db_task(retries=0)
def run_computation_task(computation_id: int) -> None:
    run_computation(computation_id)


def _finish(computation: Computation, status: str, message: str) -> None:
    Computation.objects.filter(pk=computation.pk).update(
        status=status, message=message, finished_at=timezone.now()
    )


def score_stored_round(
    round_: Round, report: progress.Progress = progress.no_progress
) -> tuple[engine.RoundRules, IndicatorTree, TableResult]:
    """One pass of the engine over the round's stored sources, checked against the Decimal
    path on ``reference_rows`` (gathered the plain way, so the fast gathering is checked too)."""
    settings = settings_of(round_)
    rules = rules_for(settings)
    tree = prepare(rules, indicators_for(round_))
    report(5, "读取评分")
    try:
        table = round_table(round_, settings, rules, tree)
    except engine.ScoringError:
        # The column checks say what is wrong; the per-reporter checks also say for whom.
        engine.compute(*engine_inputs(round_))
        raise
    report(35, "计算得分与排名")
    result = score_round(rules, tree, table)
    report(50, "与逐人精确计算核对")
    rows = reference_rows(table.size)
    row_of = {table.reporter_ids[row]: row for row in rows}
    sample = reporter_inputs(round_, settings, only=[int(table.reporter_ids[r]) for r in rows])
    check_reference(rules, tree, result, [(row_of[i.reporter_id], i) for i in sample])
    return rules, tree, result


def store_results(
    computation: Computation, report: progress.Progress = progress.no_progress
) -> int:
    """Compute and replace the round's results in bulk; one audit entry lists every reporter
    whose outcome changed, before and after."""
    round_ = computation.round
    rules, tree, result = score_stored_round(round_, report)
    report(60, "写入结果")
    rows = result_rows(rules, tree, result, round_.pk, computation.pk)
    stored = list(
        Result.objects.filter(round=round_).values_list("reporter_id", "fingerprint", *AUDITED)
    )
    fingerprints = {reporter_id: fingerprint for reporter_id, fingerprint, *_ in stored}
    previous = {reporter_id: tuple(values) for reporter_id, _, *values in stored}
    _replace_changed(round_, rows, fingerprints)
    report(90, "写入审计日志")
    _audit(computation, previous, {row[0]: (Decimal(row[3]), *row[4:10]) for row in rows})
    report(100, "完成")
    return len(rows)


#: Result columns in the order ``result_rows`` gives them (AUDITED at 3–9); the fingerprint
#: of the others last.
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


def fingerprint(values: Sequence[Any]) -> str:
    """A digest of everything a stored result says but the computation that wrote it: equal
    fingerprints mean the stored row already holds these figures."""
    text = "\x1f".join(str(value) for value in values)
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _replace_changed(round_: Round, rows: list[tuple[Any, ...]], stored: dict[int, str]) -> None:
    """Write only the results whose figures changed: a correction to one score recomputes the
    whole round but rewrites the few reporters it moved, and an unchanged round writes nothing
    (a rewrite of a province round's 100,000 rows costs more than computing it). A kept row
    still names the computation that last changed it."""
    changed = [row for row in rows if stored.get(row[0]) != row[-1]]
    current = {row[0] for row in rows}
    gone = [reporter_id for reporter_id in stored if reporter_id not in current]
    replaced = [row[0] for row in changed if row[0] in stored] + gone
    if len(replaced) > WHOLESALE_SHARE * max(len(stored), 1):
        Result.objects.filter(round=round_).delete()
        changed = rows
    else:
        for start in range(0, len(replaced), _DELETE_CHUNK):
            chunk = replaced[start : start + _DELETE_CHUNK]
            Result.objects.filter(round=round_, reporter_id__in=chunk).delete()
    insert_rows(Result, RESULT_FIELDS, changed)


def result_rows(
    rules: engine.RoundRules,
    tree: IndicatorTree,
    result: TableResult,
    round_id: int,
    computation_id: int,
) -> list[tuple[Any, ...]]:
    """One row per reporter as the database stores it; the breakdown as compact lines
    (``engine.breakdown.Line``), the same figures as the engine's Contributions."""
    table, decisions, scores = result.table, result.decisions, result.scores
    sources = [key for key, _ in rules.weights.items()]
    grades = [g.value for g in GRADE_ORDER]
    vetoes = [effect.value for effect in VETO_ORDER]
    keys = [json.dumps(key, ensure_ascii=False) for key in sources]
    subtotal_texts = [decimal_texts(column, POINTS_DECIMALS) for column in scores.subtotals.T]
    subtotals = [
        "{" + ",".join(f'{k}:"{v}"' for k, v in zip(keys, values, strict=True)) + "}"
        for values in zip(*subtotal_texts, strict=True)
    ]
    columns = zip(
        table.reporter_ids,
        table.groups.tolist(),
        decimal_texts(scores.composites, rules.places),
        decisions.ranking.rank.tolist(),
        decisions.grade.tolist(),
        decisions.klass.tolist(),
        decisions.honour.tolist(),
        decisions.interview.tolist(),
        decisions.veto.tolist(),
        decisions.ranking.size.tolist(),
        decimal_texts(decisions.pay_share_units, engine_types.WEIGHT_DECIMALS),
        subtotals,
        result.lines.texts(),
        strict=True,
    )
    rows = []
    for row, (
        rid,
        group,
        composite,
        rank,
        grade,
        klass,
        honour,
        interview,
        veto,
        *rest,
    ) in enumerate(columns):
        size, pay, subtotal, lines = rest
        values = (
            int(rid),
            round_id,
            table.group_names[group],
            composite,
            rank,
            grades[grade],
            klass,
            rules.honour_title if honour else "",
            interview,
            vetoes[veto] if veto >= 0 else "",
            size,
            result.veto_reason(tree, row) if veto >= 0 else "",
            pay,
            subtotal,
            lines,
        )
        rows.append((*values, computation_id, fingerprint(values)))
    return rows


def _audited_values(values: Sequence[Any]) -> list[Any]:
    composite, *rest = values
    return [str(Decimal(composite).quantize(Decimal("0.0001"))), *rest]


def _audit(
    computation: Computation,
    previous: dict[int, tuple[Any, ...]],
    current: dict[int, tuple[Any, ...]],
) -> None:
    """One entry for the whole computation: the audited figures of every changed result,
    before and after (a rule of docs/rounds.md), with counts and a digest of all results."""
    changed = [rid for rid, values in current.items() if previous.get(rid) != values]
    if not changed:
        return
    audited = {rid: _audited_values(current[rid]) for rid in changed}
    everything = sorted((rid, str(values)) for rid, values in current.items())
    digest = hashlib.sha256(json.dumps(everything).encode()).hexdigest()
    round_ = computation.round
    record(
        actor=computation.requested_by,
        action="scoring.result.compute",
        target=computation,
        organization=round_.hearing_organization,
        before={
            "fields": list(AUDITED),
            "results": {str(r): _audited_values(previous[r]) for r in changed if r in previous},
        },
        after={
            "fields": list(AUDITED),
            "results": {str(r): audited[r] for r in changed},
            "count": len(current),
            "changed": len(changed),
            "digest": digest,
        },
        reason=computation.reason,
    )


def latest_computation(round: Round) -> Computation | None:
    return Computation.objects.filter(round=round).first()

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
from typing import Any

from django.db import transaction
from django.utils import timezone
from huey.contrib.djhuey import db_task

from shuzhi.accounts.access import require
from shuzhi.accounts.models import User
from shuzhi.audit.services import record
from shuzhi.core import progress
from shuzhi.rounds.models import Round
from shuzhi.rounds.services import settings_of
from shuzhi.scoring import engine
from shuzhi.scoring.engine.core import (
    TableResult,
    check_reference,
    prepare,
    reference_rows,
    score_round,
)
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
from shuzhi.scoring.stored_rows import (
    AUDITED,
    StoredRows,
    audited_outcomes,
    audited_stored,
    replace_changed,
)

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
    stored = list(
        Result.objects.filter(round=round_)
        .order_by()
        .values_list("reporter_id", "fingerprint", *AUDITED)
    )
    previous = {reporter_id: audited_stored(*values) for reporter_id, _, *values in stored}
    replace_changed(
        round_.pk,
        StoredRows(rules, tree, result, round_.pk, computation.pk),
        {reporter_id: fingerprint for reporter_id, fingerprint, *_ in stored},
    )
    report(90, "写入审计日志")
    _audit(computation, previous, audited_outcomes(rules, result))
    report(100, "完成")
    return result.table.size


def _audit(
    computation: Computation,
    previous: dict[int, tuple[Any, ...]],
    current: dict[int, tuple[Any, ...]],
) -> None:
    """One entry for the whole computation: the audited figures of every changed result,
    before and after (a rule of docs/rounds.md), with counts and a digest of all results:
    SHA-256 of the JSON list of ``[reporter, *figures]`` in reporter order."""
    changed = [rid for rid, values in current.items() if previous.get(rid) != values]
    if not changed:
        return
    everything = json.dumps([[rid, *current[rid]] for rid in sorted(current)], ensure_ascii=False)
    digest = hashlib.sha256(everything.encode()).hexdigest()
    round_ = computation.round
    record(
        actor=computation.requested_by,
        action="scoring.result.compute",
        target=computation,
        organization=round_.hearing_organization,
        before={
            "fields": list(AUDITED),
            "results": {str(r): list(previous[r]) for r in changed if r in previous},
        },
        after={
            "fields": list(AUDITED),
            "results": {str(r): list(current[r]) for r in changed},
            "count": len(current),
            "changed": len(changed),
            "digest": digest,
        },
        reason=computation.reason,
    )


def latest_computation(round: Round) -> Computation | None:
    return Computation.objects.filter(round=round).first()

"""Computing a round: database rows → the engine → one stored Result per reporter.

A computation runs as a background job (huey) so a large round does not hold a request; the
page polls its status. Results are replaced in one transaction, and every result whose figures
changed is audited — with the reason the requester gave, which publication makes mandatory.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from huey.contrib.djhuey import db_task

from shuzhi.accounts.access import require
from shuzhi.accounts.models import User
from shuzhi.audit.services import build, record_many
from shuzhi.rounds.models import Round
from shuzhi.scoring import engine
from shuzhi.scoring.gather import engine_inputs
from shuzhi.scoring.models import Computation, Result
from shuzhi.scoring.services import check_reason
from shuzhi.scoring.summary import outcome_json

AUDITED = ("composite", "rank", "grade", "class_number", "honour", "interview", "veto")


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
    try:
        with transaction.atomic():
            count = store_results(computation)
    except engine.ScoringError as error:
        _finish(computation, Computation.Status.FAILED, str(error))
    else:
        _finish(computation, Computation.Status.DONE, f"已计算 {count} 名述职人。")


@db_task(retries=0)
def run_computation_task(computation_id: int) -> None:
    run_computation(computation_id)


def _finish(computation: Computation, status: str, message: str) -> None:
    Computation.objects.filter(pk=computation.pk).update(
        status=status, message=message, finished_at=timezone.now()
    )


def store_results(computation: Computation) -> int:
    """Compute and replace the round's results; audit each reporter whose outcome changed."""
    round_ = computation.round
    rules, indicators, inputs = engine_inputs(round_)
    result = engine.compute(rules, indicators, inputs)
    previous = {r.reporter_id: r for r in Result.objects.filter(round=round_)}
    reporters = {r.pk: r for r in round_.reporters.select_related("organization")}
    rows = [_result_row(round_, computation, outcome) for outcome in result.outcomes]
    entries = []
    for row in rows:
        before = previous.get(row.reporter_id)
        old = _audited(before) if before else None
        new = _audited(row)
        if old != new:
            reporter = reporters[row.reporter_id]
            entries.append(
                build(
                    actor=computation.requested_by,
                    action="scoring.result.compute",
                    target=reporter,
                    organization=reporter.organization,
                    before=old,
                    after=new,
                    reason=computation.reason,
                )
            )
    Result.objects.filter(round=round_).delete()
    Result.objects.bulk_create(rows, batch_size=2000)
    record_many(entries)
    return len(rows)


def _result_row(round_: Round, computation: Computation, outcome: engine.Outcome) -> Result:
    data = outcome_json(outcome)  # the same JSON the stateless scorer prints
    return Result(
        reporter_id=int(outcome.reporter_id),
        round=round_,
        peer_group=outcome.group,
        composite=outcome.composite,
        rank=outcome.rank,
        group_size=outcome.group_size,
        grade=outcome.grade.value,
        class_number=outcome.klass,
        honour=outcome.honour or "",
        interview=outcome.interview,
        veto=outcome.veto.value if outcome.veto else "",
        veto_reason=outcome.veto_reason,
        pay_bonus_percent=outcome.pay_share,
        subtotals=data["subtotals"],
        breakdown=data["breakdown"],
        computation=computation,
    )


def _audited(result: Result) -> dict[str, Any]:
    values = {name: getattr(result, name) for name in AUDITED}
    values["composite"] = str(Decimal(values["composite"]).quantize(Decimal("0.0001")))
    return values


def latest_computation(round: Round) -> Computation | None:
    return Computation.objects.filter(round=round).first()

"""Answers to the cross-app events of ``core.events``; connected in ``RectificationConfig.ready``."""

from __future__ import annotations

from shuzhi.core.events import (
    CommonProblemRootedAbove,
    FileSection,
    FindingWithdrawn,
    InterviewsRequired,
    LedgerProgress,
    LedgerProgressRequest,
    OverdueItem,
    OverdueRequest,
    PerformanceFileRequest,
    PriorItem,
    PriorItemsRequest,
    ProblemFact,
    ProblemsRaised,
    RoundProblemsRequest,
    common_problem_rooted_above,
    finding_withdrawn,
    interviews_required,
    ledger_progress_requested,
    overdue_items_requested,
    performance_file_requested,
    prior_items_requested,
    problems_raised,
    rectified_problems_requested,
    round_problems_requested,
)
from shuzhi.rectification import common, queries, services
from shuzhi.rectification import interviews as interview_ledger
from shuzhi.rectification.performance_file import rectification_sections


def on_problems_raised(event: ProblemsRaised) -> None:
    services.intake_problems(event.problems)


def on_finding_withdrawn(event: FindingWithdrawn) -> None:
    services.withdraw_problems(
        organization_id=event.organization_id,
        reference=event.reference,
        reason=event.reason,
        actor_id=event.actor_id,
    )


def on_interviews_required(event: InterviewsRequired) -> None:
    interview_ledger.require_interviews(event.interviews)


def on_prior_items_requested(request: PriorItemsRequest) -> list[PriorItem]:
    return queries.prior_items(
        organization_id=request.organization_id, year=request.year, round_id=request.round_id
    )


def on_ledger_progress_requested(request: LedgerProgressRequest) -> dict[str, LedgerProgress]:
    return queries.ledger_progress(request.organization_ids, request.reference_prefix)


def on_round_problems_requested(request: RoundProblemsRequest) -> list[ProblemFact]:
    return common.round_problems(request)


def on_rectified_problems_requested(request: RoundProblemsRequest) -> set[int]:
    return common.rectified_problems(request)


def on_overdue_items_requested(request: OverdueRequest) -> list[OverdueItem]:
    return common.overdue_items(request)


def on_common_problem_rooted_above(event: CommonProblemRootedAbove) -> None:
    common.take_common_problem(event)


def on_performance_file_requested(request: PerformanceFileRequest) -> list[FileSection]:
    return rectification_sections(request.person_id)


def connect() -> None:
    problems_raised.subscribe(on_problems_raised, uid="rectification.problems_raised")
    finding_withdrawn.subscribe(on_finding_withdrawn, uid="rectification.finding_withdrawn")
    interviews_required.subscribe(on_interviews_required, uid="rectification.interviews_required")
    prior_items_requested.answer_with(on_prior_items_requested, uid="rectification.prior_items")
    ledger_progress_requested.answer_with(
        on_ledger_progress_requested, uid="rectification.ledger_progress"
    )
    round_problems_requested.answer_with(
        on_round_problems_requested, uid="rectification.round_problems"
    )
    common_problem_rooted_above.subscribe(
        on_common_problem_rooted_above, uid="rectification.common_problem"
    )
    rectified_problems_requested.answer_with(
        on_rectified_problems_requested, uid="rectification.rectified_problems"
    )
    overdue_items_requested.answer_with(on_overdue_items_requested, uid="rectification.overdue")
    performance_file_requested.answer_with(
        on_performance_file_requested, uid="rectification.performance_file"
    )

"""Answers to the cross-app events of ``core.events``; connected in ``RectificationConfig.ready``."""

from __future__ import annotations

from shuzhi.core.events import (
    FileSection,
    InterviewsRequired,
    PerformanceFileRequest,
    PriorItem,
    PriorItemsRequest,
    ProblemsRaised,
    interviews_required,
    performance_file_requested,
    prior_items_requested,
    problems_raised,
)
from shuzhi.rectification import interviews as interview_ledger
from shuzhi.rectification import queries, services
from shuzhi.rectification.performance_file import rectification_sections


def on_problems_raised(event: ProblemsRaised) -> None:
    services.intake_problems(event.problems)


def on_interviews_required(event: InterviewsRequired) -> None:
    interview_ledger.require_interviews(event.interviews)


def on_prior_items_requested(request: PriorItemsRequest) -> list[PriorItem]:
    return queries.prior_items(
        organization_id=request.organization_id, year=request.year, round_id=request.round_id
    )


def on_performance_file_requested(request: PerformanceFileRequest) -> list[FileSection]:
    return rectification_sections(request.person_id)


def connect() -> None:
    problems_raised.subscribe(on_problems_raised, uid="rectification.problems_raised")
    interviews_required.subscribe(on_interviews_required, uid="rectification.interviews_required")
    prior_items_requested.answer_with(on_prior_items_requested, uid="rectification.prior_items")
    performance_file_requested.answer_with(
        on_performance_file_requested, uid="rectification.performance_file"
    )

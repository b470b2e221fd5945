"""Receivers of other apps' events (see core.events); connected in ``ScoringConfig.ready``."""

from __future__ import annotations

from shuzhi.core.events import (
    FileSection,
    OnsiteEvaluationClosed,
    OutcomesRequest,
    PerformanceFileRequest,
    ProgressFigure,
    ProgressRequest,
    PublicationNotice,
    PublicationNoticesRequest,
    PublicationsRequest,
    ReporterOutcome,
    onsite_evaluation_closed,
    performance_file_requested,
    publication_notices_requested,
    round_outcomes_requested,
    round_progress_requested,
    round_publications_requested,
)
from shuzhi.scoring import progress
from shuzhi.scoring.outcomes import publication_notices, round_outcomes
from shuzhi.scoring.performance_file import scoring_sections
from shuzhi.scoring.queries import published_round_ids
from shuzhi.scoring.services import store_meeting_tallies


def on_onsite_evaluation_closed(event: OnsiteEvaluationClosed) -> None:
    """The meeting's formal ballot box closed: its tallies become the on-site source."""
    store_meeting_tallies(
        round_id=event.round_id,
        meeting_id=event.meeting_id,
        tallies=event.tallies,
        digest=event.digest,
        small_category_threshold=event.small_category_threshold,
    )


def on_round_publications_requested(request: PublicationsRequest) -> set[int]:
    """The rounds among those asked about whose results are published."""
    return published_round_ids(list(request.round_ids))


def on_performance_file_requested(request: PerformanceFileRequest) -> list[FileSection]:
    return scoring_sections(request.person_id)


def on_round_outcomes_requested(request: OutcomesRequest) -> list[ReporterOutcome]:
    return round_outcomes(request)


def on_round_progress_requested(request: ProgressRequest) -> list[ProgressFigure]:
    return progress.round_progress(request)


def on_publication_notices_requested(
    request: PublicationNoticesRequest,
) -> list[PublicationNotice]:
    return publication_notices(request)


def connect() -> None:
    onsite_evaluation_closed.subscribe(on_onsite_evaluation_closed, uid="scoring.onsite")
    round_publications_requested.answer_with(
        on_round_publications_requested, uid="scoring.round_publications"
    )
    performance_file_requested.answer_with(
        on_performance_file_requested, uid="scoring.performance_file"
    )
    round_outcomes_requested.answer_with(on_round_outcomes_requested, uid="scoring.outcomes")
    round_progress_requested.answer_with(on_round_progress_requested, uid="scoring.progress")
    publication_notices_requested.answer_with(
        on_publication_notices_requested, uid="scoring.publication_notices"
    )

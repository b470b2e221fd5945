"""Receivers of other apps' events (see core.events); connected in ``ScoringConfig.ready``."""

from __future__ import annotations

from shuzhi.core.events import OnsiteEvaluationClosed, onsite_evaluation_closed
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


def connect() -> None:
    onsite_evaluation_closed.subscribe(on_onsite_evaluation_closed, uid="scoring.onsite")

"""Receivers of other apps' events."""

from __future__ import annotations

from typing import Any

from shuzhi.scoring.queries import published_round_ids
from shuzhi.scoring.services import store_meeting_tallies


def on_onsite_evaluation_closed(
    sender: Any,
    *,
    round_id: int,
    meeting_id: int,
    tallies: list[Any],
    digest: str,
    small_category_threshold: int | None = None,
    **_: Any,
) -> None:
    """The meeting's formal ballot box closed: its tallies become the on-site source."""
    store_meeting_tallies(
        round_id=round_id,
        meeting_id=meeting_id,
        tallies=tallies,
        digest=digest,
        small_category_threshold=small_category_threshold,
    )


def on_round_publications_requested(sender: Any, *, round_ids: list[int], **_: Any) -> set[int]:
    """The rounds among ``round_ids`` whose results are published."""
    return published_round_ids(round_ids)

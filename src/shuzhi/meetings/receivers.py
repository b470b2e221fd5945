"""Answers this app gives to other apps (see core.events); connected in ``MeetingsConfig.ready``."""

from __future__ import annotations

from shuzhi.core.events import ProgressFigure, ProgressRequest, round_progress_requested
from shuzhi.meetings import progress


def on_progress(request: ProgressRequest) -> list[ProgressFigure]:
    return progress.round_progress(request)


def connect() -> None:
    round_progress_requested.answer_with(on_progress, uid="meetings.progress")

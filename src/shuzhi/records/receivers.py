"""Answers to other apps' questions (see core.events); connected in ``RecordsConfig.ready``."""

from __future__ import annotations

from collections.abc import Mapping

from shuzhi.core.events import (
    FileSection,
    PerformanceFileRequest,
    RecordsScore,
    RecordsScoresRequest,
    WorkRecordFigure,
    WorkRecordRequest,
    performance_file_requested,
    records_scores_requested,
    work_record_figures_requested,
)
from shuzhi.records.performance import records_sections
from shuzhi.records.queries import records_scores, work_record_figures


def on_records_scores_requested(request: RecordsScoresRequest) -> Mapping[int, RecordsScore]:
    """The round's records source, per reporter, with its breakdown."""
    return records_scores(request.round_id)


def on_performance_file_requested(request: PerformanceFileRequest) -> list[FileSection]:
    """This app's part of a person's file: red/black entries and work-record totals."""
    return records_sections(request.person_id)


def on_work_record_figures_requested(
    request: WorkRecordRequest,
) -> tuple[WorkRecordFigure, ...]:
    """The reporter's own work-record figures for the duty report to cite and be checked by."""
    return work_record_figures(request.round_id, request.organization_id, request.person_id)


def connect() -> None:
    records_scores_requested.answer_with(on_records_scores_requested, uid="records.scores")
    performance_file_requested.answer_with(on_performance_file_requested, uid="records.file")
    work_record_figures_requested.answer_with(
        on_work_record_figures_requested, uid="records.figures"
    )

"""Answers this app gives to other apps (see core.events)."""

from __future__ import annotations

from collections.abc import Sequence

from shuzhi.core.events import (
    Clearance,
    ClearanceRequest,
    ProgressFigure,
    ProgressRequest,
    report_clearance_requested,
    round_progress_requested,
)
from shuzhi.reports import chain, progress
from shuzhi.reports.models import DutyReport, ReportStatus, VersionState


def clearance(reporter_ids: Sequence[int]) -> dict[int, Clearance]:
    """The agenda gate (000: 四个"不开会"): cleared only when the latest version passed every step."""
    reports = {
        r.reporter_id: r
        for r in DutyReport.objects.filter(reporter_id__in=reporter_ids)
        .select_related("round")
        .prefetch_related("versions__decisions")
    }
    answers: dict[int, Clearance] = {}
    steps_by_round: dict[int, list[str]] = {}
    for reporter_id in reporter_ids:
        report = reports.get(reporter_id)
        if report is None or report.status == ReportStatus.DRAFT:
            answers[reporter_id] = Clearance(False, "尚未提交述职报告")
            continue
        versions = sorted(report.versions.all(), key=lambda v: v.number)
        latest = versions[-1]
        if latest.state == VersionState.PASSED:
            answers[reporter_id] = Clearance(True)
        elif latest.state == VersionState.RETURNED:
            answers[reporter_id] = Clearance(False, "述职报告被退回修改，尚未重新通过审核")
        else:
            if report.round_id not in steps_by_round:
                steps_by_round[report.round_id] = [s.label for s in chain.steps_of(report.round)]
            labels = steps_by_round[report.round_id]
            done = len(latest.decisions.all())
            answers[reporter_id] = Clearance(
                False,
                f"述职报告尚未通过第 {done + 1} 步审核（{labels[min(done, len(labels) - 1)]}）",
            )
    return answers


def _on_clearance(request: ClearanceRequest) -> dict[int, Clearance]:
    return clearance(request.reporter_ids)


def _on_progress(request: ProgressRequest) -> list[ProgressFigure]:
    return progress.round_progress(request)


def connect() -> None:
    report_clearance_requested.answer_with(_on_clearance, uid="reports.clearance")
    round_progress_requested.answer_with(_on_progress, uid="reports.progress")

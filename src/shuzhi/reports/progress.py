"""Reports' figures for the department's dashboard (``core.events.round_progress_requested``)."""

from __future__ import annotations

from django.db.models import Count, Q

from shuzhi.core.events import ProgressFigure, ProgressRequest
from shuzhi.orgs.queries import subtree_filter
from shuzhi.reports.models import DutyReport, ReportStatus
from shuzhi.rounds.models import Reporter


def round_progress(request: ProgressRequest) -> list[ProgressFigure]:
    """Reports submitted and passed of the round's reporters under the path: two queries."""
    where = subtree_filter(request.organization_path, "organization__path")
    reporters = Reporter.objects.filter(where, round_id=request.round_id).count()
    counts = DutyReport.objects.filter(where, round_id=request.round_id).aggregate(
        submitted=Count("pk", filter=~Q(status=ReportStatus.DRAFT)),
        passed=Count("pk", filter=Q(status=ReportStatus.PASSED)),
    )
    return [
        ProgressFigure("reports.submitted", "述职报告已提交", counts["submitted"], reporters, 10),
        ProgressFigure("reports.passed", "述职报告审核通过", counts["passed"], reporters, 20),
    ]

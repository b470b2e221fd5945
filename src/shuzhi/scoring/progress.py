"""Scoring's figures for the department's dashboard: results computed, and whether published."""

from __future__ import annotations

from shuzhi.core.events import ProgressFigure, ProgressRequest
from shuzhi.orgs.queries import subtree_filter
from shuzhi.rounds.models import Reporter
from shuzhi.scoring.models import Publication, Result


def round_progress(request: ProgressRequest) -> list[ProgressFigure]:
    """Three counting queries; no score itself leaves scoring before publication."""
    where = subtree_filter(request.organization_path, "organization__path")
    reporters = Reporter.objects.filter(where, round_id=request.round_id).count()
    computed = Result.objects.filter(
        subtree_filter(request.organization_path, "reporter__organization__path"),
        round_id=request.round_id,
    ).count()
    published = Publication.objects.filter(round_id=request.round_id).exists()
    return [
        ProgressFigure("scoring.computed", "考核得分已计算", computed, reporters, 50),
        ProgressFigure(
            "scoring.published", "结果已公示", int(published) * reporters, reporters, 60
        ),
    ]

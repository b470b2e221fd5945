"""Meetings' figures for the department's dashboard (``core.events.round_progress_requested``).

Only counts: how many meetings closed their box, how many ballots those closed boxes hold,
and how many boxes are still open. An open box's ballots are neither counted nor tallied here,
so the dashboard cannot show any result (or a turnout finer than the hall's) before it closes.
"""

from __future__ import annotations

from django.db.models import Count, Q

from shuzhi.core.events import ProgressFigure, ProgressRequest
from shuzhi.meetings.models import Ballot, BoxState, Meeting


def round_progress(request: ProgressRequest) -> list[ProgressFigure]:
    """Three queries: the meetings by state, and the ballots of closed formal boxes."""
    meetings = Meeting.objects.filter(round_id=request.round_id).filter(
        Q(hosting_organization__path__startswith=request.organization_path)
        | Q(hosting_organization__path__in=request.ancestor_paths)
    )
    states = meetings.aggregate(
        total=Count("pk"),
        closed=Count("pk", filter=Q(state=BoxState.CLOSED)),
        open=Count("pk", filter=Q(state=BoxState.OPEN)),
    )
    ballots = Ballot.objects.filter(
        box__rehearsal=False, box__meeting__in=meetings.filter(state=BoxState.CLOSED), valid=True
    ).count()
    return [
        ProgressFigure("meetings.held", "述职评议会已召开", states["closed"], states["total"], 30),
        ProgressFigure("meetings.open", "正在投票的评议会", states["open"], 0, 31),
        ProgressFigure("meetings.ballots", "已关闭票箱的有效测评票", ballots, 0, 40),
    ]

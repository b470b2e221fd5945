"""Published results for analytics (year over year, the annual summary), asked through
``core.events.round_outcomes_requested``: three queries however many reporters."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Sum

from shuzhi.core.events import (
    OutcomesRequest,
    PublicationNotice,
    PublicationNoticesRequest,
    ReporterOutcome,
)
from shuzhi.orgs.queries import subtree_filter
from shuzhi.scoring.models import OnsiteEvaluation, Publication, Result
from shuzhi.scoring.queries import published_round_ids


def round_outcomes(request: OutcomesRequest) -> list[ReporterOutcome]:
    published = published_round_ids(request.round_ids)
    if not published:
        return []
    results = Result.objects.filter(round_id__in=published)
    onsite = OnsiteEvaluation.objects.filter(reporter__round_id__in=published)
    if request.person_id is not None:
        results = results.filter(reporter__person_id=request.person_id)
        onsite = onsite.filter(reporter__person_id=request.person_id)
    if request.organization_path:
        where = subtree_filter(request.organization_path, "reporter__organization__path")
        results, onsite = results.filter(where), onsite.filter(where)
    ballots: dict[int, tuple[int, int, int]] = defaultdict(lambda: (0, 0, 0))
    for reporter_id, good, fair, average, poor in (
        onsite.values("reporter_id")
        .annotate(g=Sum("good"), f=Sum("fair"), a=Sum("average"), p=Sum("poor"))
        .values_list("reporter_id", "g", "f", "a", "p")
    ):
        ballots[reporter_id] = (good, fair, good + fair + average + poor)
    rows = results.values_list(
        "round_id",
        "reporter_id",
        "reporter__organization_id",
        "reporter__person_id",
        "composite",
        "rank",
        "group_size",
        "grade",
        "class_number",
        "honour",
        "interview",
    )
    return [
        ReporterOutcome(
            round_id=round_id,
            reporter_id=reporter_id,
            organization_id=organization_id,
            person_id=person_id,
            composite=float(composite),
            rank=rank,
            group_size=group_size,
            grade=grade,
            class_number=class_number,
            honour=honour,
            interview=interview,
            good=ballots[reporter_id][0],
            fair=ballots[reporter_id][1],
            ballots=ballots[reporter_id][2],
        )
        for (
            round_id,
            reporter_id,
            organization_id,
            person_id,
            composite,
            rank,
            group_size,
            grade,
            class_number,
            honour,
            interview,
        ) in rows
    ]


def publication_notices(request: PublicationNoticesRequest) -> list[PublicationNotice]:
    """The published rounds' notices with how many results each posted: two queries."""
    counts = dict(
        Result.objects.filter(round_id__in=request.round_ids)
        .values_list("round_id")
        .annotate(n=Count("pk"))
        .values_list("round_id", "n")
    )
    return [
        PublicationNotice(p.round_id, p.starts_on, p.ends_on, p.notice, counts.get(p.round_id, 0))
        for p in Publication.objects.filter(round_id__in=request.round_ids).order_by("starts_on")
    ]

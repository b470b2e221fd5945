"""Answers to the cross-app questions of ``core.events``; connected in ``FactfindingConfig.ready``."""

from __future__ import annotations

from collections.abc import Mapping

from shuzhi.core.events import (
    FactFindingScore,
    FactFindingScoresRequest,
    FindingItem,
    FindingsRequest,
    fact_finding_scores_requested,
    findings_requested,
)
from shuzhi.factfinding import queries


def on_findings_requested(request: FindingsRequest) -> Mapping[int, tuple[FindingItem, ...]]:
    return queries.finding_items(
        request.round_id, request.organization_ids, request.unacknowledged_only
    )


def on_scores_requested(request: FactFindingScoresRequest) -> Mapping[int, FactFindingScore] | None:
    return queries.scores(request.round_id, request.kind)


def connect() -> None:
    findings_requested.answer_with(on_findings_requested, uid="factfinding.findings")
    fact_finding_scores_requested.answer_with(on_scores_requested, uid="factfinding.scores")

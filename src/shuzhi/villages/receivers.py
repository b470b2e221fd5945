"""Answers to the cross-app events of ``core.events``; connected in ``VillagesConfig.ready``."""

from __future__ import annotations

from shuzhi.core.events import (
    SecretaryPoints,
    SecretaryPointsRequest,
    secretary_points_requested,
)
from shuzhi.villages import queries


def on_secretary_points_requested(request: SecretaryPointsRequest) -> SecretaryPoints | None:
    return queries.secretary_points(request.person_id, request.year)


def connect() -> None:
    secretary_points_requested.answer_with(
        on_secretary_points_requested, uid="villages.secretary_points"
    )

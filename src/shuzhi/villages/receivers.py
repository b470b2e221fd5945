"""Answers to the cross-app events of ``core.events``; connected in ``VillagesConfig.ready``."""

from __future__ import annotations

from shuzhi.core.events import (
    SecretaryPoints,
    SecretaryPointsRequest,
    VillageHearingClosed,
    secretary_points_requested,
    village_hearing_closed,
)
from shuzhi.villages import dual, queries


def on_secretary_points_requested(request: SecretaryPointsRequest) -> SecretaryPoints | None:
    return queries.secretary_points(request.person_id, request.year)


def on_village_hearing_closed(closed: VillageHearingClosed) -> None:
    dual.hearing_closed(closed)


def connect() -> None:
    village_hearing_closed.subscribe(on_village_hearing_closed, uid="villages.hearing_closed")
    secretary_points_requested.answer_with(
        on_secretary_points_requested, uid="villages.secretary_points"
    )

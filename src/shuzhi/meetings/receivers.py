"""Answers this app gives to other apps (see core.events); connected in ``MeetingsConfig.ready``."""

from __future__ import annotations

from shuzhi.accounts.models import User
from shuzhi.core.events import (
    ProgressFigure,
    ProgressRequest,
    VillageHearingRequest,
    round_progress_requested,
    village_hearing_requested,
)
from shuzhi.meetings import progress, services
from shuzhi.orgs.models import Organization
from shuzhi.rounds.models import Reporter, Round


def on_progress(request: ProgressRequest) -> list[ProgressFigure]:
    return progress.round_progress(request)


def on_village_hearing_requested(request: VillageHearingRequest) -> int:
    meeting = services.create_village_hearing(
        actor=User.objects.get(pk=request.actor_id),
        round=Round.objects.get(pk=request.round_id),
        village=Organization.objects.get(pk=request.village_id),
        reporter=Reporter.objects.select_related("person").get(pk=request.reporter_id),
        held_on=request.held_on,
        title=request.title,
    )
    return meeting.pk


def connect() -> None:
    round_progress_requested.answer_with(on_progress, uid="meetings.progress")
    village_hearing_requested.answer_with(
        on_village_hearing_requested, uid="meetings.village_hearing"
    )

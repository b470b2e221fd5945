"""A meeting scores with the round's grade points and voter weights until its formal box
opens; from then on it keeps the values it opened with."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from shuzhi.audit.models import AuditEntry
from shuzhi.meetings import ballots, box, services
from shuzhi.rounds.models import RoundSettings
from tests.meetings.conftest import all_graded, issue, open_formal

pytestmark = pytest.mark.django_db


def _round_values(world, **values: int) -> None:
    RoundSettings.objects.update_or_create(
        round=world.round, defaults={k: Decimal(v) for k, v in values.items()}
    )


def test_changes_before_opening_are_followed_and_frozen_at_opening(world):
    _round_values(world, points_good=90, weight_leader=40, weight_representative=20)
    assert services.scoring_values(world.meeting)["grade_points"]["good"] == 90
    meeting = open_formal(world)
    meeting.refresh_from_db()
    assert meeting.grade_points["good"] == 90
    assert meeting.category_weights["leader"] == 40
    entry = AuditEntry.objects.filter(action="meetings.box.open").latest("pk")
    assert entry.after["grade_points"]["good"] == 90
    # The live weighted score uses them: one leader ballot, all 好 → 90 each.
    (token,) = issue(world, count=1)
    ballots.submit_ballot(raw_token=token, data=all_graded(world, *["good"] * 4))
    scores = [result.score for result in box.tally_of(meeting).reporters.values()]
    assert scores == [Decimal(90)] * len(world.reporters)


def test_changes_after_opening_leave_the_meeting_alone(world):
    meeting = open_formal(world)
    opened_with = dict(meeting.grade_points)
    _round_values(world, points_good=50, weight_leader=60, weight_representative=0)
    meeting.refresh_from_db()
    assert services.scoring_values(meeting)["grade_points"] == opened_with
    assert meeting.category_weights["leader"] != 60
    (token,) = issue(world, count=1)
    ballots.submit_ballot(raw_token=token, data=all_graded(world, *["good"] * 4))
    scores = [result.score for result in box.tally_of(meeting).reporters.values()]
    assert scores == [Decimal(opened_with["good"])] * len(world.reporters)


def test_the_meeting_cannot_set_its_own_points(world):
    with pytest.raises(ValidationError, match="来自考核设置"):
        services.update_settings(
            actor=world.host, meeting=world.meeting, values={"grade_points": {"good": 1}}
        )

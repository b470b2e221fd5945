"""With the other apps' real receivers: closing feeds scoring's on-site source, and critiques
and ballot remarks reach rectification's problem lists."""

from __future__ import annotations

import pytest

from shuzhi.meetings import ballots, box, services
from shuzhi.rectification.models import Problem
from shuzhi.scoring.models import OnsiteEvaluation
from tests.meetings.conftest import all_graded, issue, open_formal

pytestmark = pytest.mark.django_db


def test_closing_feeds_scoring_and_rectification(world):
    critique = services.record_critique(
        actor=world.superior, item=world.items[0], problems=["阵地建设滞后", "发展党员不规范"]
    )
    open_formal(world)
    data = all_graded(world, "good", "poor")
    data["ratings"][str(world.reporters[1].pk)]["remark"] = "村务公开不及时"  # type: ignore[index]
    for token in issue(world, "leader", 3) + issue(world, "masses", 1):
        ballots.submit_ballot(raw_token=token, data=data)
    meeting = box.close_box(actor=world.host, meeting=world.meeting)

    first = OnsiteEvaluation.objects.get(reporter=world.reporters[0], voter_category="leader")
    assert (first.good, first.fair, first.poor, first.meeting_id) == (3, 0, 0, meeting.pk)
    assert first.digest == meeting.digest
    second = OnsiteEvaluation.objects.get(reporter=world.reporters[1], voter_category="masses")
    assert second.poor == 1

    superior = Problem.objects.filter(source="superior").order_by("reference")
    assert [p.reference for p in superior] == [
        f"critique:{critique.pk}:1",
        f"critique:{critique.pk}:2",
    ]
    masses = Problem.objects.get(source="masses")
    assert masses.text == "村务公开不及时"
    assert masses.organization_id == world.reporters[1].organization_id

"""双述双评: the two hearings and their separate ballots, assessors' scores, ranking, 公示 and
objections (001)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from shuzhi.audit.models import AuditEntry
from shuzhi.core.events import onsite_evaluation_closed
from shuzhi.meetings.models import Ballot, Meeting
from shuzhi.meetings.rules import MeetingKind
from shuzhi.meetings.services import create_meeting
from shuzhi.villages import dual
from shuzhi.villages.models import VillageHearing
from tests.signals import isolated
from tests.villages.dual_world import (
    evaluate_and_count,
    hold_hearing,
    open_village_round,
    published,
    score_all,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(small_city, county_admin):  # type: ignore[no-untyped-def]
    return open_village_round(small_city.town_a1, county_admin)


def test_each_village_gets_its_own_hearing_hosted_in_the_village(world) -> None:  # type: ignore[no-untyped-def]
    hearings = dual.convene_hearings(
        actor=world.actor, village_round=world.village_round, held_on=date(2026, 6, 20)
    )
    meetings = Meeting.objects.filter(pk__in=[h.meeting_pk for h in hearings])
    assert {m.hosting_organization for m in meetings} == set(world.villages)
    assert {m.kind for m in meetings} == {MeetingKind.VILLAGE_HEARING}
    for meeting in meetings:
        (item,) = meeting.agenda.all()
        assert item.reporter.organization == meeting.hosting_organization


def test_the_township_hearing_and_the_village_hearing_keep_separate_ballots(world) -> None:  # type: ignore[no-untyped-def]
    township_meeting = create_meeting(
        actor=world.actor, round=world.village_round.round, held_on=date(2026, 6, 25)
    )
    (hearing, _) = dual.convene_hearings(
        actor=world.actor, village_round=world.village_round, held_on=date(2026, 6, 20)
    )
    village_meeting = Meeting.objects.get(pk=hearing.meeting_pk)
    with isolated(onsite_evaluation_closed) as signal:
        sent: list[object] = []
        signal.subscribe(sent.append, uid="test")
        hold_hearing(village_meeting, world.actor, ["good", "good", "fair"])
    # The village's ballots are not the round's on-site evaluation ...
    assert sent == []
    hearing.refresh_from_db()
    assert hearing.closed and hearing.counts == {"good": 2, "fair": 1, "average": 0, "poor": 0}
    assert len(hearing.digest) == 64
    # ... and they sit in the village meeting's box, not the township meeting's.
    assert Ballot.objects.filter(box__meeting=village_meeting, box__rehearsal=False).count() == 3
    assert not Ballot.objects.filter(box__meeting=township_meeting).exists()


def test_a_village_gets_one_hearing_per_round(world) -> None:  # type: ignore[no-untyped-def]
    dual.convene_hearings(
        actor=world.actor, village_round=world.village_round, held_on=date(2026, 6, 20)
    )
    with pytest.raises(ValidationError, match="没有需要召开"):
        dual.convene_hearings(
            actor=world.actor, village_round=world.village_round, held_on=date(2026, 6, 21)
        )
    assert VillageHearing.objects.count() == 2


def test_only_half_year_township_rounds_hold_dual_evaluation(small_city, county_admin) -> None:  # type: ignore[no-untyped-def]
    from shuzhi.rounds.services import create_round

    annual = create_round(actor=county_admin, hearing_organization=small_city.town_a1, year=2026)
    with pytest.raises(ValidationError, match="每半年"):
        dual.create_village_round(actor=county_admin, round=annual)


def test_ranking_weights_assessors_and_democratic_scores(world) -> None:  # type: ignore[no-untyped-def]
    first, second = world.villages
    score_all(world, {first: "80", second: "90"})
    evaluate_and_count(world, {first: ["good", "good"], second: ["average", "poor"]})
    results = {
        r.village: r
        for r in dual.rank_villages(actor=world.actor, village_round=world.village_round)
    }
    # 80 × 60 % + 100 × 40 % = 88; 90 × 60 % + 30 × 40 % = 66
    assert (results[first].total, results[first].rank) == (88, 1)
    assert (results[second].total, results[second].rank) == (66, 2)


def test_ranking_is_refused_while_a_village_lacks_scores(world) -> None:  # type: ignore[no-untyped-def]
    first, second = world.villages
    score_all(world, {first: "80"})
    evaluate_and_count(world, {first: ["good"], second: ["good"]})
    with pytest.raises(ValidationError) as refused:
        dual.rank_villages(actor=world.actor, village_round=world.village_round)
    assert f"{second.name}：缺少考评打分" in refused.value.messages


def _posted(world):  # type: ignore[no-untyped-def]
    first, second = world.villages
    score_all(world, {first: "80", second: "90"})
    evaluate_and_count(world, {first: ["good"], second: ["fair"]})
    return published(world, date(2026, 7, 10))


def test_objections_are_taken_only_during_the_posting_period(world) -> None:  # type: ignore[no-untyped-def]
    village_round = _posted(world)
    assert village_round.objections_close_on == date(2026, 7, 14)  # 5 days from the 10th
    objection = dual.record_objection(
        actor=world.actor,
        village_round=village_round,
        raised_by="村民张三",
        text="民主评议票数与参会人数不符",
        raised_on=date(2026, 7, 14),
        village=world.villages[0],
    )
    assert (objection.raised_by, objection.raised_on) == ("村民张三", date(2026, 7, 14))
    with pytest.raises(ValidationError, match="公示期已于2026-07-14结束"):
        dual.record_objection(
            actor=world.actor,
            village_round=village_round,
            raised_by="村民李四",
            text="迟到的异议",
            raised_on=date(2026, 7, 15),
        )


def test_the_result_is_final_only_after_the_period_with_every_objection_answered(world) -> None:  # type: ignore[no-untyped-def]
    village_round = _posted(world)
    objection = dual.record_objection(
        actor=world.actor,
        village_round=village_round,
        raised_by="村民张三",
        text="打分人中有本村亲属",
        raised_on=date(2026, 7, 11),
    )
    with pytest.raises(ValidationError, match="期满后"):
        dual.finalize(actor=world.actor, village_round=village_round, today=date(2026, 7, 14))
    with pytest.raises(ValidationError, match="1 条异议未答复"):
        dual.finalize(actor=world.actor, village_round=village_round, today=date(2026, 7, 15))
    answered = dual.answer_objection(
        actor=world.actor, objection=objection, answer="经核查，该打分人已回避。"
    )
    assert answered.answered_by == world.actor and answered.answered_at is not None
    final = dual.finalize(actor=world.actor, village_round=village_round, today=date(2026, 7, 15))
    assert final.finalized_at is not None
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "villages.dual.publish",
        "villages.dual.objection",
        "villages.dual.answer",
        "villages.dual.finalize",
    } <= actions


def test_a_posted_ranking_cannot_be_recomputed(world) -> None:  # type: ignore[no-untyped-def]
    village_round = _posted(world)
    with pytest.raises(ValidationError, match="已经公示"):
        dual.rank_villages(actor=world.actor, village_round=village_round)


def test_the_round_page_shows_the_ranking_and_objections_and_answers_one(world) -> None:  # type: ignore[no-untyped-def]
    from django.test import Client

    village_round = _posted(world)
    objection = dual.record_objection(
        actor=world.actor,
        village_round=village_round,
        raised_by="村民张三",
        text="评议票数存疑",
        raised_on=date(2026, 7, 11),
    )
    client = Client()
    client.force_login(world.actor)
    html = client.get(f"/villages/rounds/{village_round.pk}/").content.decode()
    assert (
        'data-testid="ranking"' in html and "评议票数存疑" in html and "公示期 2026-07-10" in html
    )
    response = client.post(f"/villages/objections/{objection.pk}/answer/", {"answer": "已核实"})
    assert response.status_code == 302
    objection.refresh_from_db()
    assert objection.answer == "已核实" and objection.answered_by == world.actor

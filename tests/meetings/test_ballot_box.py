"""One token one ballot, idempotent resubmission, valid-ballot rules, composition, rehearsal,
paper double entry, closing and the digest."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from shuzhi.audit.models import AuditEntry
from shuzhi.core.events import onsite_evaluation_closed, problems_raised
from shuzhi.meetings import ballots, box, rules, services
from shuzhi.meetings.models import Ballot, BallotToken, BoxState
from tests.meetings.conftest import all_graded, issue, open_formal, sign_in_people
from tests.signals import isolated

pytestmark = pytest.mark.django_db


def test_tokens_are_160_bit_and_stored_only_as_hashes(world):
    raw = issue(world, count=5)
    assert len(set(raw)) == 5 and all(len(t) == 32 for t in raw)  # base32 of 20 bytes
    stored = set(BallotToken.objects.values_list("token_hash", flat=True))
    assert stored == {ballots.hash_token(t) for t in raw}
    assert not stored & set(raw)


def test_composition_gate_blocks_opening_until_representatives_reach_a_third(world):
    sign_in_people(world, representatives=1, leaders=3)
    with pytest.raises(ValidationError, match=r"代表人数不足.*还需至少 1 名"):
        box.open_box(actor=world.host, meeting=world.meeting)
    sign_in_people(world, representatives=1, leaders=0)  # 2 of 5
    meeting = box.open_box(actor=world.host, meeting=world.meeting)
    assert meeting.state == BoxState.OPEN


def test_composition_uses_the_meetings_share_setting(world):
    services.update_settings(
        actor=world.host,
        meeting=world.meeting,
        values={"representative_share_numerator": 1, "representative_share_denominator": 2},
    )
    sign_in_people(world, representatives=2, leaders=3)
    with pytest.raises(ValidationError, match="1/2"):
        box.open_box(actor=world.host, meeting=world.meeting)


def test_share_below_a_third_is_refused(world):
    with pytest.raises(ValidationError):
        services.update_settings(
            actor=world.host,
            meeting=world.meeting,
            values={"representative_share_numerator": 1, "representative_share_denominator": 4},
        )


def test_one_token_one_ballot_and_idempotent_resubmission(world):
    open_formal(world)
    (token,) = issue(world, count=1)
    ballot = all_graded(world, "good", "fair", "average", "poor")
    first = ballots.submit_ballot(raw_token=token, data=ballot)
    again = ballots.submit_ballot(raw_token=token, data=ballot)
    assert again.code == first.code and again.repeated and not first.repeated
    with pytest.raises(ValidationError, match="已经投过票"):
        ballots.submit_ballot(raw_token=token, data=all_graded(world, "poor"))
    assert Ballot.objects.count() == 1


def test_unknown_token_is_refused(world):
    open_formal(world)
    with pytest.raises(ValidationError, match="测评码无效"):
        ballots.submit_ballot(raw_token="A" * 32, data=all_graded(world, "good"))


def test_ballot_before_opening_is_refused_and_leaves_nothing(world):
    (token,) = issue(world, count=1)
    with pytest.raises(ValidationError, match="尚未开启"):
        ballots.submit_ballot(raw_token=token, data=all_graded(world, "good"))
    assert not Ballot.objects.exists()


def test_valid_ballot_rules_on_the_server(world):
    services.update_settings(
        actor=world.host, meeting=world.meeting, values={"max_good_percent": 50}
    )
    open_formal(world)
    token, other = issue(world, count=2)
    with pytest.raises(ValidationError, match="评为「好」的不得超过"):
        ballots.submit_ballot(raw_token=token, data=all_graded(world, "good", "good", "good"))
    with pytest.raises(ValidationError, match="空白票无效"):
        ballots.submit_ballot(raw_token=token, data={"ratings": {}, "comment": "没意见"})
    with pytest.raises(ValidationError, match="本次会议以外"):
        ballots.submit_ballot(raw_token=token, data={"ratings": {"999999": "good"}})
    assert ballots.submit_ballot(raw_token=token, data=all_graded(world, "good", "good", "fair"))
    assert ballots.submit_ballot(raw_token=other, data=all_graded(world, "poor"))


def test_rehearsal_runs_the_same_flow_and_the_wipe_proves_the_formal_box_empty(world):
    box.start_rehearsal(actor=world.host, meeting=world.meeting)
    world.meeting.refresh_from_db()
    tokens = issue(world, count=2)
    for token in tokens:
        ballots.submit_ballot(raw_token=token, data=all_graded(world, "fair", "fair"))
    assert box.tally_of(world.meeting, rehearsal=True).valid == 2
    proof = box.wipe_rehearsal(actor=world.host, meeting=world.meeting)
    assert proof["rehearsal_ballots_deleted"] == 2 and proof["rehearsal_tokens_deleted"] == 2
    assert proof["formal_ballots"] == 0
    assert not Ballot.objects.exists() and not BallotToken.objects.exists()
    entry = AuditEntry.objects.get(action="meetings.box.rehearsal_wipe")
    assert entry.after["formal_ballots"] == 0
    assert entry.after["formal_digest"] == rules.genesis(world.meeting.pk, False)
    open_formal(world)
    assert box.formal_box_count(world.meeting) == (0, 0)


def test_formal_vote_cannot_open_during_rehearsal(world):
    box.start_rehearsal(actor=world.host, meeting=world.meeting)
    sign_in_people(world, representatives=3, leaders=1)
    with pytest.raises(ValidationError, match="清除演练数据"):
        box.open_box(actor=world.host, meeting=world.meeting)


def test_paper_ballots_count_when_two_clerks_agree(world, small_city):
    from tests.factories import make_user

    open_formal(world)
    clerk2 = make_user("clerk2", "host", world.city)
    slip = all_graded(world, "good", "fair")
    ballots.enter_paper_slip(
        actor=world.host, meeting=world.meeting, serial=1, category="member", data=slip
    )
    with pytest.raises(ValidationError, match="另一名录入员"):
        ballots.enter_paper_slip(
            actor=world.host, meeting=world.meeting, serial=1, category="member", data=slip
        )
    assert not Ballot.objects.exists()
    ballots.enter_paper_slip(
        actor=clerk2, meeting=world.meeting, serial=1, category="member", data=slip
    )
    paper = Ballot.objects.get()
    assert paper.source == "paper" and paper.paper_serial == 1 and paper.valid


def test_paper_mismatch_blocks_closing_until_resolved(world):
    from tests.factories import make_user

    open_formal(world)
    clerk2 = make_user("clerk2", "host", world.city)
    ballots.enter_paper_slip(
        actor=world.host,
        meeting=world.meeting,
        serial=7,
        category="masses",
        data=all_graded(world, "good"),
    )
    second = ballots.enter_paper_slip(
        actor=clerk2,
        meeting=world.meeting,
        serial=7,
        category="masses",
        data=all_graded(world, "fair"),
    )
    (mismatch,) = ballots.unresolved_paper(world.meeting, rehearsal=False)
    assert mismatch.serial == 7 and len(mismatch.entries) == 2
    with pytest.raises(ValidationError, match="票号 7"):
        box.close_box(actor=world.host, meeting=world.meeting)
    ballots.resolve_paper_slip(
        actor=world.host, meeting=world.meeting, serial=7, entry_id=second.pk
    )
    assert not ballots.unresolved_paper(world.meeting, rehearsal=False)
    closed = box.close_box(actor=world.host, meeting=world.meeting)
    result = box.tally_of(closed)
    assert result.reporters[world.reporters[0].pk].totals()["fair"] == 1


def test_invalid_paper_ballot_is_counted_apart_never_dropped(world):
    from tests.factories import make_user

    open_formal(world)
    clerk2 = make_user("clerk2", "host", world.city)
    blank = {"ratings": {}, "comment": ""}
    for clerk in (world.host, clerk2):
        ballots.enter_paper_slip(
            actor=clerk, meeting=world.meeting, serial=3, category="masses", data=blank
        )
    result = box.tally_of(world.meeting)
    assert (result.valid, result.invalid) == (0, 1)


def test_closing_fixes_the_digest_sends_tallies_and_remarks_and_never_reopens(world):
    open_formal(world)
    tokens = issue(world, "leader", 2) + issue(world, "masses", 1)
    (late,) = issue(world, "masses", 1)
    data = all_graded(world, "good", "poor")
    data["ratings"][str(world.reporters[1].pk)]["remark"] = "村级活动场所长期闲置"  # type: ignore[index]
    receipts = [ballots.submit_ballot(raw_token=t, data=data) for t in tokens]
    sent: dict[str, object] = {}
    raised = []
    with isolated(onsite_evaluation_closed) as closed, isolated(problems_raised) as problems:
        closed.subscribe(lambda event: sent.update(vars(event)), uid="test")
        problems.subscribe(lambda event: raised.extend(event.problems), uid="test")
        meeting = box.close_box(actor=world.host, meeting=world.meeting)
    assert meeting.digest == rules.chain_digest(
        rules.genesis(meeting.pk, False),
        [
            rules.ballot_record(
                category=b.category,
                valid=b.valid,
                source=b.source,
                receipt=b.receipt,
                ballot=b.canonical,
            )
            for b in Ballot.objects.order_by("receipt")
        ],
    )
    assert sent["digest"] == meeting.digest and sent["meeting_id"] == meeting.pk
    tallies = {(t.reporter_id, t.voter_category): dict(t.counts) for t in sent["tallies"]}  # type: ignore[attr-defined]
    assert tallies[(world.reporters[0].pk, "leader")]["good"] == 2
    assert tallies[(world.reporters[1].pk, "masses")]["poor"] == 1
    assert len(raised) == 1 and {p.source for p in raised} == {"masses"}  # one remark, 3 ballots
    assert raised[0].reference == f"meeting:{world.meeting.pk}:remark"
    assert len({r.code for r in receipts}) == 3
    with pytest.raises(ValidationError):
        box.open_box(actor=world.host, meeting=meeting)
    with pytest.raises(ValidationError):
        box.close_box(actor=world.host, meeting=meeting)
    with pytest.raises(ValidationError, match="已经关闭"):
        ballots.submit_ballot(raw_token=late, data=data)
    with pytest.raises(ValidationError, match="投票已经结束"):
        issue(world, count=1)


def test_ballot_rows_hold_nothing_about_the_voter():
    names = {f.name for f in Ballot._meta.get_fields()}
    assert not names & {"ip", "ip_address", "user_agent", "user", "created_at", "submitted_at"}
    assert not any(
        f.get_internal_type() in ("DateTimeField", "DateField", "GenericIPAddressField")
        for f in Ballot._meta.concrete_fields
    )


def test_per_indicator_rating_is_checked_when_the_setting_is_on(world):
    services.update_settings(
        actor=world.host,
        meeting=world.meeting,
        values={"per_indicator": True, "indicators": ["履职尽责", "工作保障"]},
    )
    open_formal(world)
    (token,) = issue(world, count=1)
    rid = str(world.reporters[0].pk)
    partial = {"ratings": {rid: {"grade": "good", "indicators": {"履职尽责": "fair"}}}}
    with pytest.raises(ValidationError, match="分项评价不完整"):
        ballots.submit_ballot(raw_token=token, data=partial)
    with pytest.raises(ValidationError, match="不在本次会议的指标"):
        ballots.submit_ballot(
            raw_token=token,
            data={"ratings": {rid: {"grade": "good", "indicators": {"别的": "good"}}}},
        )
    full = {
        "ratings": {rid: {"grade": "good", "indicators": {"履职尽责": "fair", "工作保障": "good"}}}
    }
    ballots.submit_ballot(raw_token=token, data=full)
    box.close_box(actor=world.host, meeting=world.meeting)
    result = box.tally_of(world.meeting).reporters[world.reporters[0].pk]
    assert result.indicator_counts == {
        "履职尽责": {"good": 0, "fair": 1, "average": 0, "poor": 0},
        "工作保障": {"good": 1, "fair": 0, "average": 0, "poor": 0},
    }


def test_agenda_is_frozen_once_formal_voting_opens(world, small_city):
    from tests.meetings.conftest import make_reporters

    open_formal(world)
    (late,) = make_reporters(world.round, [small_city.town_a2], 1)
    with pytest.raises(ValidationError, match="不能再调整议程"):
        services.add_to_agenda(actor=world.host, meeting=world.meeting, reporters=[late])
    with pytest.raises(ValidationError, match="不能再调整议程"):
        services.move_on_agenda(actor=world.host, item=world.items[1], offset=-1)


def test_paper_slips_are_refused_before_the_box_opens(world):
    with pytest.raises(ValidationError, match="才能录入纸质票"):
        ballots.enter_paper_slip(
            actor=world.host,
            meeting=world.meeting,
            serial=1,
            category="masses",
            data=all_graded(world, "good"),
        )

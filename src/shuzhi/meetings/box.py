"""Services of the box's life: rehearsal, the wipe, opening the formal vote, closing it.

preparing → rehearsal → (wipe) → preparing → open → closed; a closed box never reopens.

Phone ballots take no lock on the meeting (``ballots._cast``); each takes only its token's row.
So the services here that must see every ballot in flight change the box's unused tokens
first (closing spends them, the rehearsal wipe deletes them): that waits for each ballot that
has consumed its token to commit, and any ballot that comes later finds no token to consume.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from shuzhi.accounts.access import require
from shuzhi.accounts.models import User
from shuzhi.audit.services import record
from shuzhi.core.events import (
    OnsiteEvaluationClosed,
    OnsiteTally,
    ProblemsRaised,
    RaisedProblem,
    VillageHearingClosed,
    onsite_evaluation_closed,
    problems_raised,
    village_hearing_closed,
)
from shuzhi.core.vocabulary.sources import ProblemSource
from shuzhi.meetings import rules
from shuzhi.meetings.ballots import reporter_ids, unresolved_paper
from shuzhi.meetings.models import Ballot, BallotBox, BallotToken, BoxState, Meeting, PaperEntry
from shuzhi.meetings.services import composition, scoring_values, take_round_values
from shuzhi.rounds.models import Reporter


def _locked(meeting: Meeting, actor: User) -> Meeting:
    require(actor, "meetings.manage", meeting.hosting_organization)
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def _audit(actor: User, meeting: Meeting, action: str, **after: Any) -> None:
    record(
        actor=actor,
        action=f"meetings.box.{action}",
        target=meeting,
        organization=meeting.hosting_organization,
        after=after,
    )


def _set_state(meeting: Meeting, state: str) -> None:
    meeting.state = state
    meeting.save(update_fields=["state", "digest"])


@transaction.atomic
def start_rehearsal(*, actor: User, meeting: Meeting) -> Meeting:
    """Run the same flow as the formal vote, into the rehearsal box."""
    meeting = _locked(meeting, actor)
    if meeting.state != BoxState.PREPARING:
        raise ValidationError("只有在正式投票开始前才能演练。")
    if not meeting.agenda.exists():
        raise ValidationError("议程中还没有述职人。")
    _set_state(meeting, BoxState.REHEARSAL)
    _audit(actor, meeting, "rehearsal_start")
    return meeting


def formal_box_count(meeting: Meeting) -> tuple[int, int]:
    """(formal ballots, formal tokens issued); the ballots are 0 until the formal vote opens."""
    return (
        Ballot.objects.filter(box__meeting=meeting, box__rehearsal=False).count(),
        BallotToken.objects.filter(meeting=meeting, rehearsal=False).count(),
    )


@transaction.atomic
def wipe_rehearsal(*, actor: User, meeting: Meeting) -> dict[str, int]:
    """Delete every rehearsal token, ballot and paper entry in one action, reset the rehearsal
    box, and prove (in the audit trail) that the formal box holds no ballot."""
    meeting = _locked(meeting, actor)
    if meeting.state not in (BoxState.PREPARING, BoxState.REHEARSAL):
        raise ValidationError("正式投票开始后不能再清除演练数据。")
    # Tokens first: deleting them waits for every rehearsal ballot in flight, so the ballots
    # deleted next include the last of them.
    tokens, _ = BallotToken.objects.filter(meeting=meeting, rehearsal=True).delete()
    ballots, _ = Ballot.objects.filter(box__meeting=meeting, box__rehearsal=True).delete()
    entries, _ = PaperEntry.objects.filter(meeting=meeting, rehearsal=True).delete()
    formal_ballots, _formal_tokens = formal_box_count(meeting)
    formal_digest = box_digest(meeting, rehearsal=False)
    if formal_ballots or formal_digest != rules.genesis(meeting.pk, False):
        raise ValidationError("正式票箱不为空，无法确认演练已清除。")
    _set_state(meeting, BoxState.PREPARING)
    proof = {
        "rehearsal_ballots_deleted": ballots,
        "rehearsal_tokens_deleted": tokens,
        "rehearsal_paper_entries_deleted": entries,
        "formal_ballots": formal_ballots,
    }
    _audit(actor, meeting, "rehearsal_wipe", **proof, formal_digest=formal_digest)
    return proof


@transaction.atomic
def open_box(*, actor: User, meeting: Meeting) -> Meeting:
    """Open formal voting: only when the composition holds and no rehearsal data remains."""
    meeting = _locked(meeting, actor)
    if meeting.state == BoxState.REHEARSAL:
        raise ValidationError("请先结束并清除演练数据，再开始正式投票。")
    if meeting.state != BoxState.PREPARING:
        raise ValidationError("票箱已经开启过，不能重复开启。")
    if not meeting.agenda.exists():
        raise ValidationError("议程中还没有述职人。")
    check = composition(meeting)
    if not check.holds:
        share = meeting.representative_share
        raise ValidationError(
            f"代表人数不足：到会 {check.present} 人，其中两代表一委员、党员和群众代表 "
            f"{check.representatives} 人，不足到会人数的 {share.numerator}/{share.denominator}，"
            f"还需至少 {check.shortfall} 名代表签到。"
        )
    if BallotToken.objects.filter(meeting=meeting, rehearsal=True).exists():
        raise ValidationError("请先清除演练数据，再开始正式投票。")
    # From here on the results must not change under the voters: freeze the round's values.
    frozen = take_round_values(meeting)
    meeting.ballot_reporters = reporter_ids(meeting)
    meeting.save(update_fields=["ballot_reporters"])
    _set_state(meeting, BoxState.OPEN)
    _audit(
        actor,
        meeting,
        "open",
        present=check.present,
        representatives=check.representatives,
        formal_ballots=formal_box_count(meeting)[0],
        ballot_reporters=meeting.ballot_reporters,
        **frozen,
    )
    return meeting


def counted_ballots(meeting: Meeting, rehearsal: bool = False) -> list[rules.CountedBallot]:
    return [
        rules.CountedBallot(category, valid, rules.content_from_canonical(canonical))
        for category, valid, canonical in Ballot.objects.filter(
            box__meeting=meeting, box__rehearsal=rehearsal
        ).values_list("category", "valid", "canonical")
    ]


def box_digest(meeting: Meeting, rehearsal: bool = False) -> str:
    """The digest of the box as it holds now: its ballots' records in receipt order."""
    records = {
        receipt: rules.ballot_record(
            category=category, valid=valid, source=source, receipt=receipt, ballot=canonical
        )
        for category, valid, source, receipt, canonical in Ballot.objects.filter(
            box__meeting=meeting, box__rehearsal=rehearsal
        ).values_list("category", "valid", "source", "receipt", "canonical")
    }
    return rules.box_digest(rules.genesis(meeting.pk, rehearsal), records)


def _spend_unused_tokens(meeting: Meeting) -> int:
    """Mark every unused formal token used, before counting. The update waits for each ballot
    that has consumed its token and not yet committed (its row is locked), and a ballot that
    comes later finds its token spent: no ballot can enter the box after this. No lock is held
    while voting runs; slips left over are worthless once the box closed."""
    return BallotToken.objects.filter(meeting=meeting, rehearsal=False, used=False).update(
        used=True
    )


def _store_in_receipt_order(meeting: Meeting) -> int:
    """Write the closed box's ballots again, in receipt order, in this transaction: their
    physical order (PostgreSQL's heap position and xmin, SQLite's rowid) no longer follows the
    order in which they were cast. Returns how many there are."""
    box = BallotBox.objects.get(meeting=meeting, rehearsal=False)
    held = list(Ballot.objects.filter(box=box).order_by("receipt"))
    Ballot.objects.filter(box=box).delete()
    Ballot.objects.bulk_create(held)
    return len(held)


def tally_of(meeting: Meeting, rehearsal: bool = False) -> rules.Tally:
    values = scoring_values(meeting)
    return rules.tally(
        counted_ballots(meeting, rehearsal),
        reporter_ids(meeting),
        values["grade_points"],
        values["category_weights"],
    )


@transaction.atomic
def close_box(*, actor: User, meeting: Meeting) -> Meeting:
    """Close formal voting for good: fix the digest, send the tallies to scoring and the
    ballots' remarks to rectification (as problems raised by the masses)."""
    meeting = _locked(meeting, actor)
    if meeting.state != BoxState.OPEN:
        raise ValidationError("只有正在进行的正式投票才能关闭。")
    pending = unresolved_paper(meeting, rehearsal=False)
    if pending:
        serials = "、".join(str(p.serial) for p in pending)
        raise ValidationError(f"还有纸质票未完成双人录入核对（票号 {serials}），不能计票。")
    spent = _spend_unused_tokens(meeting)
    counted = _store_in_receipt_order(meeting)
    meeting.digest = box_digest(meeting)
    _set_state(meeting, BoxState.CLOSED)
    result = tally_of(meeting)
    tallies = tuple(
        OnsiteTally(reporter_id=rid, voter_category=category, counts=dict(counts))
        for rid, reporter_result in result.reporters.items()
        for category, counts in sorted(reporter_result.counts.items())
    )
    if meeting.kind == rules.MeetingKind.VILLAGE_HEARING:
        # The village's own ballots: not the round's on-site evaluation of its reporter.
        village_hearing_closed.publish(
            VillageHearingClosed(
                round_id=meeting.round_id,
                meeting_id=meeting.pk,
                village_id=meeting.hosting_organization_id,
                tallies=tallies,
                digest=meeting.digest,
            )
        )
    else:
        onsite_evaluation_closed.publish(
            OnsiteEvaluationClosed(
                round_id=meeting.round_id,
                meeting_id=meeting.pk,
                tallies=tallies,
                digest=meeting.digest,
                small_category_threshold=meeting.small_category_threshold,
            )
        )
    _send_remarks(meeting)
    _audit(
        actor,
        meeting,
        "close",
        digest=meeting.digest,
        ballots=counted,
        unused_tokens_spent=spent,
        valid=result.valid,
        invalid=result.invalid,
    )
    return meeting


def _send_remarks(meeting: Meeting) -> None:
    """Each distinct remark on a reporter becomes one problem raised by the masses; the same
    remark on several ballots is one problem, and it names no ballot."""
    organizations = dict(
        Reporter.objects.filter(agenda_items__meeting=meeting).values_list("pk", "organization_id")
    )
    remarks: dict[tuple[int, str], None] = {}
    for canonical in (
        Ballot.objects.filter(box__meeting=meeting, box__rehearsal=False, valid=True)
        .order_by("receipt")
        .values_list("canonical", flat=True)
    ):
        for reporter_id, rating in rules.content_from_canonical(canonical).ratings.items():
            if rating.remark:
                remarks.setdefault((reporter_id, rating.remark), None)
    problems = [
        RaisedProblem(
            organization_id=organizations[reporter_id],
            source=ProblemSource.MASSES,
            text=text,
            year=meeting.round.year,
            round_id=meeting.round_id,
            reference=f"meeting:{meeting.pk}:remark",
        )
        for reporter_id, text in remarks
    ]
    if problems:
        problems_raised.publish(ProblemsRaised(tuple(problems)))

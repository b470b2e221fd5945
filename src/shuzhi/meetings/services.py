"""State changes of a meeting: settings, agenda, sign-in, critiques, the box's states.

Every function is one transaction, checks permission along the organisation tree and writes
the audit trail. Ballots themselves are in ``ballots.py``.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from shuzhi.accounts.access import require
from shuzhi.accounts.models import User
from shuzhi.audit.services import changed, record, snapshot
from shuzhi.core.events import (
    Clearance,
    ClearanceRequest,
    ProblemsRaised,
    problems_raised,
    report_clearance_requested,
)
from shuzhi.core.vocabulary.sources import ProblemSource
from shuzhi.meetings import rules
from shuzhi.meetings.models import (
    REPRESENTATIVE_CATEGORIES,
    AgendaItem,
    Attendance,
    AttendeeCategory,
    BallotBox,
    BoxState,
    Critique,
    CritiqueComment,
    Meeting,
)
from shuzhi.orgs import tree
from shuzhi.orgs.models import Organization, Person, Representative
from shuzhi.rounds.models import Reporter, Round, RoundSettings

SETTING_FIELDS = (
    "representative_share_numerator",
    "representative_share_denominator",
    "min_key_problems",
    "small_category_threshold",
    "max_good_percent",
    "per_indicator",
    "indicators",
    "turnout_step",
)
# Owned by the round (scoring's on-site score uses them): the meeting follows the round's
# values until its formal box opens, then keeps the values it opened with.
ROUND_FIELDS = ("grade_points", "category_weights")


def _new_code() -> str:
    return secrets.token_urlsafe(9)


def _new_meeting(
    round: Round,
    host: Organization,
    title: str,
    held_on: date,
    kind: str = rules.MeetingKind.ROUND_HEARING,
) -> Meeting:
    """A saved meeting with the round's scoring values and both boxes empty."""
    meeting = Meeting(
        round=round,
        hosting_organization=host,
        kind=kind,
        title=title,
        held_on=held_on,
        sign_in_code=_new_code(),
        **round_scoring(round),
    )
    meeting.full_clean()
    meeting.save()
    for rehearsal in (False, True):
        BallotBox.objects.create(meeting=meeting, rehearsal=rehearsal)
    return meeting


@transaction.atomic
def create_meeting(*, actor: User, round: Round, title: str = "", held_on: date) -> Meeting:
    """Open a meeting of ``round``, hosted by the round's hearing body, with both boxes empty."""
    host = round.hearing_organization
    require(actor, "meetings.manage", host)
    meeting = _new_meeting(round, host, title or f"{round.name}述职评议会", held_on)
    record(
        actor=actor,
        action="meetings.meeting.create",
        target=meeting,
        organization=host,
        after={"title": meeting.title, "round": round.pk, "held_on": held_on.isoformat()},
    )
    return meeting


@transaction.atomic
def create_village_hearing(
    *,
    actor: User,
    round: Round,
    village: Organization,
    reporter: Reporter,
    held_on: date,
    title: str = "",
) -> Meeting:
    """A village's second hearing (双述双评, 001): hosted by the village, with the village's
    reporter (on behalf of its two committees) alone on the agenda. The report gate (四个
    "不开会") is the township meeting's: the three-level review concerns the 述职报告 to the
    township, while here the cadres answer to the village's members and masses."""
    require(actor, "meetings.manage", village)
    if reporter.round_id != round.pk or reporter.organization_id != village.pk:
        raise ValidationError(f"「{reporter}」不是{village.name}在本次考核中的述职人。")
    if Meeting.objects.filter(
        round=round, hosting_organization=village, kind=rules.MeetingKind.VILLAGE_HEARING
    ).exists():
        raise ValidationError(f"{village.name}已有本次考核的向党员群众述职会。")
    meeting = _new_meeting(
        round,
        village,
        title or f"{village.name}{round.name}向党员群众述职会",
        held_on,
        kind=rules.MeetingKind.VILLAGE_HEARING,
    )
    item = AgendaItem.objects.create(meeting=meeting, reporter=reporter, position=1)
    record(
        actor=actor,
        action="meetings.meeting.create",
        target=meeting,
        organization=village,
        after={
            "title": meeting.title,
            "round": round.pk,
            "held_on": held_on.isoformat(),
            "kind": meeting.kind,
            "reporter": item.reporter_id,
        },
    )
    return meeting


def _number(value: Decimal) -> int | str:
    return int(value) if value == int(value) else str(value)


def round_scoring(round: Round) -> dict[str, Any]:
    """The round's grade points and voter-category weights ({} if it has no settings yet)."""
    found = RoundSettings.objects.filter(round=round).first()
    if found is None:
        return {}
    return {
        "grade_points": {g: _number(getattr(found, f"points_{g}")) for g in rules.GRADES},
        "category_weights": {c: _number(getattr(found, f"weight_{c}")) for c in rules.CATEGORIES},
    }


def follows_round(meeting: Meeting) -> bool:
    """Until the formal box opens the meeting scores with the round's current values."""
    return meeting.state not in (BoxState.OPEN, BoxState.CLOSED)


def scoring_values(meeting: Meeting) -> dict[str, Any]:
    """The grade points and category weights the meeting scores with right now."""
    stored = {name: getattr(meeting, name) for name in ROUND_FIELDS}
    return {**stored, **round_scoring(meeting.round)} if follows_round(meeting) else stored


def take_round_values(meeting: Meeting) -> dict[str, Any]:
    """Copy the round's current values into the meeting (called as the formal box opens, after
    which they are frozen); returns the values now held."""
    values = scoring_values(meeting)
    for name, value in values.items():
        setattr(meeting, name, value)
    meeting.save(update_fields=list(ROUND_FIELDS))
    return values


def _locked(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


@transaction.atomic
def update_settings(*, actor: User, meeting: Meeting, values: Mapping[str, Any]) -> Meeting:
    """Change the meeting's evaluation settings; frozen once formal voting has opened."""
    require(actor, "meetings.manage", meeting.hosting_organization)
    meeting = _locked(meeting)
    if meeting.state in (BoxState.OPEN, BoxState.CLOSED):
        raise ValidationError("正式投票开始后不能修改测评设置。")
    if set(values) & set(ROUND_FIELDS):
        raise ValidationError("等次分值和类别权重来自考核设置，请在考核设置中修改。")
    before = snapshot(meeting, SETTING_FIELDS)
    for name in SETTING_FIELDS:
        if name in values:
            setattr(meeting, name, values[name])
    meeting.full_clean()
    meeting.save()
    after = snapshot(meeting, SETTING_FIELDS)
    record(
        actor=actor,
        action="meetings.settings.update",
        target=meeting,
        organization=meeting.hosting_organization,
        before={k: before[k] for k in changed(before, after)},
        after=changed(before, after),
    )
    return meeting


def clearances(reporter_ids: Sequence[int]) -> dict[int, Clearance]:
    """Ask the reports app whether each reporter may speak; silence or any refusal is a no."""
    verdicts: dict[int, Clearance] = {}
    for answer in report_clearance_requested.ask(ClearanceRequest(tuple(reporter_ids))):
        for reporter_id, clearance in answer.items():
            held = verdicts.get(reporter_id)
            if held is None or (held.cleared and not clearance.cleared):
                verdicts[reporter_id] = clearance
    missing = Clearance(False, "没有收到该述职人的述职报告审核结果")
    return {rid: verdicts.get(rid, missing) for rid in reporter_ids}


@transaction.atomic
def add_to_agenda(
    *, actor: User, meeting: Meeting, reporters: Iterable[Reporter], minutes: int = 10
) -> list[AgendaItem]:
    """Put reporters on the agenda after the report gate (四个“不开会”) clears each of them."""
    require(actor, "meetings.manage", meeting.hosting_organization)
    meeting = _locked(meeting)
    if meeting.state in (BoxState.OPEN, BoxState.CLOSED):
        raise ValidationError("正式投票开始后不能再调整议程。")
    reporters = list(reporters)
    for reporter in reporters:
        if reporter.round_id != meeting.round_id:
            raise ValidationError(f"「{reporter}」不是本次考核的述职人。")
    if meeting.agenda.filter(reporter__in=reporters).exists():
        raise ValidationError("所选述职人已在议程中。")
    verdicts = clearances([r.pk for r in reporters])
    refused = [f"{r}：{verdicts[r.pk].reason}" for r in reporters if not verdicts[r.pk].cleared]
    if refused:
        raise ValidationError(["以下述职人未通过会前审核，不能列入议程：", *refused])
    if not 1 <= minutes <= 120:
        raise ValidationError("发言时长应在 1 至 120 分钟之间。")
    last = meeting.agenda.order_by("-position").values_list("position", flat=True).first() or 0
    items = []
    for offset, reporter in enumerate(reporters, start=1):
        item = AgendaItem.objects.create(
            meeting=meeting, reporter=reporter, position=last + offset, minutes=minutes
        )
        record(
            actor=actor,
            action="meetings.agenda.add",
            target=item,
            organization=meeting.hosting_organization,
            after={"reporter": reporter.pk, "position": item.position, "minutes": minutes},
        )
        items.append(item)
    return items


@transaction.atomic
def move_on_agenda(*, actor: User, item: AgendaItem, offset: int) -> AgendaItem:
    """Swap a reporter with the neighbour ``offset`` places away (-1 earlier, +1 later)."""
    meeting = item.meeting
    require(actor, "meetings.manage", meeting.hosting_organization)
    if _locked(meeting).state in (BoxState.OPEN, BoxState.CLOSED):
        raise ValidationError("正式投票开始后不能再调整议程。")
    item = AgendaItem.objects.get(pk=item.pk)
    other = meeting.agenda.filter(position=item.position + offset).first()
    if other is None:
        return item
    mine, theirs = item.position, other.position
    # Positions are unique per meeting: park one at 0 while the other moves.
    AgendaItem.objects.filter(pk=item.pk).update(position=0)
    AgendaItem.objects.filter(pk=other.pk).update(position=mine)
    AgendaItem.objects.filter(pk=item.pk).update(position=theirs)
    record(
        actor=actor,
        action="meetings.agenda.move",
        target=item,
        organization=meeting.hosting_organization,
        before={"position": mine},
        after={"position": theirs},
    )
    item.position = theirs
    return item


# --- Sign-in and composition ----------------------------------------------------------------


def attendee_category(meeting: Meeting, person: Person) -> str:
    """A representative of the host's subtree counts by their category; anyone else as a leader
    if they hold a post in the hosting organisation, otherwise as other attendees."""
    host_path = meeting.hosting_organization.path
    representation = (
        Representative.objects.filter(person=person, is_active=True)
        .select_related("organization")
        .order_by("category")
    )
    for rep in representation:
        if tree.is_within(rep.organization.path, host_path):
            return rep.category
    if person.posts.current().filter(organization=meeting.hosting_organization).exists():
        return AttendeeCategory.LEADER
    return AttendeeCategory.OTHER


@transaction.atomic
def sign_in(
    *, actor: User | None, meeting: Meeting, person: Person, by_scan: bool = False
) -> Attendance:
    """Record one attendee (from the host's list, or by the attendee scanning the meeting code)."""
    if not by_scan:
        require(actor, "meetings.manage", meeting.hosting_organization)
    if meeting.state == BoxState.CLOSED:
        raise ValidationError("会议已结束，不能再签到。")
    attendance, created = Attendance.objects.get_or_create(
        meeting=meeting,
        person=person,
        defaults={"category": attendee_category(meeting, person), "by_scan": by_scan},
    )
    if created:
        record(
            actor=actor if not by_scan else "扫码签到",
            action="meetings.attendance.sign_in",
            target=attendance,
            organization=meeting.hosting_organization,
            after={"person": person.code, "category": attendance.category, "by_scan": by_scan},
        )
    return attendance


def composition(meeting: Meeting) -> rules.Composition:
    categories = list(meeting.attendance.values_list("category", flat=True))
    return rules.Composition(
        present=len(categories),
        representatives=sum(1 for c in categories if c in REPRESENTATIVE_CATEGORIES),
        required_share=meeting.representative_share,
    )


# --- Critiques ------------------------------------------------------------------------------


@transaction.atomic
def record_critique(
    *, actor: User, item: AgendaItem, problems: Sequence[str], summary: str = ""
) -> Critique:
    """The superior's critique: at least the meeting's minimum of key problems, each sent to
    rectification as a problem raised by the superior."""
    meeting = item.meeting
    require(actor, "meetings.critique", meeting.hosting_organization)
    problems = [p.strip() for p in problems if p and p.strip()]
    if len(problems) < meeting.min_key_problems:
        raise ValidationError(
            f"点评应至少指出 {meeting.min_key_problems} 个关键问题，目前只有 {len(problems)} 个。"
        )
    if Critique.objects.filter(agenda_item=item).exists():
        raise ValidationError("该述职人已有点评。")
    critique = Critique.objects.create(
        agenda_item=item, critic=actor, summary=summary.strip(), problems=problems
    )
    reporter = item.reporter
    problems_raised.publish(
        ProblemsRaised.numbered(
            problems,
            organization_id=reporter.organization_id,
            source=ProblemSource.SUPERIOR,
            year=meeting.round.year,
            round_id=meeting.round_id,
            raised_by_id=actor.pk,
            reference=f"critique:{critique.pk}",
        )
    )
    record(
        actor=actor,
        action="meetings.critique.record",
        target=critique,
        organization=reporter.organization,
        after={"reporter": reporter.pk, "problems": problems, "summary": critique.summary},
    )
    return critique


@transaction.atomic
def add_comment(*, actor: User, item: AgendaItem, text: str) -> CritiqueComment:
    """Another leader's comment on a reporter."""
    require(actor, "meetings.comment", item.meeting.hosting_organization)
    if not text.strip():
        raise ValidationError("请填写点评意见。")
    comment = CritiqueComment.objects.create(agenda_item=item, author=actor, text=text.strip())
    record(
        actor=actor,
        action="meetings.comment.add",
        target=comment,
        organization=item.reporter.organization,
        after={"text": comment.text},
    )
    return comment

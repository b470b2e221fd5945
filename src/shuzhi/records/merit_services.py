"""Red and black files (红黑档案): the points table, submissions by units, the monthly joint
meeting's decisions, the bulletin, and changes after publication (with a reason). Audited."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from shuzhi.accounts.access import has_permission, require
from shuzhi.accounts.models import User
from shuzhi.audit.services import changed, record, snapshot
from shuzhi.core.workbook import formula_like_error
from shuzhi.orgs.models import Organization, Person
from shuzhi.orgs.tree import is_within
from shuzhi.records import rules
from shuzhi.records.models import JointMeeting, MeritRecord, MeritRule
from shuzhi.records.rules import MeritStatus
from shuzhi.records.services import keep_evidence

RULE_FIELDS = ["color", "title", "points", "is_active"]
MERIT_FIELDS = ("color", "points", "occurred_on", "facts", "status", "meeting", "decision_note")


@transaction.atomic
def set_rule(
    *,
    actor: User,
    organization: Organization,
    code: str,
    color: str,
    title: str,
    points: Decimal,
    is_active: bool = True,
) -> MeritRule:
    """Add or change a row of the organisation's points table (a setting); a rule in use is
    retired (``is_active`` false) rather than deleted."""
    require(actor, "records.manage", organization)
    code, title = code.strip(), title.strip()
    if not code or not title:
        raise ValidationError("请填写编号和事项。")
    if problem := formula_like_error(title, "事项"):
        raise ValidationError(problem)
    if color not in rules.MeritColor.values:
        raise ValidationError(f"类别「{color}」无效。")
    points = rules.signed_points(color, points)
    if points == 0:
        raise ValidationError("分值不能为 0。")
    existing = MeritRule.objects.filter(organization=organization, code=code).first()
    before = snapshot(existing, RULE_FIELDS) if existing else None
    rule, _ = MeritRule.objects.update_or_create(
        organization=organization,
        code=code,
        defaults={"color": color, "title": title, "points": points, "is_active": is_active},
    )
    record(
        actor=actor,
        action="records.rule.set",
        target=rule,
        organization=organization,
        before=before,
        after=snapshot(rule, RULE_FIELDS),
    )
    return rule


@transaction.atomic
def submit_merit(
    *,
    actor: User,
    submitting_unit: Organization,
    organization: Organization,
    rule: MeritRule,
    occurred_on: date,
    facts: str,
    person: Person | None = None,
    evidence: UploadedFile | None = None,
) -> MeritRecord:
    """A unit submits a commendation or criticism under a rule of the points table; the joint
    meeting of the table's organisation decides it."""
    require(actor, "records.submit", submitting_unit)
    if not rule.is_active:
        raise ValidationError(f"积分标准「{rule.code}」已停用。")
    if not is_within(organization.path, rule.organization.path):
        raise ValidationError(f"「{organization.name}」不在「{rule.organization.name}」的范围内。")
    if not facts.strip():
        raise ValidationError("请填写事实。")
    if occurred_on > timezone.localdate():
        raise ValidationError("不能登记今后的日期。")
    merit = MeritRecord(
        hearing_organization=rule.organization,
        submitting_unit=submitting_unit,
        organization=organization,
        person=person,
        rule=rule,
        color=rule.color,
        points=rule.points,
        occurred_on=occurred_on,
        facts=facts.strip(),
        submitted_by=actor,
    )
    keep_evidence(merit, evidence)
    merit.save()
    record(
        actor=actor,
        action="records.merit.submit",
        target=merit,
        organization=organization,
        after={**snapshot(merit, MERIT_FIELDS), "rule": rule.code, "unit": submitting_unit.code},
    )
    return merit


@transaction.atomic
def hold_joint_meeting(
    *,
    actor: User,
    organization: Organization,
    month: date,
    held_on: date,
    approvers: Sequence[User],
) -> JointMeeting:
    """Open the month's joint meeting; its approvers hold the approving role there."""
    require(actor, "records.approve", organization)
    if not approvers:
        raise ValidationError("请至少指定一名审议人。")
    outside = [
        u.get_username()
        for u in approvers
        if not has_permission(u, "records.approve", organization)
    ]
    if outside:
        raise ValidationError(f"{'、'.join(outside)} 不是本组织红黑档案的审议人。")
    month = rules.first_of_month(month)
    if JointMeeting.objects.filter(organization=organization, month=month).exists():
        raise ValidationError(f"{month:%Y年%m月}的联席会议已经登记。")
    meeting = JointMeeting.objects.create(
        organization=organization, month=month, held_on=held_on, recorded_by=actor
    )
    meeting.approvers.set(approvers)
    record(
        actor=actor,
        action="records.meeting.hold",
        target=meeting,
        organization=organization,
        after={
            "month": f"{month:%Y-%m}",
            "held_on": held_on.isoformat(),
            "approvers": sorted(u.get_username() for u in approvers),
        },
    )
    return meeting


def _require_approver(actor: User, meeting: JointMeeting) -> None:
    require(actor, "records.approve", meeting.organization)
    if not actor.is_superuser and not meeting.approvers.filter(pk=actor.pk).exists():
        raise PermissionDenied("records.approve")


@transaction.atomic
def decide_merit(
    *, actor: User, meeting: JointMeeting, merit: MeritRecord, approve: bool, note: str = ""
) -> MeritRecord:
    """The joint meeting approves or rejects a submission (decision, date, approvers kept)."""
    _require_approver(actor, meeting)
    merit = MeritRecord.objects.select_for_update().get(pk=merit.pk)
    if merit.hearing_organization_id != meeting.organization_id:
        raise ValidationError("该报送不属于本联席会议审议。")
    if meeting.published_at is not None:
        raise ValidationError("本月通报已经发布，审议结果不能再改。")
    if merit.status != MeritStatus.SUBMITTED and merit.meeting_id != meeting.pk:
        raise ValidationError("该报送已由其他月份的联席会议审议。")
    if not approve and not note.strip():
        raise ValidationError("不予通过须写明理由。")
    before = snapshot(merit, MERIT_FIELDS)
    merit.status = MeritStatus.APPROVED if approve else MeritStatus.REJECTED
    merit.meeting = meeting
    merit.decision_note = note.strip()
    merit.save(update_fields=["status", "meeting", "decision_note"])
    record(
        actor=actor,
        action="records.merit.approve" if approve else "records.merit.reject",
        target=merit,
        organization=merit.organization,
        before=before,
        after=changed(before, snapshot(merit, MERIT_FIELDS)),
    )
    return merit


@transaction.atomic
def publish_bulletin(*, actor: User, meeting: JointMeeting) -> JointMeeting:
    """Publish the month's bulletin (通报): the meeting's approved entries, frozen."""
    _require_approver(actor, meeting)
    if meeting.published_at is not None:
        raise ValidationError("本月通报已经发布。")
    meeting.published_at = timezone.now()
    meeting.published_by = actor
    meeting.save(update_fields=["published_at", "published_by"])
    approved = list(
        meeting.decisions.filter(status=MeritStatus.APPROVED).values_list("pk", flat=True)
    )
    record(
        actor=actor,
        action="records.bulletin.publish",
        target=meeting,
        organization=meeting.organization,
        after={"month": f"{meeting.month:%Y-%m}", "entries": approved},
    )
    return meeting


@transaction.atomic
def change_merit(
    *, actor: User, merit: MeritRecord, reason: str, points: Decimal | None = None, facts: str = ""
) -> MeritRecord:
    """Correct an entry; after its bulletin is published only with a reason (audited)."""
    require(actor, "records.approve", merit.hearing_organization)
    merit = (
        MeritRecord.objects.select_for_update(of=("self",))
        .select_related("meeting")
        .get(pk=merit.pk)
    )
    published = merit.meeting is not None and merit.meeting.published_at is not None
    if published and not reason.strip():
        raise ValidationError("通报发布后修改必须填写理由。")
    before = snapshot(merit, MERIT_FIELDS)
    if points is not None:
        merit.points = rules.signed_points(merit.color, points)
        if merit.points == 0:
            raise ValidationError("分值不能为 0。")
    if facts.strip():
        merit.facts = facts.strip()
    merit.save(update_fields=["points", "facts"])
    record(
        actor=actor,
        action="records.merit.change",
        target=merit,
        organization=merit.organization,
        before=before,
        after=changed(before, snapshot(merit, MERIT_FIELDS)),
        reason=reason.strip(),
    )
    return merit

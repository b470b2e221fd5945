"""Every change to inspection groups, visits and findings: one function per user action."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from shuzhi.accounts.access import has_permission, require
from shuzhi.accounts.models import User
from shuzhi.audit.services import record
from shuzhi.core.evidence import HEAD_BYTES, VISIT_EVIDENCE_TYPES, EvidenceRefused, evidence_kind
from shuzhi.core.vocabulary.sources import ProblemSource
from shuzhi.factfinding import rules
from shuzhi.factfinding.models import (
    Finding,
    GroupMember,
    GroupUnit,
    InspectionGroup,
    Opinion,
    Rating,
    Visit,
    VisitEvidence,
)
from shuzhi.factfinding.publishing import raise_findings, withdraw_finding
from shuzhi.factfinding.rules import AckAction, Acknowledgement, AuditState, VisitKind, VisitMethod
from shuzhi.orgs.models import Organization, Representative
from shuzhi.orgs.queries import subtree_filter
from shuzhi.orgs.tree import is_within
from shuzhi.rounds.models import Round


def within_round(round: Round, organization: Organization) -> None:
    if not is_within(organization.path, round.hearing_organization.path):
        raise ValidationError(f"「{organization.name}」不在本轮述职评议的范围内。")


def _methods(methods: Sequence[str]) -> list[str]:
    unknown = [m for m in methods if m not in VisitMethod.values]
    if unknown:
        raise ValidationError(f"未知的视察方式：{'、'.join(unknown)}")
    return [m.value for m in VisitMethod if m.value in methods]


@transaction.atomic
def form_groups(
    *, actor: User, round: Round, group_count: int, limit: int | None = None
) -> list[InspectionGroup]:
    """Deal the hearing body's representative pools (not yet in a group of this round) into
    ``group_count`` new groups, mixing every category into each (000: 60 人分 5 组)."""
    require(actor, "factfinding.plan", round.hearing_organization)
    if group_count < 1:
        raise ValidationError("视察组数量至少为 1。")
    taken = GroupMember.objects.filter(round=round).values("representative_id")
    pool = list(
        Representative.objects.filter(
            subtree_filter(round.hearing_organization.path, "organization__path"), is_active=True
        )
        .exclude(pk__in=taken)
        .order_by("pk")
        .values_list("pk", "category")[: limit or None]
    )
    if len(pool) < group_count:
        raise ValidationError(f"代表库中可用人员只有 {len(pool)} 人，不足 {group_count} 个组。")
    first = InspectionGroup.objects.filter(round=round).count() + 1
    groups = []
    for offset, member_ids in enumerate(rules.deal_members(pool, group_count)):
        group = InspectionGroup.objects.create(round=round, name=f"第{first + offset}视察组")
        GroupMember.objects.bulk_create(
            GroupMember(group=group, round=round, representative_id=pk, is_leader=(n == 0))
            for n, pk in enumerate(member_ids)
        )
        groups.append(group)
    record(
        actor=actor,
        action="factfinding.groups.form",
        target=round,
        organization=round.hearing_organization,
        after={"groups": [g.name for g in groups], "members": len(pool)},
    )
    return groups


@transaction.atomic
def assign_unit(
    *,
    actor: User,
    group: InspectionGroup,
    organization: Organization,
    planned_on: date | None = None,
    methods: Sequence[str] = (),
) -> GroupUnit:
    """Add a unit to a group's visit plan (or change its date and methods)."""
    round = group.round
    require(actor, "factfinding.plan", round.hearing_organization)
    within_round(round, organization)
    unit, _ = GroupUnit.objects.update_or_create(
        group=group,
        organization=organization,
        defaults={"planned_on": planned_on, "methods": _methods(methods)},
    )
    record(
        actor=actor,
        action="factfinding.plan.assign",
        target=group,
        organization=organization,
        after={
            "unit": organization.code,
            "planned_on": str(planned_on or ""),
            "methods": unit.methods,
        },
    )
    return unit


def is_member(user: User, group: InspectionGroup) -> bool:
    """Whether the user is (as a person) a member of the group."""
    return (
        user.person_id is not None
        and group.members.filter(representative__person_id=user.person_id).exists()
    )


def _may_record(
    actor: User, visit_kind: str, organization: Organization, group: InspectionGroup | None
) -> None:
    require(actor, "factfinding.record", organization)
    # Inspectors record only in the groups they belong to (issue 11, access).
    if visit_kind == VisitKind.INSPECTION and (group is None or not is_member(actor, group)):
        raise PermissionDenied("只有本视察组成员可以记录视察情况。")


@transaction.atomic
def record_visit(
    *,
    actor: User,
    round: Round,
    organization: Organization,
    kind: str,
    visited_on: date,
    group: InspectionGroup | None = None,
    methods: Sequence[str] = (),
    notes: str = "",
) -> Visit:
    """Record a visit: an inspection of a unit the group is assigned, a survey or an
    unannounced visit."""
    kind = VisitKind(kind)
    _may_record(actor, kind, organization, group)
    within_round(round, organization)
    if kind == VisitKind.INSPECTION:
        assert group is not None
        if not group.units.filter(organization=organization).exists():
            raise ValidationError(f"「{organization.name}」不在{group.name}的视察计划中。")
    else:
        group = None
    visit = Visit.objects.create(
        round=round,
        kind=kind,
        organization=organization,
        group=group,
        visited_on=visited_on,
        methods=_methods(methods),
        notes=notes.strip(),
        recorded_by=actor,
    )
    record(
        actor=actor,
        action="factfinding.visit.record",
        target=visit,
        organization=organization,
        after={"kind": kind.value, "visited_on": str(visited_on)},
    )
    return visit


SOURCE_OF_VISIT = {
    VisitKind.INSPECTION: ProblemSource.INSPECTION,
    VisitKind.SURVEY: ProblemSource.UNANNOUNCED_VISIT,
    VisitKind.UNANNOUNCED: ProblemSource.UNANNOUNCED_VISIT,
}


def clean_finding(responsibility: str, text: str) -> tuple[str, str]:
    responsibility, text = responsibility.strip(), text.strip()
    if not responsibility:
        raise ValidationError("请写明问题对应的责任事项（不能只写笼统现象）。")
    if not text:
        raise ValidationError("请写明发现的问题。")
    return responsibility, text


def create_finding(actor: User, finding: Finding, responsibility: str, text: str) -> Finding:
    """Save a new finding (where it came from already set) with its cleaned text, audited."""
    finding.responsibility, finding.text = clean_finding(responsibility, text)
    finding.recorded_by = actor
    finding.save()
    record(
        actor=actor,
        action="factfinding.finding.record",
        target=finding,
        organization=finding.organization,
        after={
            "source": finding.source,
            "sampled": finding.sampled.code if finding.sampled else "",
            "responsibility": finding.responsibility,
            "text": finding.text,
        },
    )
    return finding


@transaction.atomic
def record_finding(*, actor: User, visit: Visit, responsibility: str, text: str) -> Finding:
    """Record one itemised problem found on a visit. An inspection's goes on the unit's
    problem list at once; a survey's or unannounced visit's once it is 认账 (003)."""
    _may_record(actor, visit.kind, visit.organization, visit.group)
    finding = create_finding(
        actor,
        Finding(
            round=visit.round,
            organization=visit.organization,
            source=SOURCE_OF_VISIT[VisitKind(visit.kind)],
            visit=visit,
        ),
        responsibility,
        text,
    )
    if visit.kind == VisitKind.INSPECTION:
        raise_findings([finding])
    return finding


@transaction.atomic
def edit_finding(
    *, actor: User, finding: Finding, responsibility: str, text: str, reason: str = ""
) -> Finding:
    """Correct a finding before the unit has answered it. One already on the problem list (an
    inspection's) is replaced there: the old text is withdrawn with the reason and the
    corrected one raised as the finding's next revision."""
    may_edit_finding(actor, finding, refuse=True)
    if finding.acknowledgement != Acknowledgement.PENDING:
        raise ValidationError("单位已答复（认账或提出异议），问题不能再修改。")
    if finding.audit_id is not None and finding.raised:
        raise ValidationError("审计报告已出具，问题不能再修改。")
    before = {"responsibility": finding.responsibility, "text": finding.text}
    finding.responsibility, finding.text = clean_finding(responsibility, text)
    if before == {"responsibility": finding.responsibility, "text": finding.text}:
        raise ValidationError("内容没有变化。")
    fields = ["responsibility", "text"]
    was_raised = finding.raised
    if was_raised:
        correction = f"问题记录已更正：{reason.strip()}" if reason.strip() else "问题记录已更正"
        withdraw_finding(finding, actor=actor, reason=correction)
        finding.raised, finding.revision = False, finding.revision + 1
        fields += ["raised", "revision"]
    finding.save(update_fields=fields)
    record(
        actor=actor,
        action="factfinding.finding.edit",
        target=finding,
        organization=finding.organization,
        before=before,
        after={"responsibility": finding.responsibility, "text": finding.text},
        reason=reason.strip(),
    )
    if was_raised:
        raise_findings([finding])
    return finding


def may_edit_finding(actor: User, finding: Finding, *, refuse: bool = False) -> bool:
    """Who corrects a finding: the auditors an audit's, the recorders of its visit (for an
    inspection, members of the group only) the others'."""
    try:
        if finding.audit_id is not None:
            require(actor, "factfinding.audit", finding.round.hearing_organization)
        else:
            assert finding.visit is not None
            _may_record(actor, finding.visit.kind, finding.organization, finding.visit.group)
    except PermissionDenied:
        if refuse:
            raise
        return False
    return True


@transaction.atomic
def add_opinion(*, actor: User, visit: Visit, text: str) -> Opinion:
    """Record an evaluation opinion (评价意见) on the visited unit."""
    _may_record(actor, visit.kind, visit.organization, visit.group)
    if not text.strip():
        raise ValidationError("意见不能为空。")
    opinion = Opinion.objects.create(visit=visit, text=text.strip(), author=actor)
    record(
        actor=actor,
        action="factfinding.opinion.add",
        target=visit,
        organization=visit.organization,
        after={"opinion": opinion.text},
    )
    return opinion


@transaction.atomic
def rate(*, actor: User, visit: Visit, score: Decimal) -> Rating:
    """The member's own 百分测评 of the unit (one per member per visit; changeable, audited)."""
    if visit.kind != VisitKind.INSPECTION:
        raise ValidationError("百分测评只在视察中进行。")
    _may_record(actor, visit.kind, visit.organization, visit.group)
    if not Decimal(0) <= score <= Decimal(100):
        raise ValidationError("测评分须在 0 到 100 之间。")
    existing = Rating.objects.filter(visit=visit, rater=actor).first()
    rating, _ = Rating.objects.update_or_create(visit=visit, rater=actor, defaults={"score": score})
    record(
        actor=actor,
        action="factfinding.rating.record",
        target=visit,
        organization=visit.organization,
        before={"score": str(existing.score)} if existing else None,
        after={"score": str(score)},
    )
    return rating


@transaction.atomic
def attach_evidence(*, actor: User, visit: Visit, upload: UploadedFile) -> VisitEvidence:
    """Keep a photo, video or document from the visit, checked by the shared evidence rules."""
    _may_record(actor, visit.kind, visit.organization, visit.group)
    name = (upload.name or "").rsplit("/", 1)[-1]
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    try:
        kind = evidence_kind(name, upload.size or 0, head, types=VISIT_EVIDENCE_TYPES)
    except EvidenceRefused as refused:
        raise ValidationError(str(refused)) from refused
    evidence = VisitEvidence(
        visit=visit, original_name=name[:200], kind=kind, size=upload.size or 0, uploaded_by=actor
    )
    evidence.file.save(name, upload, save=False)
    evidence.save()
    record(
        actor=actor,
        action="factfinding.evidence.add",
        target=visit,
        organization=visit.organization,
        after={"file": evidence.original_name, "kind": kind, "size": evidence.size},
    )
    return evidence


def _visible_to_unit(finding: Finding) -> bool:
    return finding.audit is None or finding.audit.state in (AuditState.ISSUED, AuditState.RECTIFIED)


@transaction.atomic
def answer_finding(*, actor: User, finding: Finding, action: str, reason: str = "") -> Finding:
    """The unit's secretary 认账: accepts the finding, or disputes it with a reason."""
    require(actor, "factfinding.acknowledge", finding.organization)
    if not _visible_to_unit(finding):
        raise PermissionDenied("审计报告出具前不能认账。")
    if action not in (AckAction.ACCEPT, AckAction.DISPUTE):
        raise ValidationError("只能认账或提出异议。")
    if action == AckAction.DISPUTE and not reason.strip():
        raise ValidationError("提出异议须写明理由。")
    return _move(actor, finding, action, reason, "dispute_reason")


@transaction.atomic
def rule_on_dispute(*, actor: User, finding: Finding, uphold: bool, reason: str) -> Finding:
    """The superior rules on a disputed finding: upheld withdraws it, rejected makes it stand."""
    parent = finding.organization.parent
    if parent is None or not has_permission(actor, "factfinding.rule", parent):
        raise PermissionDenied("只有上级组织可以裁定异议。")
    if not reason.strip():
        raise ValidationError("裁定须写明理由。")
    action = AckAction.UPHOLD_DISPUTE if uphold else AckAction.REJECT_DISPUTE
    return _move(actor, finding, action, reason, "ruling_reason")


def _move(actor: User, finding: Finding, action: str, reason: str, reason_field: str) -> Finding:
    before = finding.acknowledgement
    try:
        finding.acknowledgement = rules.acknowledge(before, action)
    except rules.RefusedMove as refused:
        raise ValidationError(str(refused)) from refused
    setattr(finding, reason_field, reason.strip())
    finding.save(update_fields=["acknowledgement", reason_field])
    record(
        actor=actor,
        action=f"factfinding.finding.{action}",
        target=finding,
        organization=finding.organization,
        before={"acknowledgement": before},
        after={"acknowledgement": finding.acknowledgement},
        reason=reason.strip(),
    )
    if finding.acknowledgement in rules.STANDING:
        raise_findings([finding])
    elif finding.acknowledgement == Acknowledgement.DISPUTE_UPHELD:
        # Already on the list (an inspection's, an issued audit's): off it again, with why.
        withdraw_finding(finding, actor=actor, reason=f"异议成立：{reason.strip()}")
    return finding

"""Every change to problems, ledger items, report deadlines and interviews; each audited."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from shuzhi.accounts.access import has_permission, require
from shuzhi.accounts.models import User
from shuzhi.audit.services import build, record, record_many
from shuzhi.core.events import RaisedProblem
from shuzhi.core.validators import guard_upload
from shuzhi.core.vocabulary.sources import ProblemSource
from shuzhi.core.workbook import formula_like_error
from shuzhi.orgs.choices import PostRole
from shuzhi.orgs.models import Organization, Person, Post
from shuzhi.rectification import rules
from shuzhi.rectification.models import (
    Evidence,
    Milestone,
    Problem,
    RectificationItem,
    finished_condition,
    text_digest,
)
from shuzhi.rectification.rules import Status

MANUAL_SOURCES = (ProblemSource.INSPECTION, ProblemSource.AUDIT, ProblemSource.UNANNOUNCED_VISIT)


# --- Problems ------------------------------------------------------------------------------


@transaction.atomic
def intake_problems(problems: Iterable[RaisedProblem]) -> list[Problem]:
    """Add raised problems to their organisations' lists; a (reference, text) already held is skipped.

    Called by the ``problems_raised`` receiver inside the sender's transaction, so a sender
    may send the same list again (a critique edited and re-saved) without duplicates.
    """
    created = []
    for raised in problems:
        text = raised.text.strip()
        if not text:
            continue
        problem, was_created = Problem.objects.get_or_create(
            organization_id=raised.organization_id,
            reference=raised.reference[:100],
            text_digest=text_digest(text),
            defaults={
                "text": text,
                "source": raised.source,
                "year": raised.year,
                "round_id": raised.round_id,
                "raised_by_id": raised.raised_by_id,
            },
        )
        if was_created:
            created.append(problem)
    places = Organization.objects.only("path").in_bulk({x.organization_id for x in created})
    record_many(
        [
            build(
                actor="系统",
                action="rectification.problem.intake",
                target=p,
                organization=places[p.organization_id],
                after={"source": p.source, "year": p.year, "reference": p.reference},
            )
            for p in created
        ]
    )
    return created


@transaction.atomic
def withdraw_problems(
    *, organization_id: int, reference: str, reason: str, actor_id: int | None
) -> list[Problem]:
    """Take the problems raised under ``reference`` off the list, keeping the rows.

    Called by the ``finding_withdrawn`` receiver inside the sender's transaction. Each problem
    records when and why; its open ledger item becomes 已撤销 (a closed one stays closed: the
    work was done); problems merged into it return to the list in their own right, since their
    sources still stand. Sent again, it changes nothing.
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError("撤销问题须写明理由")
    actor: User | str = User.objects.get(pk=actor_id) if actor_id is not None else "系统"
    problems = list(
        Problem.objects.select_for_update()
        .filter(
            organization_id=organization_id,
            reference__startswith=f"{reference}:",
            withdrawn_at__isnull=True,
        )
        .select_related("organization")
        .order_by("pk")
    )
    now = timezone.now()
    for problem in problems:
        problem.withdrawn_at, problem.withdrawal_reason = now, reason
        problem.save(update_fields=["withdrawn_at", "withdrawal_reason"])
        after: dict[str, Any] = {"withdrawn": True, "reference": problem.reference}
        item = RectificationItem.objects.filter(problem=problem).first()
        if item is not None and item.status not in rules.FINISHED_STATUSES:
            after["item"] = {"id": item.pk, "from": item.status, "to": Status.WITHDRAWN.value}
            item.status = Status.WITHDRAWN.value
            item.save(update_fields=["status"])
        restored = list(problem.merged.values_list("pk", flat=True))
        if restored:
            problem.merged.update(merged_into=None)
            after["restored"] = restored
        record(
            actor=actor,
            action="rectification.problem.withdraw",
            target=problem,
            organization=problem.organization,
            before={"withdrawn": False},
            after=after,
            reason=reason,
        )
    return problems


@transaction.atomic
def add_problem(
    *,
    actor: User,
    organization: Organization,
    source: str,
    text: str,
    year: int,
    reference: str = "",
) -> Problem:
    """Enter a problem found by an inspection, an audit or an unannounced visit by hand."""
    require(actor, "rectification.manage", organization)
    if source not in MANUAL_SOURCES:
        raise ValidationError(
            f"手工录入的问题来源只能是{'、'.join(s.label for s in MANUAL_SOURCES)}"
        )
    if not text.strip():
        raise ValidationError("请填写问题内容")
    if refusal := formula_like_error(text, "问题内容"):
        raise ValidationError(refusal)
    reference = reference.strip() or f"manual:{timezone.now():%Y%m%d%H%M%S%f}"
    if Problem.objects.filter(
        organization=organization, reference=reference, text_digest=text_digest(text.strip())
    ).exists():
        raise ValidationError("该问题已在问题清单中")
    problem = Problem.objects.create(
        organization=organization,
        source=source,
        text=text.strip(),
        year=year,
        raised_by=actor,
        reference=reference,
    )
    record(
        actor=actor,
        action="rectification.problem.add",
        target=problem,
        organization=organization,
        after={"source": source, "year": year, "reference": reference},
    )
    return problem


@transaction.atomic
def merge_problems(*, actor: User, keep: Problem, duplicate: Problem, reason: str = "") -> Problem:
    """Fold ``duplicate`` into ``keep``; both rows and their sources stay on record."""
    require(actor, "rectification.manage", keep.organization)
    if keep.pk == duplicate.pk:
        raise ValidationError("不能把问题合并到它自身")
    if keep.organization_id != duplicate.organization_id:
        raise ValidationError("只能合并同一组织问题清单中的问题")
    if not keep.is_active or not duplicate.is_active:
        raise ValidationError("该问题已被合并或已撤销")
    if RectificationItem.objects.filter(problem=duplicate).exists():
        raise ValidationError("被合并的问题已立整改事项，请合并到它而不是反过来")
    Problem.objects.filter(merged_into=duplicate).update(merged_into=keep)
    duplicate.merged_into = keep
    duplicate.save(update_fields=["merged_into"])
    record(
        actor=actor,
        action="rectification.problem.merge",
        target=duplicate,
        organization=keep.organization,
        before={"merged_into": None},
        after={"merged_into": keep.pk, "source": duplicate.source},
        reason=reason,
    )
    return keep


@transaction.atomic
def escalate_problem(*, actor: User, problem: Problem, reason: str) -> Problem:
    """Hand a problem rooted above to the parent organisation (上挖根源、顶层施策), keeping the link."""
    organization = problem.organization
    require(actor, "rectification.manage", organization)
    parent = organization.parent
    if parent is None:
        raise ValidationError("顶级组织的问题无法再上移")
    if problem.escalated_to_id is not None:
        raise ValidationError("该问题已上移")
    if problem.withdrawn_at is not None:
        raise ValidationError("该问题已撤销，不能上移")
    if not reason.strip():
        raise ValidationError("请说明上移的理由")
    upper, _ = Problem.objects.get_or_create(
        organization=parent,
        reference=f"escalated:{problem.pk}",
        text_digest=problem.text_digest,
        defaults={
            "text": problem.text,
            "source": problem.source,
            "year": problem.year,
            "round_id": problem.round_id,
            "raised_by": actor,
        },
    )
    problem.escalated_to = upper
    problem.save(update_fields=["escalated_to"])
    record(
        actor=actor,
        action="rectification.problem.escalate",
        target=problem,
        organization=organization,
        after={"escalated_to": upper.pk, "organization": parent.code},
        reason=reason,
    )
    return upper


# --- Ledger items --------------------------------------------------------------------------


def responsible_people(organization: Organization) -> tuple[Person | None, Person | None]:
    """The current first responsible (secretary) and direct responsible (deputy) from posts."""
    holders = {
        post.role: post.person
        for post in Post.objects.current()
        .filter(organization=organization)
        .select_related("person")
    }
    direct = holders.get(PostRole.DEPUTY_SECRETARY) or holders.get(PostRole.ORGANISER)
    return holders.get(PostRole.SECRETARY), direct


@transaction.atomic
def create_item(
    *,
    actor: User,
    problem: Problem,
    measures: str,
    deadline: date,
    first_responsible: Person | None = None,
    direct_responsible: Person | None = None,
    milestones: Iterable[tuple[str, date]] = (),
) -> RectificationItem:
    """Open a ledger item for a problem: the task sheet, the people and the timetable."""
    organization = problem.organization
    require(actor, "rectification.manage", organization)
    if problem.withdrawn_at is not None:
        raise ValidationError("该问题已撤销，不能立项")
    if not problem.is_active:
        raise ValidationError("该问题已被合并，请在合并后的问题上立项")
    if RectificationItem.objects.filter(problem=problem).exists():
        raise ValidationError("该问题已有整改事项")
    if not measures.strip():
        raise ValidationError("请填写整改措施")
    secretary, deputy = responsible_people(organization)
    first = first_responsible or secretary
    if first is None:
        raise ValidationError("该组织没有现任书记，请指定第一责任人")
    item = RectificationItem.objects.create(
        problem=problem,
        organization=organization,
        first_responsible=first,
        direct_responsible=direct_responsible or deputy,
        measures=measures.strip(),
        deadline=deadline,
        created_by=actor,
    )
    for title, due in milestones:
        Milestone.objects.create(item=item, title=title, due_date=due)
    record(
        actor=actor,
        action="rectification.item.create",
        target=item,
        organization=organization,
        after={"problem": problem.pk, "deadline": deadline.isoformat(), "status": item.status},
    )
    return item


def sides_of(user: Any, item: RectificationItem) -> frozenset[rules.Side]:
    """In which capacities ``user`` may act on ``item``.

    The superior holds sign-off over the PARENT organisation's scope; someone personally
    responsible for the item, or who submitted it, is never its superior (no self sign-off).
    """
    organization = item.organization
    person_id = getattr(user, "person_id", None)
    responsible = person_id is not None and person_id in (
        item.first_responsible_id,
        item.direct_responsible_id,
    )
    sides = set()
    if responsible or has_permission(user, "rectification.manage", organization):
        sides.add(rules.Side.OWNER)
    parent = organization.parent
    if (
        not responsible
        and parent is not None
        and item.submitted_by_id != getattr(user, "pk", None)
        and has_permission(user, "rectification.sign_off", parent)
    ):
        sides.add(rules.Side.SUPERIOR)
    return frozenset(sides)


@transaction.atomic
def transition(
    *,
    actor: User,
    item: RectificationItem,
    action: rules.Action,
    reason: str = "",
    progress: str = "",
) -> RectificationItem:
    """Move an item along the status flow; returning and signing off need a reason."""
    item = (
        RectificationItem.objects.select_for_update().select_related("organization").get(pk=item.pk)
    )
    sides = sides_of(actor, item)
    if not sides:
        raise PermissionDenied("rectification")
    before = {"status": item.status}
    try:
        target = rules.next_status(rules.Status(item.status), action, sides)
    except rules.TransitionRefused as refused:
        raise ValidationError(str(refused)) from None
    if action in (rules.Action.RETURN, rules.Action.CLOSE) and not reason.strip():
        raise ValidationError("退回或销号必须填写理由")
    if action is rules.Action.SUBMIT and not item.evidence.exists():
        raise ValidationError("提交销号前请上传整改佐证材料")
    if progress.strip():
        item.progress = progress.strip()
    if action is rules.Action.SUBMIT:
        item.submitted_by = actor
        item.submitted_at = timezone.now()
        item.return_reason = ""
    elif action is rules.Action.RETURN:
        item.return_reason = reason.strip()
    elif action is rules.Action.CLOSE:
        item.closed_by = actor
        item.closed_on = timezone.localdate()
        item.close_reason = reason.strip()
    item.status = target.value
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError:
        raise ValidationError("提交人不能为本事项销号") from None
    record(
        actor=actor,
        action=f"rectification.item.{action.value}",
        target=item,
        organization=item.organization,
        before=before,
        after={"status": item.status},
        reason=reason.strip(),
    )
    return item


@transaction.atomic
def add_milestone(*, actor: User, item: RectificationItem, title: str, due_date: date) -> Milestone:
    """Add a dated step to the item's roadmap."""
    _require_owner(actor, item)
    if not title.strip():
        raise ValidationError("请填写节点内容")
    milestone = Milestone.objects.create(item=item, title=title.strip(), due_date=due_date)
    record(
        actor=actor,
        action="rectification.milestone.add",
        target=item,
        organization=item.organization,
        after={"milestone": milestone.title, "due_date": due_date.isoformat()},
    )
    return milestone


@transaction.atomic
def complete_milestone(*, actor: User, milestone: Milestone, done_on: date) -> Milestone:
    _require_owner(actor, milestone.item)
    milestone.done_on = done_on
    milestone.save(update_fields=["done_on"])
    record(
        actor=actor,
        action="rectification.milestone.done",
        target=milestone.item,
        organization=milestone.item.organization,
        after={"milestone": milestone.title, "done_on": done_on.isoformat()},
    )
    return milestone


@transaction.atomic
def attach_evidence(
    *, actor: User, item: RectificationItem, upload: UploadedFile, note: str = ""
) -> Evidence:
    """Keep a checked file or photo as evidence (type and size checked before storing)."""
    _require_owner(actor, item)
    guard_upload(upload)  # the service, not only the form: the API and jobs call it too
    name = upload.name or "file"
    head = upload.read(16)
    upload.seek(0)
    try:
        kind = rules.evidence_kind(name, upload.size or 0, head)
    except rules.EvidenceRefused as refused:
        raise ValidationError(str(refused)) from None
    evidence = Evidence(
        item=item,
        original_name=name[:200],
        kind=kind,
        size=upload.size or 0,
        note=note[:200],
        uploaded_by=actor,
    )
    evidence.file.save(name, upload, save=False)
    evidence.save()
    record(
        actor=actor,
        action="rectification.evidence.add",
        target=item,
        organization=item.organization,
        after={"file": evidence.original_name, "kind": kind, "size": evidence.size},
    )
    return evidence


def _require_owner(actor: User, item: RectificationItem) -> None:
    if rules.Side.OWNER not in sides_of(actor, item):
        raise PermissionDenied("rectification.manage")
    # Read the status afresh: the caller's copy may predate a sign-off or a withdrawal.
    if RectificationItem.objects.filter(finished_condition(), pk=item.pk).exists():
        raise ValidationError("已销号或已撤销的事项不能再修改")

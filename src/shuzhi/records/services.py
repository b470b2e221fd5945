"""The work record (纪实): logging, changing with a reason once confirmed, the monthly check by
the level above, and a round's targets and formula. Every change is audited.

Red/black files are in ``merit_services``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone

from shuzhi.accounts.access import grant_scopes, require
from shuzhi.accounts.models import User
from shuzhi.accounts.roles import roles_with
from shuzhi.audit.services import changed, record, snapshot
from shuzhi.core.evidence import EvidenceRefused, evidence_kind
from shuzhi.core.validators import guard_upload
from shuzhi.orgs.choices import PostRole
from shuzhi.orgs.models import Organization, Person, Post
from shuzhi.orgs.tree import is_within
from shuzhi.records import rules
from shuzhi.records.models import RecordsSettings, WorkLog, WorkTarget
from shuzhi.rounds.models import Round

LOG_FIELDS = (
    "kind",
    "occurred_on",
    "days",
    "place",
    "place_organization",
    "participants",
    "text",
)


def can_write_record(user: Any, organization: Organization) -> bool:
    """A secretary writes only their own organisation's record: the grant must be AT the
    organisation (a secretary's grant or an assistant's), not at an ancestor."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    writers = roles_with("records.write")
    return any(
        scope.organization_id == organization.pk and scope.role in writers
        for scope in grant_scopes(user)
    )


def require_writer(user: Any, organization: Organization) -> None:
    require(user, "records.write", organization)
    if not can_write_record(user, organization):
        raise PermissionDenied("records.write")


def secretary_on(organization: Organization, day: date) -> Person | None:
    """Who held the organisation's secretary post on ``day`` (the record is theirs)."""
    post = (
        Post.objects.filter(organization=organization, role=PostRole.SECRETARY, start_date__lte=day)
        .filter(models.Q(end_date__isnull=True) | models.Q(end_date__gte=day))
        .select_related("person")
        .order_by("-start_date")
        .first()
    )
    return post.person if post else None


def keep_evidence(instance: Any, upload: UploadedFile | None) -> None:
    """Check an evidence file with the shared rule (core.evidence) and attach it unsaved."""
    if upload is None:
        return
    guard_upload(upload)  # the service, not only the form: the API and imports call it too
    name = upload.name or "file"
    head = upload.read(16)
    upload.seek(0)
    try:
        evidence_kind(name, upload.size or 0, head)
    except EvidenceRefused as refused:
        raise ValidationError(str(refused)) from None
    instance.evidence.save(name, upload, save=False)
    instance.evidence_name = name[:200]


def _check_log(organization: Organization, values: dict[str, Any]) -> None:
    if not str(values.get("text", "")).strip():
        raise ValidationError("请填写主要内容。")
    if not str(values.get("place", "")).strip():
        raise ValidationError("请填写地点。")
    days = values.get("days") or Decimal(0)
    if not Decimal(0) <= days <= Decimal(31):
        raise ValidationError("天数须在 0 到 31 之间。")
    if values["occurred_on"] > timezone.localdate():
        raise ValidationError("不能登记今后的日期。")
    point = values.get("place_organization")
    if point is not None and not is_within(point.path, organization.path):
        raise ValidationError(f"联系点「{point.name}」不在本组织范围内。")


@transaction.atomic
def log_work(
    *,
    actor: User,
    organization: Organization,
    kind: str,
    occurred_on: date,
    place: str,
    text: str,
    days: Decimal = Decimal(0),
    participants: str = "",
    place_organization: Organization | None = None,
    evidence: UploadedFile | None = None,
) -> WorkLog:
    """Add an entry to the record of the organisation's secretary on that day."""
    require_writer(actor, organization)
    if kind not in rules.WorkKind.values:
        raise ValidationError(f"工作类别「{kind}」无效。")
    values = {
        "kind": kind,
        "occurred_on": occurred_on,
        "days": days,
        "place": place.strip(),
        "place_organization": place_organization,
        "participants": participants.strip(),
        "text": text.strip(),
    }
    _check_log(organization, values)
    person = secretary_on(organization, occurred_on)
    if person is None:
        raise ValidationError(f"{occurred_on:%Y-%m-%d} 该组织没有在任书记，无法登记纪实。")
    log = WorkLog(organization=organization, person=person, created_by=actor, **values)
    keep_evidence(log, evidence)
    log.save()
    record(
        actor=actor,
        action="records.work.log",
        target=log,
        organization=organization,
        after=snapshot(log, LOG_FIELDS),
    )
    return log


@transaction.atomic
def change_work_log(*, actor: User, log: WorkLog, reason: str = "", **values: Any) -> WorkLog:
    """Change an entry; once the level above has confirmed it, only with a recorded reason."""
    require_writer(actor, log.organization)
    log = WorkLog.objects.select_for_update().get(pk=log.pk)
    reason = reason.strip()
    if log.is_confirmed and not reason:
        raise ValidationError("该纪实已经上级确认，修改必须填写理由。")
    unknown = set(values) - set(LOG_FIELDS)
    if unknown:
        raise ValidationError(f"不能修改：{'、'.join(sorted(unknown))}")
    before = snapshot(log, LOG_FIELDS)
    for name, value in values.items():
        setattr(log, name, value.strip() if isinstance(value, str) else value)
    _check_log(log.organization, {name: getattr(log, name) for name in LOG_FIELDS})
    log.save()
    after = snapshot(log, LOG_FIELDS)
    record(
        actor=actor,
        action="records.work.change",
        target=log,
        organization=log.organization,
        before=before,
        after=changed(before, after),
        reason=reason,
    )
    return log


@transaction.atomic
def confirm_month(*, actor: User, organization: Organization, month: date) -> int:
    """The level above confirms an organisation's entries of one month (the monthly check)."""
    if organization.parent is None:
        raise ValidationError("最上级组织的纪实没有上级确认。")
    require(actor, "records.confirm", organization.parent)
    start = rules.first_of_month(month)
    end = date(start.year + start.month // 12, start.month % 12 + 1, 1)
    pending = WorkLog.objects.filter(
        organization=organization,
        occurred_on__gte=start,
        occurred_on__lt=end,
        confirmed_at__isnull=True,
    )
    ids = list(pending.values_list("pk", flat=True))
    if not ids:
        raise ValidationError(f"{start:%Y年%m月}没有待确认的纪实。")
    WorkLog.objects.filter(pk__in=ids).update(confirmed_by=actor, confirmed_at=timezone.now())
    record(
        actor=actor,
        action="records.work.confirm",
        target=organization,
        organization=organization,
        after={"month": f"{start:%Y-%m}", "entries": ids},
    )
    return len(ids)


@transaction.atomic
def set_targets(*, actor: User, round: Round, targets: list[rules.Target]) -> list[WorkTarget]:
    """Replace a round's work-record targets (a round setting)."""
    require(actor, "records.manage", round.hearing_organization)
    kinds = [t.kind for t in targets]
    if len(set(kinds)) != len(kinds):
        raise ValidationError("每类工作只能设一个目标。")
    before = [target_text(t) for t in stored_targets(round)]
    WorkTarget.objects.filter(round=round).delete()
    saved = [
        WorkTarget.objects.create(
            round=round,
            kind=t.kind,
            measure=t.measure,
            minimum=t.minimum,
            days_per_place=t.days_per_place,
        )
        for t in targets
    ]
    record(
        actor=actor,
        action="records.targets.set",
        target=round,
        organization=round.hearing_organization,
        before={"targets": before},
        after={"targets": [target_text(t) for t in targets]},
    )
    return saved


@transaction.atomic
def set_formula(
    *, actor: User, round: Round, base: Decimal, completion_weight: Decimal
) -> RecordsSettings:
    """Set the records-source formula of a round (base + weight × completion + points)."""
    require(actor, "records.manage", round.hearing_organization)
    if base < 0 or completion_weight < 0 or base + completion_weight > 100:
        raise ValidationError("基础分与目标完成率分值均不能为负，合计不超过 100。")
    existing = RecordsSettings.objects.filter(round=round).first()
    before = snapshot(existing, ["base", "completion_weight"]) if existing else None
    saved, _ = RecordsSettings.objects.update_or_create(
        round=round, defaults={"base": base, "completion_weight": completion_weight}
    )
    record(
        actor=actor,
        action="records.formula.set",
        target=round,
        organization=round.hearing_organization,
        before=before,
        after=snapshot(saved, ["base", "completion_weight"]),
    )
    return saved


def stored_targets(round: Round | None) -> list[rules.Target]:
    """A round's targets, or the seeds' defaults when it has set none (003, 001)."""
    if round is None:
        return list(rules.DEFAULT_TARGETS)
    rows = WorkTarget.objects.filter(round=round)
    return [to_target(row) for row in rows] or list(rules.DEFAULT_TARGETS)


def to_target(row: WorkTarget) -> rules.Target:
    return rules.Target(row.kind, row.measure, row.minimum, row.days_per_place)


def target_text(target: rules.Target) -> str:
    return rules.describe_target(target)

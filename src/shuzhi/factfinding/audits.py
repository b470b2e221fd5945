"""Every change to a party-building audit (党建审计, 004): the verifiable sample drawn without
notice, the checklist, findings per sampled organisation, the report with a score, and the
written rectification report accepted or returned."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from shuzhi.accounts.access import require
from shuzhi.accounts.models import User
from shuzhi.audit.services import record
from shuzhi.core.vocabulary.sources import ProblemSource
from shuzhi.factfinding import rules, sampling
from shuzhi.factfinding.models import Audit, AuditSample, ChecklistItem, Finding
from shuzhi.factfinding.publishing import raise_findings
from shuzhi.factfinding.rules import AuditState, RectificationReportState, SampleKind
from shuzhi.factfinding.services import create_finding, within_round
from shuzhi.orgs.models import Organization
from shuzhi.rounds.models import Round


def _counts(counts: dict[str, int] | None) -> dict[str, int]:
    chosen = {k.value: n for k, n in rules.DEFAULT_SAMPLE_COUNTS.items()} | (counts or {})
    unknown = set(chosen) - set(SampleKind.values)
    if unknown or any(n < 0 for n in chosen.values()):
        raise ValidationError("抽样数量设置无效。")
    return chosen


@transaction.atomic
def plan_audit(
    *,
    actor: User,
    round: Round,
    organization: Organization,
    counts: dict[str, int] | None = None,
    seed: str = "",
) -> Audit:
    """Draw the audit's sample now, from a recorded seed (a fresh one unless given), and start
    its checklist. The sample stays hidden from the unit until the audit starts."""
    require(actor, "factfinding.plan", round.hearing_organization)
    within_round(round, organization)
    if organization.pk == round.hearing_organization_id:
        raise ValidationError("不能审计本级组织自身。")
    wanted = _counts(counts)
    seed = seed.strip() or rules.new_seed()
    drawn = sampling.draw(organization, seed, wanted)
    audit = Audit.objects.create(
        round=round,
        organization=organization,
        seed=seed,
        counts=wanted,
        populations=drawn.populations,
        shortfalls=list(drawn.shortfalls),
        created_by=actor,
    )
    AuditSample.objects.bulk_create(
        AuditSample(
            audit=audit, organization_id=s.organization_id, kind=s.kind, position=s.position
        )
        for s in drawn.picked
    )
    ChecklistItem.objects.bulk_create(
        ChecklistItem(audit=audit, number=n, text=text, max_points=points)
        for n, (text, points) in enumerate(rules.DEFAULT_CHECKLIST, start=1)
    )
    record(
        actor=actor,
        action="factfinding.audit.plan",
        target=audit,
        organization=round.hearing_organization,
        after={"unit": organization.code, "counts": wanted, "shortfalls": list(drawn.shortfalls)},
    )
    return audit


def verify_sample(audit: Audit) -> bool:
    """Re-run the draw from the recorded seed: the same organisations as were sampled?"""
    again = sampling.draw(audit.organization, audit.seed, audit.counts)
    held = set(audit.samples.values_list("organization_id", "kind"))
    return held == {(s.organization_id, s.kind.value) for s in again.picked}


def _auditing(actor: User, audit: Audit, *states: AuditState) -> None:
    require(actor, "factfinding.audit", audit.round.hearing_organization)
    if audit.state not in states:
        raise ValidationError(f"审计当前为「{AuditState(audit.state).label}」，不能进行此操作。")


@transaction.atomic
def start_audit(*, actor: User, audit: Audit, today: date) -> Audit:
    """The auditors arrive: the sample becomes visible to the unit."""
    _auditing(actor, audit, AuditState.PLANNED)
    audit.state, audit.started_on = AuditState.STARTED, today
    audit.save(update_fields=["state", "started_on"])
    record(
        actor=actor,
        action="factfinding.audit.start",
        target=audit,
        organization=audit.organization,
        after={"state": audit.state, "started_on": str(today)},
    )
    return audit


@transaction.atomic
def score_item(
    *, actor: User, item: ChecklistItem, awarded: Decimal | None, reason: str = ""
) -> ChecklistItem:
    """Award points for one checklist item (0 to its maximum)."""
    _auditing(actor, item.audit, AuditState.STARTED)
    if awarded is not None and not Decimal(0) <= awarded <= item.max_points:
        raise ValidationError(f"得分须在 0 到 {item.max_points} 之间。")
    before = None if item.awarded is None else str(item.awarded)
    item.awarded = awarded
    item.save(update_fields=["awarded"])
    record(
        actor=actor,
        action="factfinding.audit.score_item",
        target=item.audit,
        organization=item.audit.organization,
        before={"item": item.number, "awarded": before},
        after={"item": item.number, "awarded": None if awarded is None else str(awarded)},
        reason=reason,
    )
    return item


@transaction.atomic
def record_audit_finding(
    *, actor: User, audit: Audit, sampled: Organization | None, responsibility: str, text: str
) -> Finding:
    """A finding at a sampled organisation (or the unit itself); the unit answers for it."""
    _auditing(actor, audit, AuditState.STARTED)
    if sampled is not None and not audit.samples.filter(organization=sampled).exists():
        raise ValidationError(f"「{sampled.name}」不在本次审计的抽样范围内。")
    return create_finding(
        actor,
        Finding(
            round=audit.round,
            organization=audit.organization,
            source=ProblemSource.AUDIT,
            audit=audit,
            sampled=sampled,
        ),
        responsibility,
        text,
    )


@transaction.atomic
def issue_report(
    *,
    actor: User,
    audit: Audit,
    conclusion: str,
    today: date,
    months: int = rules.RECTIFICATION_MONTHS,
) -> Audit:
    """Issue the audit report: the score from the checklist, the rectification deadline, and
    the findings on the unit's problem list (now visible to the unit)."""
    _auditing(actor, audit, AuditState.STARTED)
    items = list(audit.checklist.all())
    if any(i.awarded is None for i in items):
        raise ValidationError("检查清单尚有未评分的项目。")
    score = rules.audit_score([(i.awarded or Decimal(0), i.max_points) for i in items])
    if score is None:
        raise ValidationError("检查清单为空，不能出具报告。")
    audit.state, audit.issued_on, audit.score = AuditState.ISSUED, today, score
    audit.conclusion = conclusion.strip()
    audit.rectification_due = rules.rectification_due(today, months)
    audit.save()
    record(
        actor=actor,
        action="factfinding.audit.issue",
        target=audit,
        organization=audit.organization,
        after={"score": str(score), "due": str(audit.rectification_due)},
    )
    raise_findings(audit.findings.select_related("round"))
    return audit


@transaction.atomic
def submit_rectification_report(*, actor: User, audit: Audit, text: str) -> Audit:
    """The audited unit hands in its written rectification report (004: within 2 months)."""
    require(actor, "factfinding.acknowledge", audit.organization)
    if audit.state != AuditState.ISSUED or audit.rectification_state not in (
        RectificationReportState.NONE,
        RectificationReportState.RETURNED,
    ):
        raise ValidationError("当前不能提交整改报告。")
    if not text.strip():
        raise ValidationError("整改报告不能为空。")
    audit.rectification_report, audit.rectification_state = (
        text.strip(),
        RectificationReportState.SUBMITTED,
    )
    audit.save(update_fields=["rectification_report", "rectification_state"])
    record(
        actor=actor,
        action="factfinding.audit.rectification_submit",
        target=audit,
        organization=audit.organization,
        after={"rectification_state": audit.rectification_state},
    )
    return audit


@transaction.atomic
def review_rectification_report(
    *, actor: User, audit: Audit, accept: bool, note: str = ""
) -> Audit:
    """The auditors accept the rectification report (the audit is closed) or return it."""
    _auditing(actor, audit, AuditState.ISSUED)
    if audit.rectification_state != RectificationReportState.SUBMITTED:
        raise ValidationError("整改报告尚未提交。")
    if not accept and not note.strip():
        raise ValidationError("退回须写明意见。")
    audit.rectification_state = (
        RectificationReportState.ACCEPTED if accept else RectificationReportState.RETURNED
    )
    if accept:
        audit.state = AuditState.RECTIFIED
    audit.rectification_note = note.strip()
    audit.save(update_fields=["rectification_state", "state", "rectification_note"])
    record(
        actor=actor,
        action="factfinding.audit.rectification_review",
        target=audit,
        organization=audit.organization,
        after={"rectification_state": audit.rectification_state},
        reason=note.strip(),
    )
    return audit

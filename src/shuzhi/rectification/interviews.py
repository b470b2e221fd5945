"""Interviews (约谈) and accountability actions (问责); each change audited."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from shuzhi.accounts.access import require
from shuzhi.accounts.models import User
from shuzhi.audit.services import build, record, record_many
from shuzhi.core.events import InterviewRequired
from shuzhi.orgs.models import Organization, Person
from shuzhi.rectification.models import AccountabilityAction, Interview


@transaction.atomic
def require_interviews(interviews: Iterable[InterviewRequired]) -> list[Interview]:
    """Put required interviews (e.g. bottom-ranked) on the ledger, once per round, person, reason."""
    created = []
    for required in interviews:
        interview, was_created = Interview.objects.get_or_create(
            round_id=required.round_id,
            person_id=required.person_id,
            reason=required.reason,
            defaults={
                "organization_id": required.organization_id,
                "detail": required.detail[:200],
            },
        )
        if was_created:
            created.append(interview)
    places = Organization.objects.only("path").in_bulk({x.organization_id for x in created})
    record_many(
        [
            build(
                actor="系统",
                action="rectification.interview.require",
                target=i,
                organization=places[i.organization_id],
                after={"reason": i.reason, "round_id": i.round_id},
            )
            for i in created
        ]
    )
    return created


@transaction.atomic
def add_interview(
    *,
    actor: User,
    organization: Organization,
    person: Person,
    reason: str,
    detail: str = "",
    held_on: date | None = None,
    interviewer: str = "",
    outcome: str = "",
) -> Interview:
    """Record an interview entered by the organisation department."""
    require(actor, "rectification.interview", organization)
    if outcome.strip() and held_on is None:
        raise ValidationError("记录约谈结果时请填写约谈日期")
    interview = Interview.objects.create(
        organization=organization,
        person=person,
        reason=reason,
        detail=detail,
        held_on=held_on,
        interviewer=interviewer,
        outcome=outcome.strip(),
        recorded_by=actor,
    )
    record(
        actor=actor,
        action="rectification.interview.add",
        target=interview,
        organization=organization,
        after={"reason": reason, "person": person.pk},
    )
    return interview


@transaction.atomic
def record_interview_outcome(
    *, actor: User, interview: Interview, held_on: date, interviewer: str, outcome: str
) -> Interview:
    require(actor, "rectification.interview", interview.organization)
    if not outcome.strip():
        raise ValidationError("请填写约谈结果")
    interview.held_on, interview.interviewer, interview.outcome = held_on, interviewer, outcome
    interview.recorded_by = actor
    interview.save(update_fields=["held_on", "interviewer", "outcome", "recorded_by"])
    record(
        actor=actor,
        action="rectification.interview.outcome",
        target=interview,
        organization=interview.organization,
        after={"held_on": held_on.isoformat(), "outcome": outcome},
    )
    return interview


@transaction.atomic
def hold_accountable(
    *,
    actor: User,
    organization: Organization,
    person: Person,
    kind: str,
    decided_on: date,
    reason: str,
    interview: Interview | None = None,
) -> AccountabilityAction:
    """Record an accountability action (通报批评, 诫勉谈话, 调整, 免职) against person and organisation."""
    require(actor, "rectification.interview", organization)
    if not reason.strip():
        raise ValidationError("请填写问责事由")
    action = AccountabilityAction.objects.create(
        organization=organization,
        person=person,
        kind=kind,
        decided_on=decided_on,
        reason=reason.strip(),
        interview=interview,
        recorded_by=actor,
    )
    record(
        actor=actor,
        action="rectification.accountability",
        target=action,
        organization=organization,
        after={"kind": kind, "person": person.pk, "decided_on": decided_on.isoformat()},
        reason=reason.strip(),
    )
    return action

"""Deadlines: the daily overdue check and the written rectification reports owed by a date."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from shuzhi.accounts.access import require
from shuzhi.accounts.models import User
from shuzhi.audit.services import build, record, record_many
from shuzhi.orgs.models import Organization
from shuzhi.rectification import rules
from shuzhi.rectification.models import (
    RectificationItem,
    ReportDeadline,
    overdue_condition,
    report_overdue_condition,
)


@transaction.atomic
def mark_overdue(*, today: date | None = None) -> int:
    """Mark open items past their deadline as overdue (the daily job); returns how many are new."""
    today = today or timezone.localdate()
    due = RectificationItem.objects.filter(overdue_condition(today), overdue_since__isnull=True)
    entries = [
        build(
            actor="系统",
            action="rectification.item.overdue",
            target=item,
            organization=item.organization,
            after={"overdue_since": today.isoformat(), "deadline": item.deadline.isoformat()},
        )
        for item in due.select_related("organization", "problem")
    ]
    count = due.update(overdue_since=today)
    record_many(entries)
    return count


@transaction.atomic
def schedule_report(
    *, actor: User, organization: Organization, title: str, basis_date: date, months: int = 2
) -> ReportDeadline:
    """Track a written rectification report owed ``months`` after ``basis_date``."""
    require(actor, "rectification.manage", organization)
    if months < 0:
        raise ValidationError("期限不能为负")
    deadline = ReportDeadline.objects.create(
        organization=organization,
        title=title.strip() or "整改情况报告",
        basis_date=basis_date,
        due_date=rules.add_months(basis_date, months),
        created_by=actor,
    )
    record(
        actor=actor,
        action="rectification.report.schedule",
        target=deadline,
        organization=organization,
        after={"due_date": deadline.due_date.isoformat()},
    )
    return deadline


@transaction.atomic
def deliver_report(*, actor: User, deadline: ReportDeadline, delivered_on: date) -> ReportDeadline:
    require(actor, "rectification.manage", deadline.organization)
    deadline.delivered_on = delivered_on
    deadline.save(update_fields=["delivered_on"])
    record(
        actor=actor,
        action="rectification.report.deliver",
        target=deadline,
        organization=deadline.organization,
        after={"delivered_on": delivered_on.isoformat()},
    )
    return deadline


def reports_overdue(*, today: date | None = None) -> list[ReportDeadline]:
    """Written reports past their due date and not yet delivered."""
    today = today or timezone.localdate()
    return list(
        ReportDeadline.objects.filter(report_overdue_condition(today))
        .select_related("organization")
        .order_by("due_date")
    )

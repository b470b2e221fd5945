"""Problem lists (问题清单), the rectification ledger (整改台账), report deadlines and interviews."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from shuzhi.core.vocabulary.interviews import InterviewReason
from shuzhi.core.vocabulary.sources import ProblemSource
from shuzhi.rectification import rules
from shuzhi.rectification.rules import Status


def text_digest(text: str) -> str:
    """The key a problem's text is unique by: a long text cannot sit in a B-tree index itself."""
    return hashlib.sha256(text.encode()).hexdigest()


class Problem(models.Model):
    """One problem on an organisation's problem list, whatever its source."""

    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="problems"
    )
    source = models.CharField("问题来源", max_length=30, choices=ProblemSource.choices)
    text = models.TextField("问题")
    year = models.PositiveSmallIntegerField("年度")
    round_id = models.PositiveIntegerField("述职轮次", null=True, blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Where the problem came from ("critique:12", "manual:…"): with the text it makes intake
    # idempotent, so a sender may send the same list again.
    reference = models.CharField("来源记录", max_length=100, blank=True)
    text_digest = models.CharField(max_length=64, editable=False)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged"
    )
    escalated_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="escalated_from"
    )
    # Withdrawn (撤销) by its source, e.g. a finding whose dispute was upheld: the row stays on
    # record with when and why, but it is off the list.
    withdrawn_at = models.DateTimeField("撤销时间", null=True, blank=True)
    withdrawal_reason = models.TextField("撤销理由", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organization", "-year", "pk"]
        verbose_name = "问题"
        constraints = [
            # Unique on (organisation, reference, text), the text by its digest.
            models.UniqueConstraint(
                fields=["organization", "reference", "text_digest"], name="unique_problem_intake"
            ),
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True) | ~Q(merged_into=F("id")),
                name="problem_not_merged_into_itself",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True, withdrawal_reason="")
                | (Q(withdrawn_at__isnull=False) & ~Q(withdrawal_reason="")),
                name="problem_withdrawn_with_reason",
            ),
        ]
        indexes = [models.Index(fields=["organization", "year"], name="problem_org_year_idx")]

    def __str__(self) -> str:
        return self.text[:60]

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.text_digest = text_digest(self.text)
        super().save(*args, **kwargs)

    @property
    def is_active(self) -> bool:
        """Still on the list in its own right (neither merged into another nor withdrawn)."""
        return self.merged_into_id is None and self.withdrawn_at is None


def active_condition(prefix: str = "") -> Q:
    """``Problem.is_active`` as SQL, for problems reached through ``prefix``."""
    return Q(**{f"{prefix}merged_into__isnull": True, f"{prefix}withdrawn_at__isnull": True})


def finished_condition(prefix: str = "") -> Q:
    """Items with no further step (``rules.FINISHED_STATUSES``) as SQL."""
    return Q(**{f"{prefix}status__in": [s.value for s in rules.FINISHED_STATUSES]})


def overdue_condition(today: date, prefix: str = "") -> Q:
    """``rules.is_overdue`` as SQL, for items reached through ``prefix`` (e.g. ``"item__"``)."""
    return ~finished_condition(prefix) & Q(**{f"{prefix}deadline__lt": today})


class RectificationItem(models.Model):
    """A ledger entry (整改事项): task sheet, roadmap and timetable for one problem."""

    problem = models.OneToOneField(Problem, on_delete=models.PROTECT, related_name="item")
    # Denormalised from the problem so ledger and dashboard queries need no extra join.
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="rectification_items"
    )
    first_responsible = models.ForeignKey(
        "orgs.Person", on_delete=models.PROTECT, related_name="+", verbose_name="第一责任人"
    )
    direct_responsible = models.ForeignKey(
        "orgs.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="直接责任人",
    )
    measures = models.TextField("整改措施")
    deadline = models.DateField("整改时限")
    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.PLANNED.value
    )
    progress = models.TextField("整改进展", blank=True)
    overdue_since = models.DateField("逾期日期", null=True, blank=True)
    return_reason = models.TextField("退回原因", blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_on = models.DateField("销号日期", null=True, blank=True)
    close_reason = models.TextField("销号理由", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = "整改事项"
        constraints = [
            models.CheckConstraint(condition=Q(status__in=Status.values), name="item_status_known"),
            # A closed item carries who signed it off, when and why; an open one carries none.
            models.CheckConstraint(
                condition=(
                    Q(
                        status=Status.CLOSED,
                        closed_by__isnull=False,
                        closed_on__isnull=False,
                        submitted_by__isnull=False,
                    )
                    & ~Q(close_reason="")
                )
                | Q(
                    ~Q(status=Status.CLOSED),
                    closed_by__isnull=True,
                    closed_on__isnull=True,
                    close_reason="",
                ),
                name="item_closed_fields_match_status",
            ),
            # No self sign-off: whoever submitted the item cannot be the one who closes it.
            models.CheckConstraint(
                condition=Q(closed_by__isnull=True) | ~Q(closed_by=F("submitted_by")),
                name="item_not_closed_by_submitter",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.RETURNED) | ~Q(return_reason=""),
                name="item_returned_with_reason",
            ),
            models.CheckConstraint(
                condition=Q(overdue_since__isnull=True) | Q(overdue_since__gt=F("deadline")),
                name="item_overdue_after_deadline",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "status"], name="item_org_status_idx"),
            models.Index(fields=["status", "deadline"], name="item_status_deadline_idx"),
        ]

    def __str__(self) -> str:
        return f"整改：{self.problem}"

    def is_overdue_on(self, today: date) -> bool:
        """Open past its deadline on ``today`` (``overdue_since`` only dates the first notice)."""
        return rules.is_overdue(self.deadline, self.status, today)

    @property
    def closed_on_time(self) -> bool:
        return rules.closed_on_time(self.deadline, self.closed_on)


class Milestone(models.Model):
    """A dated step of the roadmap (路线图)."""

    item = models.ForeignKey(RectificationItem, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField("节点内容", max_length=200)
    due_date = models.DateField("计划完成")
    done_on = models.DateField("实际完成", null=True, blank=True)

    class Meta:
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.title


class Evidence(models.Model):
    """A file or photo proving the rectification, kept under MEDIA_ROOT."""

    item = models.ForeignKey(RectificationItem, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to="rectification/%Y/%m/")
    original_name = models.CharField(max_length=200)
    kind = models.CharField(
        max_length=20, choices=[("photo", "照片"), ("document", "文件")], default="document"
    )
    size = models.PositiveIntegerField()
    note = models.CharField("说明", max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(size__gt=0, size__lte=rules.MAX_EVIDENCE_BYTES),
                name="evidence_size_in_bounds",
            )
        ]

    def __str__(self) -> str:
        return self.original_name


def report_overdue_condition(today: date) -> Q:
    """``rules.is_report_overdue`` as SQL."""
    return Q(delivered_on__isnull=True, due_date__lt=today)


class ReportDeadline(models.Model):
    """A written rectification report owed by a date (e.g. two months after an audit report)."""

    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="rectification_reports"
    )
    title = models.CharField("报告事由", max_length=200)
    basis_date = models.DateField("起算日期")
    due_date = models.DateField("报送时限")
    delivered_on = models.DateField("报送日期", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_date__gte=F("basis_date")), name="report_due_after_basis"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def is_overdue_on(self, today: date) -> bool:
        return rules.is_report_overdue(self.due_date, self.delivered_on, today)


class Interview(models.Model):
    """An organisational interview (约谈): who, when, why and with what outcome."""

    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="interviews"
    )
    person = models.ForeignKey("orgs.Person", on_delete=models.PROTECT, related_name="interviews")
    reason = models.CharField("约谈事由", max_length=30, choices=InterviewReason.choices)
    detail = models.CharField("具体情况", max_length=200, blank=True)
    round_id = models.PositiveIntegerField(null=True, blank=True)
    held_on = models.DateField("约谈日期", null=True, blank=True)
    interviewer = models.CharField("约谈人", max_length=100, blank=True)
    outcome = models.TextField("约谈结果", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = "约谈"
        constraints = [
            # A round asks once per person and reason, however often results are republished.
            models.UniqueConstraint(
                fields=["round_id", "person", "reason"],
                condition=Q(round_id__isnull=False),
                name="one_interview_per_round_reason",
            ),
            models.CheckConstraint(
                condition=Q(reason__in=InterviewReason.values), name="interview_reason_known"
            ),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(held_on__isnull=False),
                name="interview_outcome_after_held",
            ),
        ]

    def __str__(self) -> str:
        return f"约谈 {self.person}（{self.get_reason_display()}）"


class AccountabilityKind(models.TextChoices):
    CRITICISM = "criticism", "通报批评"
    ADMONITION = "admonition", "诫勉谈话"
    ADJUSTMENT = "adjustment", "调整"
    REMOVAL = "removal", "免职"


class AccountabilityAction(models.Model):
    """An accountability action (问责) against a person and their organisation."""

    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="accountability_actions"
    )
    person = models.ForeignKey(
        "orgs.Person", on_delete=models.PROTECT, related_name="accountability_actions"
    )
    kind = models.CharField("问责方式", max_length=20, choices=AccountabilityKind.choices)
    interview = models.ForeignKey(
        Interview, null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    decided_on = models.DateField("决定日期")
    reason = models.TextField("问责事由")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-decided_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=AccountabilityKind.values), name="accountability_kind_known"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="accountability_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.person}"

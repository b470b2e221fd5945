"""Fact-finding before the meeting: inspection groups and their visits, random surveys,
unannounced visits and party-building audits, and the findings they produce."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from shuzhi.core.evidence import MAX_VIDEO_BYTES
from shuzhi.core.vocabulary.sources import ProblemSource
from shuzhi.factfinding.rules import (
    Acknowledgement,
    AuditState,
    RectificationReportState,
    SampleKind,
    VisitKind,
)

#: The problem sources fact-finding raises (ProblemSource values).
FINDING_SOURCES = [
    (s.value, s.label)
    for s in (ProblemSource.INSPECTION, ProblemSource.UNANNOUNCED_VISIT, ProblemSource.AUDIT)
]


class InspectionGroup(models.Model):
    """A 视察组 of a round: representatives drawn from the pools, visiting assigned units."""

    round = models.ForeignKey("rounds.Round", on_delete=models.CASCADE, related_name="+")
    name = models.CharField("组名", max_length=50)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["round", "name"]
        verbose_name = "视察组"
        constraints = [
            models.UniqueConstraint(fields=["round", "name"], name="unique_group_name_per_round")
        ]

    def __str__(self) -> str:
        return self.name


class GroupMember(models.Model):
    group = models.ForeignKey(InspectionGroup, on_delete=models.CASCADE, related_name="members")
    # Kept beside the group so one representative sits in one group per round (a constraint).
    round = models.ForeignKey("rounds.Round", on_delete=models.CASCADE, related_name="+")
    representative = models.ForeignKey(
        "orgs.Representative", on_delete=models.PROTECT, related_name="+"
    )
    is_leader = models.BooleanField("组长", default=False)

    class Meta:
        ordering = ["group", "-is_leader", "representative__category", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "representative"], name="one_group_per_member_per_round"
            )
        ]

    def __str__(self) -> str:
        return f"{self.group_id}: {self.representative_id}"


class GroupUnit(models.Model):
    """A unit a group visits, with the plan: when and by which methods."""

    group = models.ForeignKey(InspectionGroup, on_delete=models.CASCADE, related_name="units")
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="+"
    )
    planned_on = models.DateField("计划日期", null=True, blank=True)
    methods = models.JSONField("方式", default=list)  # VisitMethod values

    class Meta:
        ordering = ["group", "planned_on", "organization__path"]
        constraints = [
            models.UniqueConstraint(fields=["group", "organization"], name="unique_group_unit")
        ]

    def __str__(self) -> str:
        return f"{self.group_id}: {self.organization_id}"


class Visit(models.Model):
    """One visit to a unit: an inspection group's, a random survey or an unannounced visit."""

    round = models.ForeignKey("rounds.Round", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField("类型", max_length=20, choices=VisitKind.choices)
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="+", verbose_name="被访单位"
    )
    group = models.ForeignKey(
        InspectionGroup, null=True, blank=True, on_delete=models.PROTECT, related_name="visits"
    )
    visited_on = models.DateField("日期")
    methods = models.JSONField("方式", default=list)
    notes = models.TextField("情况记录", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-visited_on", "-pk"]
        verbose_name = "走访"
        constraints = [
            # An inspection belongs to a group; a survey or unannounced visit to none.
            models.CheckConstraint(
                condition=Q(kind=VisitKind.INSPECTION, group__isnull=False)
                | (~Q(kind=VisitKind.INSPECTION) & Q(group__isnull=True)),
                name="inspection_visit_has_group",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.organization}"


class Rating(models.Model):
    """One member's 百分测评 of the visited unit, kept separate (combined by a rule)."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="ratings")
    rater = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField("测评分", max_digits=5, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["visit", "rater"], name="one_rating_per_rater"),
            models.CheckConstraint(
                condition=Q(score__gte=0, score__lte=100), name="rating_0_to_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.visit_id}: {self.score}"


class Opinion(models.Model):
    """An evaluation opinion (评价意见) on the visited unit."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="opinions")
    text = models.TextField("意见")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return self.text[:40]


class Audit(models.Model):
    """A party-building audit (党建审计) of a unit, drawn from a recorded seed."""

    round = models.ForeignKey("rounds.Round", on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="+", verbose_name="被审计单位"
    )
    seed = models.CharField("抽样种子", max_length=64)
    counts = models.JSONField("各类抽取数量")  # SampleKind value -> wanted
    populations = models.JSONField("各类可抽数量", default=dict)  # SampleKind value -> found
    shortfalls = models.JSONField("不足的类别", default=list)
    state = models.CharField(max_length=20, choices=AuditState.choices, default=AuditState.PLANNED)
    drawn_at = models.DateTimeField(auto_now_add=True)
    started_on = models.DateField("开始日期", null=True, blank=True)
    issued_on = models.DateField("报告日期", null=True, blank=True)
    score = models.DecimalField("审计得分", max_digits=5, decimal_places=2, null=True, blank=True)
    conclusion = models.TextField("审计结论", blank=True)
    rectification_due = models.DateField("整改报告期限", null=True, blank=True)
    rectification_report = models.TextField("整改报告", blank=True)
    rectification_state = models.CharField(
        max_length=20,
        choices=RectificationReportState.choices,
        default=RectificationReportState.NONE,
    )
    rectification_note = models.CharField("验收意见", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["round", "organization__path"]
        verbose_name = "党建审计"
        constraints = [
            models.UniqueConstraint(fields=["round", "organization"], name="one_audit_per_unit"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=100),
                name="audit_score_0_to_100",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=[AuditState.ISSUED, AuditState.RECTIFIED])
                | Q(issued_on__isnull=False, score__isnull=False, rectification_due__isnull=False),
                name="issued_audit_has_score_and_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} 党建审计"


class AuditSample(models.Model):
    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="samples")
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=SampleKind.choices)
    position = models.PositiveIntegerField()  # in the kind's candidates, in tree order

    class Meta:
        ordering = ["audit", "kind", "position"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "organization"], name="unique_sampled_org")
        ]

    def __str__(self) -> str:
        return f"{self.audit_id}: {self.organization_id}"


class ChecklistItem(models.Model):
    """An item of the audit's checklist (an indicator template), with the points awarded."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="checklist")
    number = models.PositiveSmallIntegerField()
    text = models.CharField("检查内容", max_length=200)
    max_points = models.DecimalField("分值", max_digits=5, decimal_places=2)
    awarded = models.DecimalField("得分", max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["audit", "number"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "number"], name="unique_checklist_number"),
            models.CheckConstraint(
                condition=Q(awarded__isnull=True)
                | Q(awarded__gte=0, awarded__lte=models.F("max_points")),
                name="awarded_within_points",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"


class Finding(models.Model):
    """A problem found before the meeting, itemised against the unit's responsibility list."""

    round = models.ForeignKey("rounds.Round", on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="+", verbose_name="责任单位"
    )
    source = models.CharField("来源", max_length=20, choices=FINDING_SOURCES)
    visit = models.ForeignKey(
        Visit, null=True, blank=True, on_delete=models.CASCADE, related_name="findings"
    )
    audit = models.ForeignKey(
        Audit, null=True, blank=True, on_delete=models.CASCADE, related_name="findings"
    )
    sampled = models.ForeignKey(
        "orgs.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    responsibility = models.CharField("对应责任事项", max_length=200)
    text = models.TextField("问题")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    acknowledgement = models.CharField(
        "认账", max_length=20, choices=Acknowledgement.choices, default=Acknowledgement.PENDING
    )
    dispute_reason = models.TextField("异议理由", blank=True)
    ruling_reason = models.TextField("裁定意见", blank=True)
    raised = models.BooleanField("已列入问题清单", default=False)
    # Counts corrections made after the finding reached the problem list: each revision is
    # raised under its own reference ("factfinding:finding:<id>:<revision>").
    revision = models.PositiveSmallIntegerField("修订次数", default=1)

    class Meta:
        ordering = ["organization__path", "pk"]
        verbose_name = "发现问题"
        indexes = [models.Index(fields=["round", "organization"], name="finding_round_org_idx")]
        constraints = [
            # 004: itemised against the unit's responsibility list, never a generic phenomenon.
            models.CheckConstraint(
                condition=~Q(responsibility=""), name="finding_has_responsibility"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="finding_has_text"),
            models.CheckConstraint(
                condition=Q(visit__isnull=True) | Q(audit__isnull=True),
                name="finding_from_one_place",
            ),
            models.CheckConstraint(
                condition=Q(audit__isnull=True) | Q(source=ProblemSource.AUDIT),
                name="audit_finding_has_audit_source",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:40]


class VisitEvidence(models.Model):
    """A photo, video or document taken on a visit (the shared evidence rules)."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to="factfinding/%Y/%m/")
    original_name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(size__gt=0, size__lte=MAX_VIDEO_BYTES), name="visit_evidence_size"
            )
        ]

    def __str__(self) -> str:
        return self.original_name

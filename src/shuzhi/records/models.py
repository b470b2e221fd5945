"""Records kept through the year: the work record (纪实), its targets per round, the red and
black files (红黑档案) with their points table, the monthly joint meeting and its bulletin."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from shuzhi.records.rules import MeritColor, MeritStatus, TargetMeasure, WorkKind


class RecordsSettings(models.Model):
    """A round's formula for the records source (see ``rules.Formula``)."""

    round = models.OneToOneField("rounds.Round", on_delete=models.CASCADE, related_name="+")
    base = models.DecimalField("基础分", max_digits=5, decimal_places=2, default=Decimal(40))
    completion_weight = models.DecimalField(
        "目标完成率分值", max_digits=5, decimal_places=2, default=Decimal(60)
    )

    class Meta:
        verbose_name = "纪实计分设置"

    def __str__(self) -> str:
        return f"{self.round_id} 纪实计分"


class WorkTarget(models.Model):
    """A round's target for one kind of work (e.g. ≥180 days in villages a year, 003)."""

    round = models.ForeignKey("rounds.Round", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField("工作类别", max_length=20, choices=WorkKind.choices)
    measure = models.CharField("计量", max_length=10, choices=TargetMeasure.choices)
    minimum = models.DecimalField("年度目标", max_digits=7, decimal_places=1)
    days_per_place = models.DecimalField(
        "每个联系点天数", max_digits=5, decimal_places=1, default=Decimal(0)
    )

    class Meta:
        ordering = ["round", "kind"]
        verbose_name = "纪实目标"
        constraints = [
            models.UniqueConstraint(fields=["round", "kind"], name="one_target_per_kind"),
            models.CheckConstraint(condition=Q(minimum__gte=0), name="target_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ≥ {self.minimum}"


class WorkLog(models.Model):
    """One entry of a secretary's work record; confirmed monthly by the level above."""

    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="work_logs"
    )
    person = models.ForeignKey("orgs.Person", on_delete=models.PROTECT, related_name="work_logs")
    kind = models.CharField("工作类别", max_length=20, choices=WorkKind.choices)
    occurred_on = models.DateField("日期")
    days = models.DecimalField("天数", max_digits=4, decimal_places=1, default=Decimal(0))
    place = models.CharField("地点", max_length=100)
    # The contact point (a village) for "one township, three villages" (001).
    place_organization = models.ForeignKey(
        "orgs.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="联系点",
    )
    participants = models.CharField("参加人员", max_length=200, blank=True)
    text = models.TextField("主要内容")
    evidence = models.FileField("佐证材料", upload_to="records/%Y/%m/", blank=True)
    evidence_name = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        verbose_name = "工作纪实"
        indexes = [models.Index(fields=["organization", "occurred_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(days__gte=0, days__lte=31), name="work_log_days_in_bounds"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="work_log_has_text"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.get_kind_display()}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class MeritRule(models.Model):
    """A row of the points table (积分标准) of the organisation whose joint meeting decides."""

    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.CASCADE, related_name="merit_rules"
    )
    code = models.CharField("编号", max_length=20)
    color = models.CharField("类别", max_length=10, choices=MeritColor.choices)
    title = models.CharField("事项", max_length=200)
    points = models.DecimalField("分值", max_digits=5, decimal_places=2)
    is_active = models.BooleanField("有效", default=True)

    class Meta:
        ordering = ["organization", "color", "code"]
        verbose_name = "红黑档案积分标准"
        constraints = [
            models.UniqueConstraint(fields=["organization", "code"], name="one_rule_code_per_org"),
            models.CheckConstraint(
                condition=(Q(color="red") & Q(points__gt=0)) | (Q(color="black") & Q(points__lt=0)),
                name="rule_points_match_color",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}（{self.points:+}）"


class JointMeeting(models.Model):
    """The monthly joint meeting (联席会议) of the hearing organisation; its approved entries
    are published in the month's bulletin (通报)."""

    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="joint_meetings"
    )
    month = models.DateField("月份")  # the first of the month
    held_on = models.DateField("会议日期")
    approvers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField("通报时间", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-month"]
        verbose_name = "红黑档案联席会议"
        constraints = [
            models.UniqueConstraint(fields=["organization", "month"], name="one_meeting_a_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="meeting_month_is_first"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y年%m月}联席会议"


class MeritRecord(models.Model):
    """A red or black submission by a unit, for an organisation and optionally a person."""

    hearing_organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="+"
    )
    submitting_unit = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="submitted_merits"
    )
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="merit_records"
    )
    person = models.ForeignKey(
        "orgs.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="merits"
    )
    rule = models.ForeignKey(MeritRule, on_delete=models.PROTECT, related_name="records")
    color = models.CharField("类别", max_length=10, choices=MeritColor.choices)
    points = models.DecimalField("分值", max_digits=5, decimal_places=2)
    occurred_on = models.DateField("事实发生日期")
    facts = models.TextField("事实")
    evidence = models.FileField("佐证材料", upload_to="records/merit/%Y/%m/", blank=True)
    evidence_name = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=MeritStatus.choices, default=MeritStatus.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    meeting = models.ForeignKey(
        JointMeeting, on_delete=models.PROTECT, null=True, blank=True, related_name="decisions"
    )
    decision_note = models.CharField("审议意见", max_length=300, blank=True)

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        verbose_name = "红黑档案"
        indexes = [models.Index(fields=["hearing_organization", "status", "occurred_on"])]
        constraints = [
            models.CheckConstraint(
                condition=(Q(color="red") & Q(points__gt=0)) | (Q(color="black") & Q(points__lt=0)),
                name="merit_points_match_color",
            ),
            # A decided entry names the meeting that decided it; a pending one names none.
            models.CheckConstraint(
                condition=(Q(status="submitted") & Q(meeting__isnull=True))
                | (~Q(status="submitted") & Q(meeting__isnull=False)),
                name="decided_by_a_meeting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_color_display()} {self.organization_id} {self.points:+}"

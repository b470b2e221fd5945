"""A round of 述职评议考核 and its reporters. The scoring issue extends these models
(stages' settings, indicator systems, peer groups); other apps refer to them by foreign key."""

from __future__ import annotations

from django.db import models


class Period(models.TextChoices):
    ANNUAL = "annual", "年度"
    FIRST_HALF = "first_half", "上半年"
    SECOND_HALF = "second_half", "下半年"


class Stage(models.TextChoices):
    FACT_FINDING = "fact_finding", "调研摸底"
    REPORTS = "reports", "撰写述职报告"
    REVIEW = "review", "三级审核"
    MEETING = "meeting", "述职评议会"
    SCORING = "scoring", "考核计分"
    PUBLICATION = "publication", "结果公示"
    RECTIFICATION = "rectification", "整改落实"


class Round(models.Model):
    """One year's (or half-year's, for villages) 述职评议考核 held by one hearing body."""

    name = models.CharField("名称", max_length=100)
    year = models.PositiveSmallIntegerField("年度")
    period = models.CharField("周期", max_length=20, choices=Period.choices, default=Period.ANNUAL)
    hearing_organization = models.ForeignKey(
        "orgs.Organization",
        on_delete=models.PROTECT,
        related_name="hearing_rounds",
        verbose_name="听取述职的党组织",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "hearing_organization__path", "period"]
        verbose_name = "述职评议考核"
        constraints = [
            models.UniqueConstraint(
                fields=["hearing_organization", "year", "period"],
                name="one_round_per_body_and_period",
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=2000, year__lte=2100), name="round_year_plausible"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class StageSchedule(models.Model):
    """When a stage of the round runs."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="stages")
    stage = models.CharField("阶段", max_length=20, choices=Stage.choices)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")

    class Meta:
        ordering = ["round", "starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["round", "stage"], name="one_schedule_per_stage"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="stage_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} {self.get_stage_display()}"


class Reporter(models.Model):
    """A secretary reporting in a round (述职人), for the organisation under review."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="reporters")
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="reporter_entries"
    )
    person = models.ForeignKey(
        "orgs.Person", on_delete=models.PROTECT, related_name="reporter_entries"
    )
    peer_group = models.CharField("排名分组", max_length=50, blank=True)
    speaking_order = models.PositiveSmallIntegerField("述职顺序", null=True, blank=True)

    class Meta:
        ordering = ["round", "speaking_order", "organization__path"]
        verbose_name = "述职人"
        constraints = [
            models.UniqueConstraint(
                fields=["round", "organization"], name="one_reporter_per_organization"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person}（{self.organization}）"

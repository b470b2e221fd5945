"""Score sources entered or received for a round's reporters, computed results, publication."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models

from shuzhi.core.vocabulary.grades import EvaluationGrade, Grade
from shuzhi.core.vocabulary.indicators import VetoEffect
from shuzhi.core.vocabulary.sources import ASSESSED_SOURCE_CHOICES, VoterCategory


class IndicatorScore(models.Model):
    """One assessor's points for one reporter on one indicator (指标评分)."""

    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="indicator_scores"
    )
    reporter = models.ForeignKey(
        "rounds.Reporter", on_delete=models.CASCADE, related_name="indicator_scores"
    )
    indicator = models.ForeignKey(
        "rounds.Indicator", on_delete=models.CASCADE, related_name="scores"
    )
    points = models.DecimalField("得分", max_digits=7, decimal_places=2)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "指标评分"
        constraints = [
            models.UniqueConstraint(
                fields=["assessor", "reporter", "indicator"], name="one_score_per_assessor_item"
            ),
            models.CheckConstraint(condition=models.Q(points__gte=0), name="score_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.reporter_id}/{self.indicator_id}: {self.points}"


class SourceOrigin(models.TextChoices):
    MEETING = "meeting", "评议会计票"
    MANUAL = "manual", "手工录入"
    IMPORT = "import", "Excel 导入"
    RECORDS = "records", "日常纪实计算"


class OnsiteEvaluation(models.Model):
    """How many ballots of one voter category gave each grade to one reporter (现场测评)."""

    reporter = models.ForeignKey(
        "rounds.Reporter", on_delete=models.CASCADE, related_name="onsite_evaluations"
    )
    voter_category = models.CharField("测评人类别", max_length=20, choices=VoterCategory.choices)
    good = models.PositiveIntegerField(EvaluationGrade.GOOD.label, default=0)
    fair = models.PositiveIntegerField(EvaluationGrade.FAIR.label, default=0)
    average = models.PositiveIntegerField(EvaluationGrade.AVERAGE.label, default=0)
    poor = models.PositiveIntegerField(EvaluationGrade.POOR.label, default=0)
    origin = models.CharField(
        "来源", max_length=10, choices=SourceOrigin.choices, default=SourceOrigin.MANUAL
    )
    meeting_id = models.IntegerField("评议会", null=True, blank=True)
    digest = models.CharField("计票摘要", max_length=128, blank=True)
    # Sent by the meeting: a category with fewer ballots is shown only merged, as it showed it.
    small_category_threshold = models.PositiveSmallIntegerField(
        "类别合并阈值", null=True, blank=True
    )

    class Meta:
        verbose_name = "现场测评"
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "voter_category"], name="one_tally_per_reporter_category"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reporter_id} {self.get_voter_category_display()}"


class ReporterAssessment(models.Model):
    """Per-reporter scores out of 100 from the other sources: the superior's evaluation,
    annual records (年度记录) and, for a two-level composite, each level's assessment."""

    reporter = models.ForeignKey(
        "rounds.Reporter", on_delete=models.CASCADE, related_name="assessments"
    )
    source = models.CharField("来源", max_length=20, choices=ASSESSED_SOURCE_CHOICES)
    score = models.DecimalField("得分", max_digits=7, decimal_places=2)
    note = models.CharField("说明", max_length=200, blank=True)
    origin = models.CharField(
        "录入方式", max_length=10, choices=SourceOrigin.choices, default=SourceOrigin.MANUAL
    )
    # Computed sources (the records app's feed) keep the lines that made the score, as JSON
    # text [[key, label, value], ...]: read whole for the breakdown, never queried into.
    detail = models.TextField("计算明细", default="[]", blank=True)

    class Meta:
        verbose_name = "其他来源得分"
        constraints = [
            models.UniqueConstraint(fields=["reporter", "source"], name="one_score_per_source"),
            models.CheckConstraint(
                condition=models.Q(score__gte=0, score__lte=100), name="source_score_0_to_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reporter_id} {self.get_source_display()}: {self.score}"


class ConstraintHit(models.Model):
    """A constraint item triggered for a reporter (veto, veto of excellence or affirmation)."""

    reporter = models.ForeignKey(
        "rounds.Reporter", on_delete=models.CASCADE, related_name="constraint_hits"
    )
    indicator = models.ForeignKey("rounds.Indicator", on_delete=models.CASCADE, related_name="hits")
    reason = models.CharField("事由", max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "约束项触发"
        constraints = [
            models.UniqueConstraint(fields=["reporter", "indicator"], name="one_hit_per_item"),
            models.CheckConstraint(condition=~models.Q(reason=""), name="hit_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.reporter_id} 触发 {self.indicator_id}"


class Computation(models.Model):
    """One run of the engine over a round; results point at the run that produced them.
    ``reason`` is required once the round's results are published (frozen)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "计算中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    round = models.ForeignKey("rounds.Round", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    message = models.TextField(blank=True)
    reason = models.CharField("原因", max_length=300, blank=True)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"计算 #{self.pk}（{self.get_status_display()}）"


class Result(models.Model):
    """A reporter's computed outcome: composite, rank, grade, class, honours, interview."""

    reporter = models.OneToOneField(
        "rounds.Reporter", on_delete=models.CASCADE, related_name="result"
    )
    # No index of its own: the (round, peer_group, rank) index below serves every lookup by
    # round, and one index fewer is one less to fill when a province round is written.
    round = models.ForeignKey(
        "rounds.Round", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    peer_group = models.CharField("分组", max_length=50)
    composite = models.DecimalField("综合得分", max_digits=9, decimal_places=4)
    rank = models.PositiveIntegerField("排名", null=True, blank=True)
    group_size = models.PositiveIntegerField("组内人数")
    grade = models.CharField("等次", max_length=20, choices=Grade.choices, blank=True)
    class_number = models.PositiveSmallIntegerField("类别", null=True, blank=True)
    honour = models.CharField("表彰", max_length=20, blank=True)
    interview = models.BooleanField("末位约谈", default=False)
    veto = models.CharField("否决/肯定", max_length=20, choices=VetoEffect.choices, blank=True)
    veto_reason = models.CharField("否决/肯定事由", max_length=500, blank=True)
    pay_bonus_percent = models.DecimalField(
        "绩效奖励（%）", max_digits=5, decimal_places=2, default=Decimal(0)
    )
    subtotals = models.JSONField("各来源得分", default=dict)
    # Compact lines as JSON text (engine.breakdown.Line); text, not jsonb: it is only ever read
    # whole, and PostgreSQL parses a province round's jsonb several times slower than text.
    breakdown = models.TextField("得分明细", default="[]")
    # The computation that last changed this result: a recomputation keeps unchanged rows.
    computation = models.ForeignKey(
        Computation, on_delete=models.SET_NULL, null=True, blank=True, related_name="results"
    )
    # A digest of the stored figures (``computing.fingerprint``), so a recomputation rewrites
    # only the results it changed; blank on rows written before it existed (always rewritten).
    fingerprint = models.CharField(max_length=32, blank=True, default="", editable=False)

    class Meta:
        ordering = ["round", "peer_group", "rank"]
        verbose_name = "考核结果"
        indexes = [models.Index(fields=["round", "peer_group", "rank"])]

    def __str__(self) -> str:
        return f"{self.reporter} {self.composite}"


class Publication(models.Model):
    """Results frozen and posted for a period (公示); later changes need a recorded reason."""

    round = models.OneToOneField("rounds.Round", on_delete=models.CASCADE, related_name="+")
    frozen_at = models.DateTimeField("冻结时间")
    starts_on = models.DateField("公示开始")
    ends_on = models.DateField("公示结束")
    notice = models.TextField("公示说明", blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "结果公示"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="publication_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"公示 {self.starts_on}—{self.ends_on}"

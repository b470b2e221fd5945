"""Duty reports (述职报告), their submitted versions, the review chain and its decisions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from shuzhi.accounts.roles import Role


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    UNDER_REVIEW = "under_review", "审核中"
    RETURNED = "returned", "退回修改"
    PASSED = "passed", "审核通过"


class Mode(models.TextChoices):
    STRUCTURED = "structured", "分栏撰写"
    UPLOADED = "uploaded", "上传文档"


class DutyReport(models.Model):
    """A reporter's report for one round: the editable draft; submitted text lives in versions."""

    reporter = models.OneToOneField(
        "rounds.Reporter", on_delete=models.CASCADE, related_name="duty_report"
    )
    # Copied from the reporter so lists scope and filter without joins through rounds.
    round = models.ForeignKey("rounds.Round", on_delete=models.CASCADE, related_name="duty_reports")
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="duty_reports"
    )
    mode = models.CharField(
        "撰写方式", max_length=20, choices=Mode.choices, default=Mode.STRUCTURED
    )
    achievements = models.TextField("工作成绩", blank=True)
    problems = models.TextField("存在问题", blank=True)
    causes = models.TextField("原因剖析", blank=True)
    rectification = models.TextField("整改措施", blank=True)
    commitments = models.TextField("来年承诺", blank=True)
    uploaded_text = models.TextField("上传文档正文", blank=True)
    uploaded_name = models.CharField("上传文件名", max_length=200, blank=True)
    # Prior item key → the secretary's answer to it, written in the editor's panel.
    answers = models.JSONField("逐项回应", default=dict, blank=True)
    status = models.CharField(
        "状态", max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["round", "organization__path"]
        verbose_name = "述职报告"

    def __str__(self) -> str:
        return f"{self.organization}述职报告"

    def sections(self) -> dict[str, str]:
        return {
            "achievements": self.achievements,
            "problems": self.problems,
            "causes": self.causes,
            "rectification": self.rectification,
            "commitments": self.commitments,
        }


class VersionState(models.TextChoices):
    UNDER_REVIEW = "under_review", "审核中"
    RETURNED = "returned", "已退回"
    PASSED = "passed", "全部通过"


class ReportVersion(models.Model):
    """A submitted text, frozen. Every submission keeps one; the review signs a version."""

    report = models.ForeignKey(DutyReport, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField("版本")
    mode = models.CharField(max_length=20, choices=Mode.choices)
    sections = models.JSONField(default=dict)
    text = models.TextField("全文")
    answers = models.JSONField(default=dict)
    state = models.CharField(
        max_length=20, choices=VersionState.choices, default=VersionState.UNDER_REVIEW
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    # The copy-detection signature, computed once at submission so no page recomputes it:
    # passage spans in ``text`` and their MinHash rows (little-endian uint32).
    passage_spans = models.JSONField(default=list)
    minhashes = models.BinaryField(default=b"")

    class Meta:
        ordering = ["report", "number"]
        verbose_name = "述职报告版本"
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="one_version_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="version_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.report} 第{self.number}版"


class CopyEntry(models.Model):
    """A report's entry in the copy index, kept at every save (drafts included) and submission:
    its text as last saved (the checks' text of the draft, which a submission freezes), the
    passage spans in it and their MinHash rows (little-endian uint32). Its LSH buckets are the
    report's ``PassageBucket`` rows. Apart from ``DutyReport`` so report lists never load it."""

    report = models.OneToOneField(
        DutyReport, on_delete=models.CASCADE, primary_key=True, related_name="copy_entry"
    )
    text = models.TextField(default="", blank=True)
    passage_spans = models.JSONField(default=list, blank=True)
    minhashes = models.BinaryField(default=b"", blank=True)

    def __str__(self) -> str:
        return f"{self.report_id}: {len(self.passage_spans)}"


class PassageBucket(models.Model):
    """An LSH bucket of one passage of a report's indexed text: the copy-detection index."""

    report = models.ForeignKey(DutyReport, on_delete=models.CASCADE, related_name="buckets")
    passage = models.PositiveSmallIntegerField()
    bucket = models.BigIntegerField()

    class Meta:
        # Covering, so a bucket's reports are read from the index alone, newest first (the
        # look-up takes a bounded number of them per bucket).
        indexes = [models.Index(fields=["bucket", "-report", "passage"], name="report_bucket_idx")]

    def __str__(self) -> str:
        return f"{self.report_id}:{self.passage}:{self.bucket}"


class StepScope(models.TextChoices):
    HEARING = "hearing", "听取述职的党组织"
    ABOVE = "above", "上一级党组织"


class ReviewChainStep(models.Model):
    """One step of a round's review chain; the default chain has three (000: 三级审核)."""

    round = models.ForeignKey("rounds.Round", on_delete=models.CASCADE, related_name="review_steps")
    position = models.PositiveSmallIntegerField("顺序")
    label = models.CharField("审核环节", max_length=50)
    role = models.CharField("审核角色", max_length=20, choices=Role.choices)
    scope = models.CharField("所在组织", max_length=20, choices=StepScope.choices)

    class Meta:
        ordering = ["round", "position"]
        verbose_name = "审核环节"
        constraints = [
            models.UniqueConstraint(fields=["round", "position"], name="one_step_per_position"),
            models.CheckConstraint(condition=Q(position__gte=1), name="step_position_positive"),
        ]

    def __str__(self) -> str:
        return f"第{self.position}步 {self.label}"


class Decision(models.TextChoices):
    PASS = "pass", "通过"
    RETURN = "return", "退回"


GATES = {
    "gate_problems": "问题找得准",
    "gate_causes": "原因剖析深",
    "gate_measures": "措施具体",
    "gate_materials": "材料真实",
}


class ReviewStep(models.Model):
    """A signed decision on one step of one version, with the four-gate checklist (四个不开会)."""

    version = models.ForeignKey(ReportVersion, on_delete=models.CASCADE, related_name="decisions")
    position = models.PositiveSmallIntegerField("顺序")
    label = models.CharField("审核环节", max_length=50)
    decision = models.CharField("结论", max_length=10, choices=Decision.choices)
    reasons = models.TextField("理由", blank=True)
    gate_problems = models.BooleanField("问题找得准", default=False)
    gate_causes = models.BooleanField("原因剖析深", default=False)
    gate_measures = models.BooleanField("措施具体", default=False)
    gate_materials = models.BooleanField("材料真实", default=False)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["version", "position"]
        verbose_name = "审核意见"
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="one_decision_per_step"),
            # One person signs at most one step of a version, so three steps mean three people.
            models.UniqueConstraint(fields=["version", "signed_by"], name="one_step_per_signer"),
            # A pass signs all four gates; a return gives its reasons.
            models.CheckConstraint(
                condition=Q(decision="return")
                | Q(gate_problems=True, gate_causes=True, gate_measures=True, gate_materials=True),
                name="pass_signs_every_gate",
            ),
            models.CheckConstraint(
                condition=Q(decision="pass") | ~Q(reasons=""), name="return_gives_reasons"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version} {self.label} {self.get_decision_display()}"

    @property
    def gates(self) -> dict[str, bool]:
        return {label: getattr(self, name) for name, label in GATES.items()}


# The parts a sentence can belong to (as reports.checks.Category, named as on the pages).
SECTION_CHOICES = [
    ("achievements", "工作成绩"),
    ("problems", "存在问题"),
    ("causes", "原因剖析"),
    ("rectification", "整改措施"),
    ("commitments", "来年承诺"),
    ("other", "其他内容"),
]


class FindingObjection(models.Model):
    """The secretary's word that an automatic finding is wrong, with the sentence it is about.

    Kept for the reviewers (shown on the report's page) and as labelled data for the checks:
    ``correct_section`` says which part the sentence really belongs to, when that is the point.
    """

    report = models.ForeignKey(DutyReport, on_delete=models.CASCADE, related_name="objections")
    version = models.ForeignKey(
        ReportVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rule = models.CharField("检查项", max_length=30)
    text = models.TextField("所指句子")
    start = models.PositiveIntegerField(default=0)
    end = models.PositiveIntegerField(default=0)
    section = models.CharField("检查时计入", max_length=20, blank=True)
    note = models.CharField("检查的理由", max_length=300, blank=True)
    reason = models.TextField("误判理由")
    correct_section = models.CharField(
        "应属部分",
        max_length=20,
        blank=True,
        choices=SECTION_CHOICES,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["report", "-created_at"]
        verbose_name = "检查误判反馈"
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="objection_gives_reason"),
            models.CheckConstraint(condition=~Q(text=""), name="objection_names_sentence"),
        ]

    def __str__(self) -> str:
        return f"{self.report} {self.rule}：{self.text[:20]}"

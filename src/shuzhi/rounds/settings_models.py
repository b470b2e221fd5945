"""A round's scoring settings (考核设置): weights, grade points, quotas, honours, pay.

Defaults follow DOMAIN.md (001: 20% / 50% / 30% classes, 100% / 50% / 20% pay) and the
scoring engine's own defaults, so a new round scores sensibly before anyone edits it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from shuzhi.core.vocabulary.grades import DEFAULT_EVALUATION_POINTS, EvaluationGrade
from shuzhi.core.vocabulary.grading import GradingMode, QuotaRounding, Rounding, TieRule
from shuzhi.core.vocabulary.sources import DEFAULT_VOTER_WEIGHTS, ScoreSource, VoterCategory


def _percent(label: str, default: int) -> models.DecimalField:
    return models.DecimalField(
        label,
        max_digits=5,
        decimal_places=2,
        default=Decimal(default),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )


def _points(label: str, default: int) -> models.DecimalField:
    return models.DecimalField(label, max_digits=7, decimal_places=2, default=Decimal(default))


def _source_weight(source: ScoreSource, default: int) -> models.DecimalField:
    return _percent(f"{source.label}权重（%）", default)


def _grade_points(grade: EvaluationGrade) -> models.DecimalField:
    return _points(f"“{grade.label}”得分", DEFAULT_EVALUATION_POINTS[grade])


def _voter_weight(category: VoterCategory) -> models.DecimalField:
    return _percent(f"{category.label}权重（%）", DEFAULT_VOTER_WEIGHTS[category])


def _sum_equals_100(fields: tuple[str, ...]) -> models.Q:
    total: Any = models.F(fields[0])
    for name in fields[1:]:
        total = total + models.F(name)
    return models.Q(models.lookups.Exact(total, models.Value(Decimal(100))))


SOURCE_WEIGHT_FIELDS = (
    "weight_indicators",
    "weight_onsite",
    "weight_superior",
    "weight_records",
    "weight_level_1",
    "weight_level_2",
)
VOTER_WEIGHT_FIELDS = (
    "weight_leader",
    "weight_representative",
    "weight_member",
    "weight_masses",
)
CLASS_QUOTA_FIELDS = ("class_1_percent", "class_2_percent", "class_3_percent")
GRADE_QUOTA_FIELDS = (
    "quota_excellent_percent",
    "quota_good_percent",
    "quota_adequate_percent",
    "quota_poor_percent",
)


class RoundSettings(models.Model):
    """How a round's scores are combined and turned into outcomes; defaults from DOMAIN.md."""

    round = models.OneToOneField("rounds.Round", on_delete=models.CASCADE, related_name="settings")
    # Source weights (percent of the composite); they must sum to 100.
    weight_indicators = _source_weight(ScoreSource.INDICATORS, 60)
    weight_onsite = _source_weight(ScoreSource.ONSITE, 30)
    weight_superior = _source_weight(ScoreSource.SUPERIOR, 10)
    weight_records = _source_weight(ScoreSource.RECORDS, 0)
    # Two-level composite (001): assessments made at other levels (e.g. the city's and the
    # county's), each a source with its own weight; a weight of 0 leaves it out.
    level_1_name = models.CharField("第一级考核名称", max_length=20, default="市级考核")
    weight_level_1 = _source_weight(ScoreSource.LEVEL_1, 0)
    level_2_name = models.CharField("第二级考核名称", max_length=20, default="县级考核")
    weight_level_2 = _source_weight(ScoreSource.LEVEL_2, 0)
    # On-site evaluation: points per grade and weights per voter category (sum 100).
    points_good = _grade_points(EvaluationGrade.GOOD)
    points_fair = _grade_points(EvaluationGrade.FAIR)
    points_average = _grade_points(EvaluationGrade.AVERAGE)
    points_poor = _grade_points(EvaluationGrade.POOR)
    weight_leader = _voter_weight(VoterCategory.LEADER)
    weight_representative = _voter_weight(VoterCategory.REPRESENTATIVE)
    weight_member = _voter_weight(VoterCategory.MEMBER)
    weight_masses = _voter_weight(VoterCategory.MASSES)
    # Grades.
    grading_mode = models.CharField(
        "定等方式", max_length=20, choices=GradingMode.choices, default=GradingMode.THRESHOLDS.value
    )
    threshold_excellent = _points("优秀分数线", 90)
    threshold_good = _points("良好分数线", 80)
    threshold_adequate = _points("一般分数线", 60)
    quota_excellent_percent = _percent("优秀比例（%）", 20)
    quota_good_percent = _percent("良好比例（%）", 50)
    quota_adequate_percent = _percent("一般比例（%）", 25)
    quota_poor_percent = _percent("较差比例（%）", 5)
    # Classes (001): 20% / 50% / 30%, with rounding and tie rule written down.
    class_1_percent = _percent("一类比例（%）", 20)
    class_2_percent = _percent("二类比例（%）", 50)
    class_3_percent = _percent("三类比例（%）", 30)
    quota_rounding = models.CharField(
        "名额取整",
        max_length=10,
        choices=QuotaRounding.choices,
        default=QuotaRounding.HALF_UP.value,
    )
    tie_rule = models.CharField(
        "分界并列", max_length=10, choices=TieRule.choices, default=TieRule.UP.value
    )
    honours_count = models.PositiveSmallIntegerField("表彰名额（一类中前 N 名）", default=10)
    honours_title = models.CharField("表彰称号", max_length=20, default="十佳")
    interview_bottom_count = models.PositiveSmallIntegerField("末位约谈人数（每组）", default=1)
    interview_bottom_percent = _percent("末位约谈比例（%）", 0)
    pay_class_1_percent = _percent("一类绩效奖励（% 基本报酬）", 100)
    pay_class_2_percent = _percent("二类绩效奖励（% 基本报酬）", 50)
    pay_class_3_percent = _percent("三类绩效奖励（% 基本报酬）", 20)
    places = models.PositiveSmallIntegerField(
        "保留小数位", default=2, validators=[MaxValueValidator(4)]
    )
    rounding = models.CharField(
        "舍入方式", max_length=20, choices=Rounding.choices, default=Rounding.HALF_UP.value
    )

    class Meta:
        verbose_name = "考核设置"
        constraints = [
            models.CheckConstraint(
                condition=_sum_equals_100(SOURCE_WEIGHT_FIELDS), name="source_weights_sum_100"
            ),
            models.CheckConstraint(
                condition=_sum_equals_100(VOTER_WEIGHT_FIELDS), name="voter_weights_sum_100"
            ),
            models.CheckConstraint(
                condition=_sum_equals_100(CLASS_QUOTA_FIELDS), name="class_quotas_sum_100"
            ),
            models.CheckConstraint(
                condition=_sum_equals_100(GRADE_QUOTA_FIELDS), name="grade_quotas_sum_100"
            ),
            models.CheckConstraint(condition=models.Q(places__lte=4), name="places_at_most_4"),
            models.CheckConstraint(
                condition=models.Q(threshold_excellent__gte=models.F("threshold_good"))
                & models.Q(threshold_good__gte=models.F("threshold_adequate")),
                name="grade_thresholds_descend",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} 考核设置"

    def clean(self) -> None:
        """The same sums the database checks, reported in words a user can act on."""
        errors: dict[str, str] = {}
        for fields, label in (
            (SOURCE_WEIGHT_FIELDS, "各评分来源权重"),
            (VOTER_WEIGHT_FIELDS, "各类测评人权重"),
            (CLASS_QUOTA_FIELDS, "一、二、三类比例"),
            (GRADE_QUOTA_FIELDS, "各等次比例"),
        ):
            total = sum((getattr(self, name) or Decimal(0) for name in fields), Decimal(0))
            if total != 100:
                errors[fields[0]] = f"{label}之和必须为 100%，当前为 {total.normalize():f}%。"
        if not self.threshold_excellent >= self.threshold_good >= self.threshold_adequate:
            errors["threshold_excellent"] = "分数线须满足：优秀 ≥ 良好 ≥ 一般。"
        if self.level_1_name.strip() == self.level_2_name.strip():
            errors["level_2_name"] = "两级考核的名称不能相同。"
        if errors:
            raise ValidationError(errors)

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

from shuzhi.core.vocabulary.grades import EvaluationGrade
from shuzhi.core.vocabulary.grading import GradingMode, QuotaRounding, Rounding, TieRule
from shuzhi.core.vocabulary.sources import ScoreSource, VoterCategory
from shuzhi.rounds.settings_schema import DEFAULTS, VOTER_FIELDS, check_settings


def _percent(label: str, default: Decimal | int) -> models.DecimalField:
    return models.DecimalField(
        label,
        max_digits=5,
        decimal_places=2,
        default=Decimal(default),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )


def _points(label: str, default: Decimal | int) -> models.DecimalField:
    return models.DecimalField(label, max_digits=7, decimal_places=2, default=Decimal(default))


def _source_weight(source: ScoreSource, default: Decimal | int) -> models.DecimalField:
    return _percent(f"{source.label}权重（%）", default)


def _grade_points(grade: EvaluationGrade) -> models.DecimalField:
    return _points(f"“{grade.label}”得分", DEFAULTS[f"points_{grade.value}"])


def _voter_weight(category: VoterCategory) -> models.DecimalField:
    return _percent(f"{category.label}权重（%）", DEFAULTS[VOTER_FIELDS[category]])


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
    weight_indicators = _source_weight(ScoreSource.INDICATORS, DEFAULTS["weight_indicators"])
    weight_onsite = _source_weight(ScoreSource.ONSITE, DEFAULTS["weight_onsite"])
    weight_superior = _source_weight(ScoreSource.SUPERIOR, DEFAULTS["weight_superior"])
    weight_records = _source_weight(ScoreSource.RECORDS, DEFAULTS["weight_records"])
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
        "定等方式", max_length=20, choices=GradingMode.choices, default=DEFAULTS["grading_mode"]
    )
    threshold_excellent = _points("优秀分数线", DEFAULTS["threshold_excellent"])
    threshold_good = _points("良好分数线", DEFAULTS["threshold_good"])
    threshold_adequate = _points("一般分数线", DEFAULTS["threshold_adequate"])
    quota_excellent_percent = _percent("优秀比例（%）", DEFAULTS["quota_excellent_percent"])
    quota_good_percent = _percent("良好比例（%）", DEFAULTS["quota_good_percent"])
    quota_adequate_percent = _percent("一般比例（%）", DEFAULTS["quota_adequate_percent"])
    quota_poor_percent = _percent("较差比例（%）", DEFAULTS["quota_poor_percent"])
    # Classes (001): 20% / 50% / 30%, with rounding and tie rule written down.
    class_1_percent = _percent("一类比例（%）", DEFAULTS["class_1_percent"])
    class_2_percent = _percent("二类比例（%）", DEFAULTS["class_2_percent"])
    class_3_percent = _percent("三类比例（%）", DEFAULTS["class_3_percent"])
    quota_rounding = models.CharField(
        "名额取整",
        max_length=10,
        choices=QuotaRounding.choices,
        default=DEFAULTS["quota_rounding"],
    )
    tie_rule = models.CharField(
        "分界并列", max_length=10, choices=TieRule.choices, default=DEFAULTS["tie_rule"]
    )
    honours_count = models.PositiveSmallIntegerField(
        "表彰名额（一类中前 N 名）", default=DEFAULTS["honours_count"]
    )
    honours_title = models.CharField("表彰称号", max_length=20, default=DEFAULTS["honours_title"])
    # Whether a place left by a vetoed honouree goes to the next eligible one (docs/scoring.md).
    honours_refill = models.BooleanField(
        "表彰名额递补（被否决者的名额由下一名递补）", default=DEFAULTS["honours_refill"]
    )
    interview_bottom_count = models.PositiveSmallIntegerField(
        "末位约谈人数（每组）", default=DEFAULTS["interview_bottom_count"]
    )
    interview_bottom_percent = _percent("末位约谈比例（%）", DEFAULTS["interview_bottom_percent"])
    pay_class_1_percent = _percent("一类绩效奖励（% 基本报酬）", DEFAULTS["pay_class_1_percent"])
    pay_class_2_percent = _percent("二类绩效奖励（% 基本报酬）", DEFAULTS["pay_class_2_percent"])
    pay_class_3_percent = _percent("三类绩效奖励（% 基本报酬）", DEFAULTS["pay_class_3_percent"])
    places = models.PositiveSmallIntegerField(
        "保留小数位", default=DEFAULTS["places"], validators=[MaxValueValidator(4)]
    )
    rounding = models.CharField(
        "舍入方式", max_length=20, choices=Rounding.choices, default=DEFAULTS["rounding"]
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
        """The checks the round workbook's 设置 sheet gets too (``settings_schema``), in words a
        user can act on; the database checks the sums again."""
        values = {field: getattr(self, field) for field in DEFAULTS}
        if any(value is None for value in values.values()):
            return  # the form reports the empty field itself
        levels = [
            ("1", self.weight_level_1 or Decimal(0)),
            ("2", self.weight_level_2 or Decimal(0)),
        ]
        errors: dict[str, str] = {}
        for problem in check_settings(values, levels):
            errors.setdefault(problem.field, problem.message)
        if self.level_1_name.strip() == self.level_2_name.strip():
            errors["level_2_name"] = "两级考核的名称不能相同。"
        if errors:
            raise ValidationError(errors)

"""Villages and branches: the 100-point assessment with pay, lagging organisations, star
ratings and secretaries' points. Rules are in ``villages.rules`` (no Django)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from shuzhi.orgs.choices import Field
from shuzhi.villages.rules import (
    DEFAULT_PRIZE,
    DEFAULT_TOP_N,
    CommitteeRole,
    IdentifiedBy,
    LaggingKind,
    ListingStatus,
    PointsStatus,
    SignOffLevel,
    VillageClass,
)

USER = settings.AUTH_USER_MODEL


class VillageAssessment(models.Model):
    """百分制考评: one year's assessment of every village and community of a county or city."""

    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="+", verbose_name="考评单位"
    )
    year = models.PositiveSmallIntegerField("年度")
    top_n = models.PositiveSmallIntegerField("十佳名额", default=DEFAULT_TOP_N)
    prize_amount = models.DecimalField(
        "十佳奖金（元）", max_digits=12, decimal_places=2, default=DEFAULT_PRIZE
    )
    computed_at = models.DateTimeField("计算时间", null=True, blank=True)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "pk"]
        verbose_name = "百分制考评"
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="one_assessment_a_year"),
            models.CheckConstraint(condition=Q(prize_amount__gte=0), name="prize_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.year}年百分制考评"


class VillageScore(models.Model):
    """One village's 100-point score and what follows from it (rank, class, 十佳)."""

    assessment = models.ForeignKey(
        VillageAssessment, on_delete=models.CASCADE, related_name="scores"
    )
    village = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    # The village's township, stored so a township's pay sheet is one indexed filter.
    township = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField("得分", max_digits=5, decimal_places=2)
    rank = models.PositiveIntegerField("排名", null=True, blank=True)
    klass = models.CharField("类别", max_length=1, choices=VillageClass.choices, blank=True)
    top_ten = models.BooleanField("十佳", default=False)
    pay_share = models.DecimalField(
        "报酬比例（%）", max_digits=7, decimal_places=4, null=True, blank=True
    )

    class Meta:
        ordering = ["rank", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "village"], name="one_score_a_village"),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=100), name="score_within_100"
            ),
        ]
        indexes = [models.Index(fields=["assessment", "township"], name="score_township_idx")]

    def __str__(self) -> str:
        return f"{self.village_id}: {self.score}"


class CommitteeMember(models.Model):
    """A member of the village's two committees with base pay; the bonus follows the class."""

    score = models.ForeignKey(VillageScore, on_delete=models.CASCADE, related_name="members")
    name = models.CharField("姓名", max_length=50)
    role = models.CharField("职务", max_length=20, choices=CommitteeRole.choices)
    base_pay = models.DecimalField("基本报酬（元）", max_digits=10, decimal_places=2)
    bonus = models.DecimalField("绩效报酬（元）", max_digits=10, decimal_places=2, null=True)

    class Meta:
        ordering = ["score", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["score", "name"], name="one_member_a_name"),
            models.CheckConstraint(condition=Q(base_pay__gte=0), name="base_pay_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name


class PaySheetSignOff(models.Model):
    """A township's pay sheet signed by the township, then by the county."""

    assessment = models.ForeignKey(
        VillageAssessment, on_delete=models.CASCADE, related_name="sign_offs"
    )
    township = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    level = models.CharField("审核层级", max_length=20, choices=SignOffLevel.choices)
    signed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "township", "level"], name="one_sign_off_a_level"
            )
        ]

    def __str__(self) -> str:
        return f"{self.township_id} {self.level}"


class LaggingOrganization(models.Model):
    """后进村 / 软弱涣散: on the list until its rectification is signed off and approved."""

    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="+", verbose_name="党组织"
    )
    # The county that listed it: its scope, its department and its rectification rate.
    county = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类型", max_length=20, choices=LaggingKind.choices)
    identified_by = models.CharField("认定方式", max_length=20, choices=IdentifiedBy.choices)
    reason = models.TextField("认定理由")
    year_listed = models.PositiveSmallIntegerField("列入年度")
    department = models.ForeignKey(
        "orgs.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="结对县直部门",
    )
    responsible_leader = models.CharField("联系县级领导", max_length=50, blank=True)
    status = models.CharField(
        "状态", max_length=20, choices=ListingStatus.choices, default=ListingStatus.LISTED.value
    )
    delist_requested_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    delisted_on = models.DateField("摘帽日期", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["year_listed", "pk"]
        verbose_name = "后进村与软弱涣散党组织"
        constraints = [
            models.UniqueConstraint(
                fields=["organization"],
                condition=~Q(status=ListingStatus.DELISTED.value),
                name="listed_once_at_a_time",
            ),
            models.CheckConstraint(
                condition=Q(status=ListingStatus.DELISTED.value, delisted_on__isnull=False)
                | (~Q(status=ListingStatus.DELISTED.value) & Q(delisted_on__isnull=True)),
                name="delisted_on_matches_status",
            ),
        ]
        indexes = [models.Index(fields=["county", "status"], name="lagging_county_status_idx")]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.year_listed}"

    @property
    def reference(self) -> str:
        """The rectification ledger's reference prefix of this listing's plan items."""
        return f"villages.lagging:{self.pk}"


class RatingTemplate(models.Model):
    """A county's star-rating standard for one field; without one, 002's six standards."""

    county = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    field = models.CharField("领域", max_length=20, choices=Field.choices)
    name = models.CharField("名称", max_length=100)
    standards = models.JSONField("标准")  # [{"key", "label", "max_points"}], points as text
    bars = models.JSONField("星级分数线")  # minimum totals for 5, 4, 3, 2 stars, as text

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["county", "field"], name="one_template_a_field")
        ]

    def __str__(self) -> str:
        return self.name


class StarRating(models.Model):
    """A branch's star rating (星级评定) for a year; a re-rating replaces it as current."""

    branch = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    # The branch's township, county and field when rated: the distributions group by them
    # with one indexed query, however deep the branch sits.
    township = models.ForeignKey(
        "orgs.Organization", null=True, on_delete=models.PROTECT, related_name="+"
    )
    county = models.ForeignKey(
        "orgs.Organization", null=True, on_delete=models.PROTECT, related_name="+"
    )
    field = models.CharField("领域", max_length=20, choices=Field.choices)
    points = models.JSONField("各项得分")  # {standard key: points as text}
    secretary_points = models.DecimalField("书记积分", max_digits=6, decimal_places=2, default=0)
    total = models.DecimalField("总分", max_digits=5, decimal_places=2)
    stars = models.PositiveSmallIntegerField("星级")
    evidence = models.TextField("评定依据")
    rated_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    rated_at = models.DateTimeField(auto_now_add=True)
    is_current = models.BooleanField(default=True)

    class Meta:
        ordering = ["-year", "-pk"]
        verbose_name = "星级评定"
        constraints = [
            models.UniqueConstraint(
                fields=["branch", "year"], condition=Q(is_current=True), name="one_current_rating"
            ),
            models.CheckConstraint(condition=Q(stars__gte=1, stars__lte=5), name="stars_1_to_5"),
        ]
        indexes = [
            models.Index(fields=["county", "year", "is_current"], name="rating_county_year_idx"),
            models.Index(fields=["township", "year", "is_current"], name="rating_town_year_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.branch_id} {self.year}: {self.stars}"

    @property
    def reference(self) -> str:
        return f"villages.clearing:{self.pk}"


class PointsRuleSetting(models.Model):
    """One line of a county's points table (积分规则); without any, the default table."""

    county = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    code = models.CharField("编码", max_length=30)
    label = models.CharField("事项", max_length=100)
    points = models.DecimalField("分值", max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["county", "code"]
        constraints = [
            models.UniqueConstraint(fields=["county", "code"], name="one_points_rule_a_code")
        ]

    def __str__(self) -> str:
        return self.label


class PointsEntry(models.Model):
    """Points a branch secretary earned or lost, counted once the township confirms them."""

    branch = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    secretary = models.ForeignKey(
        "orgs.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年度")
    rule_code = models.CharField("规则编码", max_length=30)
    rule_label = models.CharField("事项", max_length=100)
    points = models.DecimalField("分值", max_digits=5, decimal_places=2)
    occurred_on = models.DateField("发生日期")
    note = models.CharField("说明", max_length=200, blank=True)
    status = models.CharField(
        "状态", max_length=20, choices=PointsStatus.choices, default=PointsStatus.PENDING.value
    )
    entered_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    confirmed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-occurred_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(confirmed_by__isnull=True) | ~Q(confirmed_by=F("entered_by")),
                name="points_not_confirmed_by_enterer",
            ),
        ]
        indexes = [models.Index(fields=["branch", "year", "status"], name="points_branch_year_idx")]

    def __str__(self) -> str:
        return f"{self.rule_label} {self.points}"

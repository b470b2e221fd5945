"""Villages and branches: the 100-point assessment with pay, lagging organisations, star
ratings and secretaries' points. Rules are in ``villages.rules`` (no Django)."""

from __future__ import annotations

import os

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from shuzhi.core.vocabulary.base import choices_of
from shuzhi.core.vocabulary.grades import EvaluationGrade
from shuzhi.core.vocabulary.sources import VoterCategory
from shuzhi.meetings.rules import key_from
from shuzhi.orgs.choices import Field
from shuzhi.villages.rules import (
    DEFAULT_ASSESSOR_WEIGHT,
    DEFAULT_OBJECTION_DAYS,
    DEFAULT_PRIZE,
    DEFAULT_TOP_N,
    ELECTOR_CATEGORIES,
    AssessorKind,
    CommitteeRole,
    EvaluationMode,
    FilerKind,
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


# --- 双述双评 (001) ----------------------------------------------------------------------------


def random_key() -> int:
    """A random key for the evaluation's slips, ballots and voted marks (as the meeting's)."""
    return key_from(os.urandom(8))


ELECTOR_CHOICES = choices_of(VoterCategory(value) for value in ELECTOR_CATEGORIES)


class VillageRound(models.Model):
    """双述双评 of a half-year round held by a township: its villages' secretaries report to the
    township (the round's own meeting) and each village's cadres to its members and masses
    (a village hearing); assessors score, all members evaluate, the township ranks and posts."""

    round = models.OneToOneField(
        "rounds.Round", on_delete=models.PROTECT, related_name="+", verbose_name="述职评议考核"
    )
    township = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    assessor_weight = models.PositiveSmallIntegerField(
        "考评打分权重（%）", default=DEFAULT_ASSESSOR_WEIGHT
    )
    objection_days = models.PositiveSmallIntegerField("公示天数", default=DEFAULT_OBJECTION_DAYS)
    published_on = models.DateField("公示日期", null=True, blank=True)
    objections_close_on = models.DateField("公示截止日期", null=True, blank=True)
    finalized_at = models.DateTimeField("结果确定时间", null=True, blank=True)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = "双述双评"
        constraints = [
            models.CheckConstraint(
                condition=Q(assessor_weight__lte=100), name="assessor_weight_a_percentage"
            ),
            models.CheckConstraint(condition=Q(objection_days__gte=1), name="objection_period"),
            models.CheckConstraint(
                condition=Q(published_on__isnull=True, objections_close_on__isnull=True)
                | Q(objections_close_on__gte=F("published_on")),
                name="objections_close_after_posting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round}（双述双评）"

    @property
    def evaluation_weight(self) -> int:
        return 100 - self.assessor_weight


class VillageHearing(models.Model):
    """A village's second hearing (to its members and masses): a meeting of the meetings app
    (kind "village hearing"), with the counts its box sent when it closed."""

    village_round = models.ForeignKey(
        VillageRound, on_delete=models.CASCADE, related_name="hearings"
    )
    village = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    # The meeting's id in the meetings app (reached only through core.events).
    meeting_pk = models.PositiveIntegerField("述职会编号", unique=True)
    closed = models.BooleanField("已结束", default=False)
    counts = models.JSONField("各等次票数", default=dict, blank=True)  # grade -> ballots
    digest = models.CharField("测评票摘要", max_length=64, blank=True)

    class Meta:
        ordering = ["village_round", "village__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["village_round", "village"], name="one_hearing_a_village"
            )
        ]

    def __str__(self) -> str:
        return str(self.meeting_pk)


class DemocraticEvaluation(models.Model):
    """民主评议 of a village's two committees by all its party members and masses
    representatives, open over a window of days; by slips (tokens) or by the members' roll."""

    village_round = models.ForeignKey(
        VillageRound, on_delete=models.CASCADE, related_name="evaluations"
    )
    village = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    mode = models.CharField("投票方式", max_length=10, choices=EvaluationMode.choices)
    opens_at = models.DateTimeField("开始时间")
    closes_at = models.DateTimeField("结束时间")
    digest = models.CharField("评议票摘要", max_length=64, blank=True)
    counted_at = models.DateTimeField("计票时间", null=True, blank=True)

    class Meta:
        ordering = ["village_round", "village__path"]
        verbose_name = "民主评议"
        constraints = [
            models.UniqueConstraint(
                fields=["village_round", "village"], name="one_evaluation_a_village"
            ),
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="evaluation_window_ends_later"
            ),
            models.CheckConstraint(
                condition=Q(counted_at__isnull=True) | ~Q(digest=""),
                name="counted_evaluation_has_digest",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.village_id} 民主评议"


class Elector(models.Model):
    """A member (or masses representative) on the village's roll: who may vote by the roll."""

    evaluation = models.ForeignKey(
        DemocraticEvaluation, on_delete=models.CASCADE, related_name="electors"
    )
    person = models.ForeignKey("orgs.Person", on_delete=models.PROTECT, related_name="+")
    category = models.CharField("类别", max_length=20, choices=ELECTOR_CHOICES)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "person"], name="on_the_roll_once")
        ]

    def __str__(self) -> str:
        return str(self.person_id)


class ElectorVoted(models.Model):
    """Only that a member on the roll has voted — in its own table, with a random key and no
    time, and no column naming a ballot (the ballot names no one either)."""

    id = models.BigIntegerField(primary_key=True, default=random_key, editable=False)
    evaluation = models.ForeignKey(
        DemocraticEvaluation, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    person = models.ForeignKey("orgs.Person", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "person"], name="votes_once_by_roll")
        ]

    def __str__(self) -> str:
        return "已投票"


class EvaluationToken(models.Model):
    """A one-time slip of the democratic evaluation: only its SHA-256 and whether it is used."""

    id = models.BigIntegerField(primary_key=True, default=random_key, editable=False)
    evaluation = models.ForeignKey(
        DemocraticEvaluation, on_delete=models.CASCADE, related_name="tokens"
    )
    token_hash = models.CharField(max_length=64)
    category = models.CharField("类别", max_length=20, choices=ELECTOR_CHOICES)
    used = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["token_hash"], name="one_evaluation_token_a_hash")
        ]

    def __str__(self) -> str:
        return f"评议码 {self.token_hash[:8]}…"


class EvaluationBallot(models.Model):
    """One anonymous vote: random key, category, grade, receipt (a keyed hash). No token, no
    person, no time, no sequence; rewritten in receipt order when the evaluation is counted."""

    id = models.BigIntegerField(primary_key=True, default=random_key, editable=False)
    evaluation = models.ForeignKey(
        DemocraticEvaluation, on_delete=models.CASCADE, related_name="ballots", db_index=False
    )
    category = models.CharField("类别", max_length=20, choices=ELECTOR_CHOICES)
    grade = models.CharField("评价", max_length=10, choices=EvaluationGrade.choices)
    receipt = models.CharField(max_length=20)

    class Meta:
        ordering = ["evaluation", "receipt"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "receipt"], name="one_evaluation_ballot_a_receipt"
            )
        ]

    def __str__(self) -> str:
        return f"评议票 {self.receipt}"


class AssessorScore(models.Model):
    """One assessor's score (0–100) of a village secretary's report to the township."""

    village_round = models.ForeignKey(
        VillageRound, on_delete=models.CASCADE, related_name="assessor_scores"
    )
    village = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("评分人类别", max_length=20, choices=AssessorKind.choices)
    assessor = models.CharField("评分人", max_length=50)
    score = models.DecimalField("得分", max_digits=5, decimal_places=2)
    entered_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["village_round", "village", "kind", "assessor"]
        constraints = [
            models.UniqueConstraint(
                fields=["village_round", "village", "kind", "assessor"],
                name="one_score_an_assessor",
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=100), name="assessor_score_within_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessor}: {self.score}"


class VillageRoundResult(models.Model):
    """A village's place in the township's ranking: assessors' and democratic scores, total."""

    village_round = models.ForeignKey(
        VillageRound, on_delete=models.CASCADE, related_name="results"
    )
    village = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    assessor_score = models.DecimalField("考评打分", max_digits=5, decimal_places=2)
    evaluation_score = models.DecimalField("民主评议", max_digits=5, decimal_places=2)
    total = models.DecimalField("综合得分", max_digits=5, decimal_places=2)
    rank = models.PositiveIntegerField("排名")

    class Meta:
        ordering = ["village_round", "rank", "village__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["village_round", "village"], name="one_result_a_village"
            )
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.village_id}"


class Objection(models.Model):
    """An objection raised during 公示 (who, what, when) and its answer (what, by whom).

    Recorded by the township (``recorded_by``), or filed by a member of the public on the
    public page (no account: ``recorded_by`` empty), with real name, contact and a receipt
    number shown to the filer."""

    village_round = models.ForeignKey(
        VillageRound, on_delete=models.CASCADE, related_name="objections"
    )
    village = models.ForeignKey(
        "orgs.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    raised_by = models.CharField("提出人", max_length=50)
    filer_kind = models.CharField("身份", max_length=10, choices=FilerKind.choices, blank=True)
    contact = models.CharField("联系方式", max_length=50, blank=True)
    receipt = models.CharField("受理编号", max_length=12, blank=True)
    text = models.TextField("异议内容")
    raised_on = models.DateField("提出日期")
    recorded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answer = models.TextField("答复", blank=True)
    answered_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)

    class Meta:
        ordering = ["village_round", "raised_on", "pk"]
        verbose_name = "公示异议"
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_by__isnull=True, answer="")
                | (Q(answered_by__isnull=False) & ~Q(answer="")),
                name="answer_has_its_author",
            ),
            # Filed by the public: real name and contact (实名反映) and a receipt number.
            models.CheckConstraint(
                condition=Q(recorded_by__isnull=False)
                | (~Q(contact="") & ~Q(receipt="") & ~Q(filer_kind="")),
                name="public_objection_is_named",
            ),
            models.UniqueConstraint(
                fields=["receipt"], condition=~Q(receipt=""), name="one_objection_a_receipt"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:40]

    @property
    def filed_publicly(self) -> bool:
        return self.recorded_by_id is None

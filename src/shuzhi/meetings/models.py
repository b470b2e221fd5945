"""The meeting (述职评议会): agenda, attendance, critiques, and the anonymous ballot box.

Secrecy is structural: a ``BallotToken`` is stored only as a SHA-256 hash and records only
whether it has been used; a ``Ballot`` row has no token, IP address, browser data, user, time
or sequence, and both are keyed by random 63-bit keys, so no column or index follows the order in
which slips were printed or ballots cast (docs/meetings.md, "What each party can learn").
"""

from __future__ import annotations

import os
from fractions import Fraction

from django.conf import settings
from django.db import models
from django.db.models import Q

from shuzhi.core.vocabulary.sources import VoterCategory
from shuzhi.meetings import rules
from shuzhi.orgs.choices import RepresentativeCategory

# The source of random keys; tests swap in a seeded one so their statistics are reproducible.
KEY_BYTES = os.urandom


def random_key() -> int:
    """A random positive 63-bit key (``rules.key_from``)."""
    return rules.key_from(KEY_BYTES(8))


def _default_points() -> dict[str, int]:
    return dict(rules.DEFAULT_GRADE_POINTS)


def _default_weights() -> dict[str, int]:
    return dict(rules.DEFAULT_CATEGORY_WEIGHTS)


class BoxState(models.TextChoices):
    PREPARING = "preparing", "筹备中"
    REHEARSAL = "rehearsal", "演练中"
    OPEN = "open", "正式投票中"
    CLOSED = "closed", "已关闭"


class Meeting(models.Model):
    """One 述职评议会 of a round, hosted by an organisation, with its evaluation settings."""

    round = models.ForeignKey("rounds.Round", on_delete=models.PROTECT, related_name="meetings")
    hosting_organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="hosted_meetings"
    )
    title = models.CharField("会议名称", max_length=120)
    kind = models.CharField(
        "会议类型",
        max_length=20,
        choices=rules.MeetingKind.choices,
        default=rules.MeetingKind.ROUND_HEARING.value,
    )
    held_on = models.DateField("会议日期")
    sign_in_code = models.CharField(max_length=16, unique=True)
    state = models.CharField(max_length=12, choices=BoxState.choices, default=BoxState.PREPARING)
    digest = models.CharField("测评票摘要", max_length=64, blank=True)
    # Settings (article 000 defaults; some provinces require more key problems).
    representative_share_numerator = models.PositiveSmallIntegerField(default=1)
    representative_share_denominator = models.PositiveSmallIntegerField(default=3)
    min_key_problems = models.PositiveSmallIntegerField("点评问题最少条数", default=2)
    small_category_threshold = models.PositiveSmallIntegerField("类别合并阈值", default=3)
    max_good_percent = models.PositiveSmallIntegerField("“好”票最高比例（%）", default=100)
    per_indicator = models.BooleanField("分项测评", default=False)
    indicators = models.JSONField("分项指标", default=list, blank=True)
    grade_points = models.JSONField("等次分值", default=_default_points)
    category_weights = models.JSONField("类别权重", default=_default_weights)
    # The hall's screen moves in steps of this many ballots, so nobody watching it can tell
    # whose press of "submit" made it move.
    turnout_step = models.PositiveSmallIntegerField("投票进度显示步长（张）", default=5)
    # The agenda's reporter ids in speaking order, frozen when the formal box opens (the agenda
    # cannot change after): a ballot reads them with its token instead of querying the agenda.
    ballot_reporters = models.JSONField(default=list, blank=True, editable=False)

    class Meta:
        ordering = ["-held_on", "pk"]
        verbose_name = "述职评议会"
        constraints = [
            # The representatives' share may be raised, never set below the rule's 1/3.
            models.CheckConstraint(
                condition=Q(
                    representative_share_numerator__lte=models.F(
                        "representative_share_denominator"
                    ),
                    representative_share_denominator__lte=models.F("representative_share_numerator")
                    * 3,
                    representative_share_numerator__gte=1,
                ),
                name="representative_share_at_least_a_third",
            ),
            models.CheckConstraint(
                condition=Q(min_key_problems__gte=1), name="at_least_one_key_problem"
            ),
            models.CheckConstraint(
                condition=Q(max_good_percent__gte=1, max_good_percent__lte=100),
                name="good_share_is_a_percentage",
            ),
            models.CheckConstraint(
                condition=~Q(state=BoxState.CLOSED) | ~Q(digest=""), name="closed_box_has_digest"
            ),
            models.CheckConstraint(
                condition=Q(turnout_step__gte=2, turnout_step__lte=100),
                name="turnout_never_shown_one_by_one",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def representative_share(self) -> Fraction:
        return Fraction(self.representative_share_numerator, self.representative_share_denominator)

    @property
    def ballot_indicators(self) -> list[str]:
        """The indicators a ballot rates: none unless the meeting rates per indicator."""
        return list(self.indicators) if self.per_indicator else []

    @property
    def validity_rules(self) -> rules.ValidityRules:
        return rules.ValidityRules(
            max_good_percent=self.max_good_percent,
            per_indicator=self.per_indicator,
            indicators=tuple(self.indicators),
        )


class AgendaItem(models.Model):
    """A reporter on the agenda, in speaking order, with minutes to speak."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    reporter = models.ForeignKey(
        "rounds.Reporter", on_delete=models.PROTECT, related_name="agenda_items"
    )
    position = models.PositiveSmallIntegerField("顺序")
    minutes = models.PositiveSmallIntegerField("发言时长（分钟）", default=10)

    class Meta:
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "reporter"], name="reporter_once_per_meeting"
            ),
            models.UniqueConstraint(fields=["meeting", "position"], name="one_reporter_per_slot"),
            models.CheckConstraint(
                condition=Q(minutes__gte=1, minutes__lte=120), name="speaking_minutes_plausible"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.reporter}"


_Rep = RepresentativeCategory


class AttendeeCategory(models.TextChoices):
    # The representatives' categories with their own labels, plus leaders and other attendees.
    LEADER = "leader", "领导班子成员"
    PARTY_CONGRESS = _Rep.PARTY_CONGRESS.value, _Rep.PARTY_CONGRESS.label
    PEOPLES_CONGRESS = _Rep.PEOPLES_CONGRESS.value, _Rep.PEOPLES_CONGRESS.label
    CPPCC = _Rep.CPPCC.value, _Rep.CPPCC.label
    GRASSROOTS_MEMBER = _Rep.GRASSROOTS_MEMBER.value, _Rep.GRASSROOTS_MEMBER.label
    MASSES = _Rep.MASSES.value, _Rep.MASSES.label
    OTHER = "other", "其他列席人员"


REPRESENTATIVE_CATEGORIES = frozenset(RepresentativeCategory.values)


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey("orgs.Person", on_delete=models.PROTECT, related_name="+")
    category = models.CharField(max_length=20, choices=AttendeeCategory.choices)
    by_scan = models.BooleanField(default=False)

    class Meta:
        ordering = ["meeting", "category", "person__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="sign_in_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person}（{self.get_category_display()}）"


class Critique(models.Model):
    """The superior's 点评 of one reporter; its key problems are numbered from 1."""

    agenda_item = models.OneToOneField(
        AgendaItem, on_delete=models.CASCADE, related_name="critique"
    )
    critic = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    summary = models.TextField("点评意见", blank=True)
    problems = models.JSONField("关键问题", default=list)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~Q(problems=[]), name="critique_names_problems")
        ]

    def __str__(self) -> str:
        return f"点评：{self.agenda_item.reporter}"


class CritiqueComment(models.Model):
    """Another leader's comment on a reporter."""

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField("意见")

    class Meta:
        ordering = ["agenda_item", "pk"]

    def __str__(self) -> str:
        return self.text[:40]


class BallotBox(models.Model):
    """The formal box or the rehearsal box of a meeting. It holds no head, counter or lock:
    ballots go in side by side, and the digest is computed over the set when the box closes."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="boxes")
    rehearsal = models.BooleanField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "rehearsal"], name="one_box_per_mode")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} {'演练' if self.rehearsal else '正式'}票箱"


class BallotToken(models.Model):
    """A one-time 测评码: only its SHA-256 is kept; it is linked to no person and to no ballot,
    and records only that it has been used."""

    id = models.BigIntegerField(primary_key=True, default=random_key, editable=False)
    # Every index is paid by each vote (a token's update): the (meeting, rehearsal, category)
    # index serves the meeting's lookups, and the hash is unique without a LIKE index.
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="tokens", db_index=False
    )
    token_hash = models.CharField(max_length=64)
    category = models.CharField(max_length=20, choices=VoterCategory.choices)
    batch = models.PositiveSmallIntegerField()
    rehearsal = models.BooleanField(default=False)
    used = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["meeting", "rehearsal", "category"])]
        constraints = [models.UniqueConstraint(fields=["token_hash"], name="one_token_per_hash")]

    def __str__(self) -> str:
        return f"测评码 {self.token_hash[:8]}…"


class BallotSource(models.TextChoices):
    PHONE = "phone", "手机"
    PAPER = "paper", "纸质"


class Ballot(models.Model):
    """An accepted ballot in canonical form. Nothing in the row follows the order of voting:
    the key is random, the receipt is a keyed hash, and there is no time, sequence or token."""

    id = models.BigIntegerField(primary_key=True, default=random_key, editable=False)
    # Indexed by the (box, receipt) constraint, which starts with the box.
    box = models.ForeignKey(
        BallotBox, on_delete=models.CASCADE, related_name="ballots", db_index=False
    )
    paper_serial = models.PositiveIntegerField(null=True, blank=True)
    category = models.CharField(max_length=20, choices=VoterCategory.choices)
    source = models.CharField(max_length=10, choices=BallotSource.choices)
    canonical = models.TextField()
    receipt = models.CharField(max_length=20)
    valid = models.BooleanField()
    invalid_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        # The canonical order (the digest's): by receipt, which no one can relate to a voter.
        ordering = ["box", "receipt"]
        constraints = [
            # One token, one ballot: a token's receipt for a given ballot is unique, and the
            # token itself is consumed by a conditional update before the ballot is written.
            models.UniqueConstraint(fields=["box", "receipt"], name="one_ballot_per_receipt"),
            # Only paper slips have a serial: a phone ballot (most of them, and the hot path)
            # adds no entry to this index.
            models.UniqueConstraint(
                fields=["box", "paper_serial"],
                condition=Q(paper_serial__isnull=False),
                name="paper_slip_counted_once",
            ),
            models.CheckConstraint(
                condition=Q(paper_serial__isnull=True, source="phone")
                | Q(paper_serial__isnull=False, source="paper"),
                name="ballot_from_phone_or_paper_slip",
            ),
        ]

    def __str__(self) -> str:
        return f"测评票 {self.receipt}"


class PaperEntry(models.Model):
    """One clerk's typing of one paper slip; two matching entries put the slip in the box."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="paper_entries")
    rehearsal = models.BooleanField(default=False)
    serial = models.PositiveIntegerField("票号")
    clerk = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    category = models.CharField(max_length=20, choices=VoterCategory.choices)
    canonical = models.TextField()
    resolved = models.BooleanField(default=False)

    class Meta:
        ordering = ["meeting", "serial", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "rehearsal", "serial", "clerk"], name="one_entry_per_clerk"
            )
        ]

    def __str__(self) -> str:
        return f"纸质票 {self.serial}"

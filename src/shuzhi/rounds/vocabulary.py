"""Words every part of a round shares: grades, voter categories, problem sources, reasons."""

from __future__ import annotations

from django.db import models


class Grade(models.TextChoices):
    """An on-site evaluation grade; the points each is worth are a round setting."""

    GOOD = "good", "好"
    FAIR = "fair", "较好"
    AVERAGE = "average", "一般"
    POOR = "poor", "差"


class VoterCategory(models.TextChoices):
    """Who casts a ballot; each category's weight in the on-site score is a round setting."""

    LEADER = "leader", "领导班子成员"
    REPRESENTATIVE = "representative", "两代表一委员"
    MEMBER = "member", "党员代表"
    MASSES = "masses", "群众代表"


class ProblemSource(models.TextChoices):
    SELF = "self", "自己查摆"
    SUPERIOR = "superior", "上级点评"
    MASSES = "masses", "群众反映"
    INSPECTION = "inspection", "视察发现"
    AUDIT = "audit", "党建审计"
    UNANNOUNCED_VISIT = "unannounced_visit", "暗访发现"


class InterviewReason(models.TextChoices):
    BOTTOM_RANK = "bottom_rank", "考核排名末位"
    OVERDUE_RECTIFICATION = "overdue_rectification", "整改逾期"
    AUDIT_FINDING = "audit_finding", "审计发现问题"
    POOR_FEEDBACK = "poor_feedback", "群众反映差"


class AssessmentGrade(models.TextChoices):
    """The grade (等次) an assessment gives a reporter, best first."""

    EXCELLENT = "excellent", "优秀"
    GOOD = "good", "良好"
    ADEQUATE = "adequate", "一般"
    POOR = "poor", "较差"

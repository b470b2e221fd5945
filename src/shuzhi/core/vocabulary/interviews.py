"""Why someone is called to an interview (约谈)."""

from __future__ import annotations

from shuzhi.core.vocabulary.base import Vocabulary


class InterviewReason(Vocabulary):
    BOTTOM_RANK = "bottom_rank", "考核排名末位"
    OVERDUE_RECTIFICATION = "overdue_rectification", "整改逾期"
    AUDIT_FINDING = "audit_finding", "审计发现问题"
    POOR_FEEDBACK = "poor_feedback", "群众反映差"

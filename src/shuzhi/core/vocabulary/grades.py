"""Grades: the 等次 an assessment gives a reporter, and the on-site evaluation grade of a ballot."""

from __future__ import annotations

from shuzhi.core.vocabulary.base import Vocabulary


class Grade(Vocabulary):
    """The grade (等次) an assessment gives a reporter, best first."""

    EXCELLENT = "excellent", "优秀"
    GOOD = "good", "良好"
    ADEQUATE = "adequate", "一般"
    POOR = "poor", "较差"

    @property
    def order(self) -> int:
        """0 for the best grade, 3 for the worst."""
        return list(Grade).index(self)


class EvaluationGrade(Vocabulary):
    """An on-site evaluation grade (现场测评, 好/较好/一般/差); its points are a round setting."""

    GOOD = "good", "好"
    FAIR = "fair", "较好"
    AVERAGE = "average", "一般"
    POOR = "poor", "差"


#: The points of each evaluation grade a new round starts with (a round setting).
DEFAULT_EVALUATION_POINTS = {
    EvaluationGrade.GOOD: 100,
    EvaluationGrade.FAIR: 80,
    EvaluationGrade.AVERAGE: 60,
    EvaluationGrade.POOR: 0,
}

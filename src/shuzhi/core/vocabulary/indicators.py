"""Indicator kinds (加分项 / 扣分项 / 约束项), the effects of a hit constraint item, listings."""

from __future__ import annotations

from shuzhi.core.vocabulary.base import Vocabulary


class IndicatorKind(Vocabulary):
    """An ordinary item scored out of its maximum, or a bonus, deduction or constraint item."""

    NORMAL = "normal", "常规项"
    BONUS = "bonus", "加分项"
    DEDUCTION = "deduction", "扣分项"
    CONSTRAINT = "constraint", "约束项"


class VetoEffect(Vocabulary):
    """What a hit constraint item does to the outcome (001: "直至一票否决"; 002, 003).

    The engine applies them after ranking: affirm, veto of excellence, capped grade, veto.
    """

    # Graded no higher than the item's ``veto_grade``; the workbook column is 限定等次.
    CAP_GRADE = "cap_grade", "一票否决（限定等次）"
    # Graded poor, class 3, no honour, no pay bonus.
    DISQUALIFY = "disqualify", "一票否决"
    # Never excellent, never class 1, no honour (003: negative lists).
    VETO_EXCELLENCE = "veto_excellence", "一票否优"
    # Graded excellent whatever the score (002).
    AFFIRM = "affirm", "一票肯定"


class Listing(Vocabulary):
    """Whether an item is on the positive or the negative list (003: 12 positive, 6 negative)."""

    NONE = "", "—"
    POSITIVE = "positive", "正面清单"
    NEGATIVE = "negative", "负面清单"

"""How a round turns composites into grades and classes: grading mode, rounding, quotas, ties."""

from __future__ import annotations

from shuzhi.core.vocabulary.base import Vocabulary


class GradingMode(Vocabulary):
    # A composite at or above a grade's threshold earns it; or shares of each peer group.
    THRESHOLDS = "thresholds", "按分数线"
    QUOTA = "quota", "按比例"


class Rounding(Vocabulary):
    """How composites are rounded; the values are the ``decimal`` module's rounding names."""

    HALF_UP = "ROUND_HALF_UP", "四舍五入"
    HALF_EVEN = "ROUND_HALF_EVEN", "四舍六入五成双"
    DOWN = "ROUND_DOWN", "截尾"


class QuotaRounding(Vocabulary):
    """How a share of a group becomes a head count (applied to cumulative shares)."""

    HALF_UP = "half_up", "四舍五入"
    DOWN = "down", "向下取整"
    UP = "up", "向上取整"


class TieRule(Vocabulary):
    """Where reporters with equal composites straddling a quota boundary go (never split)."""

    UP = "up", "并列者同入较高类别"
    DOWN = "down", "并列者同入较低类别"

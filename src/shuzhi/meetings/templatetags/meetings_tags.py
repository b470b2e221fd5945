from __future__ import annotations

from collections.abc import Mapping

from django import template

from shuzhi.meetings.rules import GRADES

register = template.Library()


@register.filter
def grade_values(counts: Mapping[str, int]) -> list[int]:
    """Counts in the fixed order 好, 较好, 一般, 差."""
    return [counts.get(grade, 0) for grade in GRADES]

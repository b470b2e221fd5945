"""Filters of the analytics pages: figures as the tables show them, "—" for nothing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import template

from shuzhi.core.vocabulary.grades import Grade

register = template.Library()
NOTHING = "—"


@register.filter
def score(value: float | None) -> str:
    return NOTHING if value is None else f"{value:.2f}"


@register.filter
def signed(value: float | None) -> str:
    return NOTHING if value is None else f"{value:+.2f}"


@register.filter
def percent(value: float | None) -> str:
    return NOTHING if value is None else f"{value * 100:.1f}%"


@register.filter
def grade_label(value: str) -> str:
    return Grade(value).label if value else NOTHING


@register.filter
def grades(counts: Mapping[str, int]) -> str:
    """优秀 3 · 良好 10 …, best grade first."""
    parts = [f"{g.label} {counts[g.value]}" for g in Grade if counts.get(g.value)]
    return " · ".join(parts) or NOTHING


@register.filter
def get(mapping: Mapping[Any, Any], key: Any) -> Any:
    return mapping.get(key, "")


@register.filter
def movers(data: Any) -> list[tuple[str, Sequence[Any]]]:
    return [("进步最大", data.movers.improved), ("退步最大", data.movers.fell)]


@register.filter
def with_blank(rows: Sequence[Any]) -> list[tuple[Any, str]]:
    """Rows of a unit's own series, paired like a person's (row, unit) for the shared table."""
    return [(row, "") for row in rows]

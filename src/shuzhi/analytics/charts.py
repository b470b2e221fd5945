"""Chart.js configurations for the analytics pages (plain data: the template embeds it with
``json_script`` and static/analytics/charts.js draws it; every label is data, never markup)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from shuzhi.analytics import years
from shuzhi.core.vocabulary.grades import Grade

COLOURS = ("#1f6feb", "#2da44e", "#bf8700", "#cf222e", "#8250df")
Series = tuple[str, Sequence[float | int | None]]


def _percent(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)


def _score(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def chart(
    kind: str, labels: list[str], series: Sequence[Series], options: dict[str, Any] | None = None
) -> dict[str, Any]:
    """One chart: a dataset per (label, values), coloured in turn."""
    colour = "borderColor" if kind == "line" else "backgroundColor"
    datasets = [
        {"label": label, "data": list(values), colour: COLOURS[n % len(COLOURS)]}
        for n, (label, values) in enumerate(series)
    ]
    return {
        "type": kind,
        "data": {"labels": labels, "datasets": datasets},
        "options": options or {},
    }


def subtree_charts(figures: Sequence[years.RoundFigures]) -> dict[str, Any]:
    labels = [str(f.year) for f in figures]
    stacked = {"scales": {"x": {"stacked": True}, "y": {"stacked": True}}}
    return {
        "scores": chart(
            "line",
            labels,
            [
                ("平均综合得分", [_score(f.mean_composite) for f in figures]),
                ("“好”票占比（%）", [_percent(f.good_share) for f in figures]),
                ("“较好”票占比（%）", [_percent(f.fair_share) for f in figures]),
            ],
        ),
        "grades": chart(
            "bar",
            labels,
            [(g.label, [f.grades.get(g.value, 0) for f in figures]) for g in Grade],
            stacked,
        ),
        "problems": chart(
            "bar",
            labels,
            [
                ("问题数", [f.problems for f in figures]),
                ("重复出现", [f.recurred for f in figures]),
            ],
        ),
    }


def series_charts(rows: Sequence[years.SeriesRow]) -> dict[str, Any]:
    labels = [str(r.year) for r in rows]
    return {
        "scores": chart(
            "line",
            labels,
            [
                ("综合得分", [_score(r.composite) for r in rows]),
                ("“好”票占比（%）", [_percent(r.good_share) for r in rows]),
            ],
        ),
        "ranks": chart(
            "line", labels, [("排名", [r.rank for r in rows])], {"scales": {"y": {"reverse": True}}}
        ),
    }

"""Chart.js configurations for the analytics pages (plain data: the template embeds it with
``json_script`` and static/analytics/charts.js draws it; every label is data, never markup)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from shuzhi.analytics import years
from shuzhi.core.vocabulary.grades import Grade

COLOURS = ("#1f6feb", "#2da44e", "#bf8700", "#cf222e", "#8250df")


def _percent(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)


def subtree_charts(figures: Sequence[years.RoundFigures]) -> dict[str, Any]:
    labels = [str(f.year) for f in figures]
    return {
        "scores": {
            "type": "line",
            "data": {
                "labels": labels,
                "datasets": [
                    {
                        "label": "平均综合得分",
                        "data": [f.mean_composite and round(f.mean_composite, 2) for f in figures],
                        "borderColor": COLOURS[0],
                    },
                    {
                        "label": "“好”票占比（%）",
                        "data": [_percent(f.good_share) for f in figures],
                        "borderColor": COLOURS[1],
                    },
                    {
                        "label": "“较好”票占比（%）",
                        "data": [_percent(f.fair_share) for f in figures],
                        "borderColor": COLOURS[2],
                    },
                ],
            },
        },
        "grades": {
            "type": "bar",
            "options": {"scales": {"x": {"stacked": True}, "y": {"stacked": True}}},
            "data": {
                "labels": labels,
                "datasets": [
                    {
                        "label": grade.label,
                        "data": [f.grades.get(grade.value, 0) for f in figures],
                        "backgroundColor": COLOURS[n],
                    }
                    for n, grade in enumerate(Grade)
                ],
            },
        },
        "problems": {
            "type": "bar",
            "data": {
                "labels": labels,
                "datasets": [
                    {
                        "label": "问题数",
                        "data": [f.problems for f in figures],
                        "backgroundColor": COLOURS[0],
                    },
                    {
                        "label": "重复出现",
                        "data": [f.recurred for f in figures],
                        "backgroundColor": COLOURS[3],
                    },
                ],
            },
        },
    }


def series_charts(rows: Sequence[years.SeriesRow]) -> dict[str, Any]:
    labels = [str(r.year) for r in rows]
    return {
        "scores": {
            "type": "line",
            "data": {
                "labels": labels,
                "datasets": [
                    {
                        "label": "综合得分",
                        "data": [r.composite and round(r.composite, 2) for r in rows],
                        "borderColor": COLOURS[0],
                    },
                    {
                        "label": "“好”票占比（%）",
                        "data": [_percent(r.good_share) for r in rows],
                        "borderColor": COLOURS[1],
                    },
                ],
            },
        },
        "ranks": {
            "type": "line",
            "options": {"scales": {"y": {"reverse": True}}},
            "data": {
                "labels": labels,
                "datasets": [
                    {"label": "排名", "data": [r.rank for r in rows], "borderColor": COLOURS[4]}
                ],
            },
        },
    }

"""An inline SVG stacked bar chart for the dashboards (pure; no Django import)."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

SERIES = (
    ("closed_on_time", "按期销号", "#2e7d32"),
    ("closed_late", "逾期销号", "#9ccc65"),
    ("open", "整改中", "#1e88e5"),
    ("overdue", "已逾期", "#c62828"),
)


@dataclass(frozen=True)
class Bar:
    label: str
    values: dict[str, int]


def stacked_bars(bars: list[Bar], width: int = 640, row_height: int = 26) -> str:
    """One horizontal stacked bar per row, with a legend; labels are escaped."""
    label_width, gap, legend_height = 150, 6, 28
    plot_width = width - label_width - 50
    biggest = max((sum(bar.values.values()) for bar in bars), default=0) or 1
    height = legend_height + len(bars) * (row_height + gap) + gap
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="整改进度图" class="chart" width="100%">'
    ]
    x = 0
    for _, name, colour in SERIES:
        parts.append(f'<rect x="{x}" y="6" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{x + 16}" y="17" font-size="12">{name}</text>')
        x += 90
    for index, bar in enumerate(bars):
        y = legend_height + index * (row_height + gap)
        parts.append(
            f'<text x="0" y="{y + row_height * 0.7:.0f}" font-size="12">{escape(bar.label[:12])}</text>'
        )
        offset = float(label_width)
        for key, name, colour in SERIES:
            value = bar.values.get(key, 0)
            if not value:
                continue
            span = plot_width * value / biggest
            parts.append(
                f'<rect x="{offset:.1f}" y="{y}" width="{span:.1f}" height="{row_height}" '
                f'fill="{colour}"><title>{escape(bar.label)} {name} {value}</title></rect>'
            )
            offset += span
        total = sum(bar.values.values())
        parts.append(
            f'<text x="{offset + 4:.1f}" y="{y + row_height * 0.7:.0f}" font-size="12">{total}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)

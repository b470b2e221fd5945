"""A round as a round workbook: what ``shuzhi score`` reads, written from the engine's inputs.

The server exports a stored round this way (``round_workbook_bytes``), so anyone can score it
again offline and get the same results (tests/scoring/test_export_agrees.py checks that on
generated rounds); the template is the same layout filled with example data.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from openpyxl import Workbook

from shuzhi.core.workbook import new_workbook, workbook_bytes, write_sheet

from .engine import Indicator, ReporterInput, RoundRules
from .settings_sheet import VOTER_CATEGORIES, write_settings_sheet
from .workbook import (
    GRADE_LABELS,
    LEVELS,
    ONSITE,
    RECORDS,
    REPORTERS,
    SCORES,
    SUPERIOR,
    write_indicator_sheet,
)

CATEGORY_LABELS = {code: label for label, code in VOTER_CATEGORIES.items()}


def round_workbook(
    rules: RoundRules,
    indicators: Sequence[Indicator],
    reporters: Sequence[ReporterInput],
    names: Mapping[str, str] | None = None,
) -> Workbook:
    """Every sheet of the round workbook (docs/scoring.md), one row per entered figure."""
    names = names or {}
    workbook = new_workbook()
    write_settings_sheet(workbook, rules)
    write_sheet(
        workbook,
        REPORTERS,
        [
            (
                r.reporter_id,
                names.get(r.reporter_id, ""),
                r.group,
                "、".join(sorted(r.constraint_hits)),
            )
            for r in reporters
        ],
    )
    write_indicator_sheet(workbook, indicators)
    write_sheet(
        workbook,
        SCORES,
        [
            (r.reporter_id, code, f"考核人{n}", value)
            for r in reporters
            for code, values in r.indicator_scores.items()
            for n, value in enumerate(values, start=1)
        ],
    )
    write_sheet(
        workbook,
        ONSITE,
        [
            (
                r.reporter_id,
                CATEGORY_LABELS[category],
                *(counts.get(grade, 0) for grade in GRADE_LABELS),
            )
            for r in reporters
            for category, counts in r.onsite.items()
        ],
    )
    write_sheet(
        workbook,
        SUPERIOR,
        [(r.reporter_id, r.superior) for r in reporters if r.superior is not None],
    )
    write_sheet(
        workbook, RECORDS, [(r.reporter_id, r.records) for r in reporters if r.records is not None]
    )
    write_sheet(
        workbook,
        LEVELS,
        [(r.reporter_id, level, value) for r in reporters for level, value in r.levels.items()],
    )
    return workbook


def round_workbook_bytes(
    rules: RoundRules,
    indicators: Sequence[Indicator],
    reporters: Sequence[ReporterInput],
    names: Mapping[str, str] | None = None,
) -> bytes:
    return workbook_bytes(round_workbook(rules, indicators, reporters, names))

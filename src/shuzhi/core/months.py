"""Calendar arithmetic in whole months (pure Python): deadlines such as "within 2 months"."""

from __future__ import annotations

import calendar
from datetime import date


def add_months(start: date, months: int) -> date:
    """``start`` plus whole months, clamped to the month's end (e.g. a report due in 2 months)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))

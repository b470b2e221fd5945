"""Free text that goes into exports (names of organisations, people, indicators, problems)
may not start like a formula: Excel would run ``=HYPERLINK(...)`` typed as a name."""

from __future__ import annotations

from .writing import FORMULA_PREFIXES


def formula_like_error(value: str, what: str = "") -> str | None:
    """The Chinese reason ``value`` is refused, or None when it is fine."""
    text = value.strip()
    if text.startswith(FORMULA_PREFIXES):
        return f"{what}不能以 = + - @ 开头（Excel 会把它当作公式执行）。"
    return None

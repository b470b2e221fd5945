"""Check thresholds from the deployment's settings (``REPORT_CHECKS`` overrides defaults)."""

from __future__ import annotations

from dataclasses import fields, replace
from fractions import Fraction
from typing import Any

from django.conf import settings

from shuzhi.reports.checks import DEFAULT_SETTINGS, CheckSettings


def check_settings() -> CheckSettings:
    overrides: dict[str, Any] = dict(getattr(settings, "REPORT_CHECKS", {}))
    known = {f.name for f in fields(CheckSettings)}
    unknown = set(overrides) - known
    if unknown:
        raise ValueError(f"REPORT_CHECKS: unknown settings {sorted(unknown)}")
    for name in ("max_achievements", "min_problems", "min_rectification"):
        if name in overrides:
            overrides[name] = Fraction(str(overrides[name]))
    return replace(DEFAULT_SETTINGS, **overrides)

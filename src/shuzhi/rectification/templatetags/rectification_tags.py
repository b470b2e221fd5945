"""Template filters that ask the rectification rules, so no template restates a rule."""

from __future__ import annotations

from datetime import date

from django import template

from shuzhi.rectification.models import RectificationItem, ReportDeadline

register = template.Library()


@register.filter
def overdue_on(obj: RectificationItem | ReportDeadline, today: date) -> bool:
    """``{% if item|overdue_on:today %}``: an open item, or an undelivered report, past due."""
    return obj.is_overdue_on(today)

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from shuzhi.rectification.deadlines import mark_overdue


@db_periodic_task(crontab(hour="1", minute="5"))
def mark_overdue_items() -> int:
    """Every day: flag open items whose deadline has passed (shown to owner and superior)."""
    return mark_overdue()

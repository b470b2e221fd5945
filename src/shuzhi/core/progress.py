"""How far a background job has got, for the page that polls it.

Progress lives in the cache, not in the job's row: a job that writes in one transaction would
keep a row updated inside it invisible to the polling page until the end.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.cache import cache

TIMEOUT = 60 * 60
Progress = Callable[[int, str], None]


def no_progress(percent: int, stage: str) -> None:
    """For callers nobody is watching."""


def _key(kind: str, job_id: Any) -> str:
    return f"{kind}:progress:{job_id}"


def reporter(kind: str, job_id: Any) -> Progress:
    """A ``progress(percent, stage)`` callback that stores what it is told for ``read``."""

    def report(percent: int, stage: str) -> None:
        cache.set(_key(kind, job_id), (percent, stage), TIMEOUT)

    return report


def read(kind: str, job_id: Any) -> tuple[int, str] | None:
    value = cache.get(_key(kind, job_id))
    return (int(value[0]), str(value[1])) if value is not None else None

"""Detach the apps' receivers from a cross-app signal for the length of a test."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeVar

from django.dispatch import Signal

S = TypeVar("S", bound=Signal)


@contextmanager
def isolated(signal: S) -> Iterator[S]:
    """Inside the block ``signal`` has only the receivers the test connects itself.

    Used where a test stands in for another app (e.g. clears reporters for the agenda without
    writing reviewed reports), so the real receivers must not answer as well.
    """
    with signal.lock:
        saved = signal.receivers
        signal.receivers = []
        signal.sender_receivers_cache.clear()
    try:
        yield signal
    finally:
        with signal.lock:
            signal.receivers = saved
            signal.sender_receivers_cache.clear()

"""A limit on failed scan sign-ins, so a meeting's code cannot be used to guess people.

At most ``MEETINGS_SCAN_MAX_FAILURES`` failed attempts per meeting and client address within
``MEETINGS_SCAN_WINDOW_SECONDS``; a success does not count. The counter lives in Django's
cache, which is Redis (shared by every app server) when ``REDIS_URL`` is set.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

MAX_FAILURES = 10
WINDOW_SECONDS = 10 * 60


def max_failures() -> int:
    return int(getattr(settings, "MEETINGS_SCAN_MAX_FAILURES", MAX_FAILURES))


def window_seconds() -> int:
    return int(getattr(settings, "MEETINGS_SCAN_WINDOW_SECONDS", WINDOW_SECONDS))


def message() -> str:
    minutes = max(1, window_seconds() // 60)
    return f"签到尝试失败次数过多，请 {minutes} 分钟后再试，或请会务人员协助签到。"


def _key(meeting_id: int, request: HttpRequest) -> str:
    address = request.META.get("REMOTE_ADDR") or "unknown"
    return f"meetings:scan-failures:{meeting_id}:{address}"


def blocked(meeting_id: int, request: HttpRequest) -> bool:
    """True once the client has used up its failed attempts for this meeting."""
    return int(cache.get(_key(meeting_id, request), 0)) >= max_failures()


def failed(meeting_id: int, request: HttpRequest) -> None:
    """Count one failed attempt; the window starts at the first failure."""
    key = _key(meeting_id, request)
    if not cache.add(key, 1, timeout=window_seconds()):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=window_seconds())

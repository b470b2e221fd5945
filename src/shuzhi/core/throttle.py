"""Limits on failed attempts per client address, for the public pages without an account
(the meetings' scan sign-in and ballot tokens, the villages' democratic evaluation).

A ``Limit`` counts failures in Django's cache (Redis, shared by every app server, when
``REDIS_URL`` is set) under its name, a scope (a meeting, an evaluation, or nothing) and the
client's address (behind ``TRUSTED_PROXY_COUNT`` proxies, see ``core.proxy``). Its two settings
are ``<setting>_MAX_FAILURES`` and ``<setting>_WINDOW_SECONDS``; the window starts at the first
failure. A success does not count. Each failure is not logged; one warning says when an
address is blocked, and ``unlogged`` keeps Django's request logger from writing a line per
refusal.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limit:
    name: str  # the cache key's and the warning's name, e.g. "meetings:scan"
    setting: str  # prefix of the two settings, e.g. "MEETINGS_SCAN"
    default_max_failures: int
    default_window_seconds: int

    def max_failures(self) -> int:
        return int(getattr(settings, f"{self.setting}_MAX_FAILURES", self.default_max_failures))

    def window_seconds(self) -> int:
        return int(getattr(settings, f"{self.setting}_WINDOW_SECONDS", self.default_window_seconds))

    def minutes(self) -> int:
        return max(1, self.window_seconds() // 60)

    def _key(self, request: HttpRequest, scope: object) -> str:
        address = request.META.get("REMOTE_ADDR") or "unknown"
        return f"throttle:{self.name}-failures:{scope}:{address}"

    def blocked(self, request: HttpRequest, scope: object = "") -> bool:
        """True once the client has used up its failed attempts."""
        return int(cache.get(self._key(request, scope), 0)) >= self.max_failures()

    def failed(self, request: HttpRequest, scope: object = "") -> None:
        """Count one failed attempt; the window starts at the first failure."""
        key = self._key(request, scope)
        if cache.add(key, 1, timeout=self.window_seconds()):
            count = 1
        else:
            try:
                count = cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.add(key, 1, timeout=self.window_seconds())
                count = 1
        if count == self.max_failures():
            logger.warning(
                "%s: %d failed attempts from %s within %d minutes; refused until the window ends",
                self.name,
                count,
                request.META.get("REMOTE_ADDR") or "unknown",
                self.minutes(),
            )


def unlogged(response: HttpResponse) -> HttpResponse:
    """Keep Django's request logger from writing a warning line for this refusal."""
    response._has_been_logged = True  # type: ignore[attr-defined]  # read by log_response
    return response

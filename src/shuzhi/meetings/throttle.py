"""Limits on failed attempts per client address: scan sign-ins and ballot tokens.

- Scan sign-in: at most ``MEETINGS_SCAN_MAX_FAILURES`` failed attempts per meeting and client
  address within ``MEETINGS_SCAN_WINDOW_SECONDS``, so a meeting's code cannot be used to guess
  people.
- Ballot tokens: at most ``MEETINGS_TOKEN_MAX_FAILURES`` unknown tokens per client address
  within ``MEETINGS_TOKEN_WINDOW_SECONDS`` (on the ballot page and the API together). A token
  has 160 bits, so guessing cannot succeed; the limit keeps a guesser from loading the server
  and filling the log. The default is generous because a meeting's phones often share one
  address (the venue's network): a mistyped token costs one attempt, not the whole room.

A success does not count. Each failure is not logged; one warning says when an address is
blocked. The counters live in Django's cache, which is Redis (shared by every app server) when
``REDIS_URL`` is set. The address is the client's behind ``TRUSTED_PROXY_COUNT`` proxies.
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
    name: str
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
        return f"meetings:{self.name}-failures:{scope}:{address}"

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


SCAN = Limit("scan", "MEETINGS_SCAN", 10, 10 * 60)
TOKEN = Limit("ballot-token", "MEETINGS_TOKEN", 30, 10 * 60)


def unlogged(response: HttpResponse) -> HttpResponse:
    """Keep Django's request logger from writing a warning line for this refusal."""
    response._has_been_logged = True  # type: ignore[attr-defined]  # read by log_response
    return response


def token_message() -> str:
    return f"测评码尝试错误次数过多，请 {TOKEN.minutes()} 分钟后再试，或向会务人员求助。"


# The scan sign-in's names, as its views and tests use them.
def max_failures() -> int:
    return SCAN.max_failures()


def window_seconds() -> int:
    return SCAN.window_seconds()


def message() -> str:
    return f"签到尝试失败次数过多，请 {SCAN.minutes()} 分钟后再试，或请会务人员协助签到。"


def blocked(meeting_id: int, request: HttpRequest) -> bool:
    """True once the client has used up its failed scan sign-ins for this meeting."""
    return SCAN.blocked(request, meeting_id)


def failed(meeting_id: int, request: HttpRequest) -> None:
    """Count one failed scan sign-in."""
    SCAN.failed(request, meeting_id)

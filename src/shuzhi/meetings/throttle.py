"""Limits on failed attempts per client address: scan sign-ins and ballot tokens.

- Scan sign-in: at most ``MEETINGS_SCAN_MAX_FAILURES`` failed attempts per meeting and client
  address within ``MEETINGS_SCAN_WINDOW_SECONDS``, so a meeting's code cannot be used to guess
  people.
- Ballot tokens: at most ``MEETINGS_TOKEN_MAX_FAILURES`` unknown tokens per client address
  within ``MEETINGS_TOKEN_WINDOW_SECONDS`` (on the ballot page and the API together). A token
  has 160 bits, so guessing cannot succeed; the limit keeps a guesser from loading the server
  and filling the log. The default is generous because a meeting's phones often share one
  address (the venue's network): a mistyped token costs one attempt, not the whole room.

The mechanism (``Limit``: counters in the cache per address, one warning when blocked, a
success does not count) is ``core.throttle``, shared with the villages' democratic evaluation.
"""

from __future__ import annotations

from django.http import HttpRequest

from shuzhi.core.throttle import Limit, unlogged

__all__ = ["SCAN", "TOKEN", "Limit", "unlogged"]

SCAN = Limit("meetings:scan", "MEETINGS_SCAN", 10, 10 * 60)
TOKEN = Limit("meetings:ballot-token", "MEETINGS_TOKEN", 30, 10 * 60)


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

"""Limits on failed attempts on the democratic evaluation's voter pages, per client address
(the mechanism is ``core.throttle``; a success does not count).

- Slips: at most ``VILLAGES_TOKEN_MAX_FAILURES`` unknown slips per address within
  ``VILLAGES_TOKEN_WINDOW_SECONDS``, over every evaluation. A slip has 160 bits, so guessing
  cannot succeed; the limit keeps a guesser from loading the server. Generous, because a
  village's phones often share one network (the village office's).
- The roll: at most ``VILLAGES_ROLL_MAX_FAILURES`` names and personnel codes not on the roll
  per evaluation and address within ``VILLAGES_ROLL_WINDOW_SECONDS``, so whoever tries to vote
  in another member's place cannot go through the village guessing codes.
- Objections filed on the public 公示 page: here every filing counts (not only failures), at
  most ``VILLAGES_OBJECTION_MAX_FAILURES`` per round and address within
  ``VILLAGES_OBJECTION_WINDOW_SECONDS`` (default 10 an hour: a village office's network may
  carry several real filers), so nobody can flood the township's list.
"""

from __future__ import annotations

from shuzhi.core.throttle import Limit

TOKEN = Limit("villages:evaluation-token", "VILLAGES_TOKEN", 30, 10 * 60)
ROLL = Limit("villages:evaluation-roll", "VILLAGES_ROLL", 10, 10 * 60)
OBJECTION = Limit("villages:objection", "VILLAGES_OBJECTION", 10, 60 * 60)


def token_message() -> str:
    return f"测评码尝试错误次数过多，请 {TOKEN.minutes()} 分钟后再试，或向村（社区）工作人员求助。"


def roll_message() -> str:
    return (
        f"姓名和人员编码核对失败次数过多，请 {ROLL.minutes()} 分钟后再试，"
        "或向村（社区）工作人员求助。"
    )


def objection_message() -> str:
    return (
        f"本网络提交的异议过多，请 {OBJECTION.minutes()} 分钟后再试，或直接向乡镇（街道）党委反映。"
    )

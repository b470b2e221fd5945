"""Access logs that never pair a ballot token with an address and a time.

A ballot link carries its one-time token (``/meetings/b/<token>/``). Written to an access log
next to the client's address, it would let whoever reads the log tie a voter's phone to a
ballot. Gunicorn is told to use this logger (``--logger-class``), which blanks the token in
every logged value (request line, path, referer) before the line is written.
"""

from __future__ import annotations

import re
from typing import Any

from gunicorn.glogging import Logger

BALLOT_TOKEN = re.compile(r"(/meetings/b/)[^/?#\s\"]+")


def redact(value: str) -> str:
    return BALLOT_TOKEN.sub(r"\1[token]", value)


class RedactingLogger(Logger):
    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        atoms: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        return {k: redact(v) if isinstance(v, str) else v for k, v in atoms.items()}

"""Logs that never carry a raw ballot token.

A ballot link carries its one-time token (``/meetings/b/<token>/``). Written to a log next to
the client's address and the time, it would let whoever reads the log tie a voter's phone to a
ballot. So every log line is redacted, whichever logger wrote it:

- ``RedactBallotTokens`` is one logging filter, installed by ``settings.LOGGING`` on every
  handler and on the loggers that write request paths (root, ``django.request``,
  ``django.security.*``, ``huey``). It blanks tokens in the message and its arguments, in extra
  values and in exception tracebacks (a 500's traceback and message name the path).
- Gunicorn configures its own loggers in the master process before Django's settings are read;
  ``RedactingLogger`` (``--logger-class``) puts the same filter on them and also blanks the
  token in the access log's atoms (request line, path, referer).
"""

from __future__ import annotations

import logging
import re
from typing import Any

from django.http import HttpRequest
from gunicorn.glogging import Logger

BALLOT_PATH = re.compile(r"(/meetings/b/|/villages/e/)[^/?#\s\"']+")
# A raw token outside a path (an API body echoed in an error, a token in an exception's text):
# 32 base32 characters (``ballots.new_raw_token``), in either case since tokens are accepted so.
RAW_TOKEN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z2-7]{32}(?![A-Za-z0-9])")
BLANK = "[token]"


def redact(value: str) -> str:
    return RAW_TOKEN.sub(BLANK, BALLOT_PATH.sub(r"\1" + BLANK, value))


def _carries_token(request: HttpRequest) -> bool:
    return redact(request.get_full_path()) != request.get_full_path()


class RedactBallotTokens(logging.Filter):
    """Rewrites a record in place, so every handler after this one sees it redacted too."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "ballot_tokens_redacted", False):
            return True
        setattr(record, "ballot_tokens_redacted", True)  # noqa: B010 — not a LogRecord field
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            exc_text = redact(record.exc_text)
            if exc_text != record.exc_text:
                # Handlers that render the exception themselves (mail, error trackers) would
                # show the raw token again; they get the redacted text instead.
                record.exc_text, record.exc_info = exc_text, None
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        for name, value in list(vars(record).items()):
            if name in {"msg", "exc_text", "stack_info"}:
                continue
            if isinstance(value, str):
                setattr(record, name, redact(value))
            elif isinstance(value, HttpRequest) and _carries_token(value):
                # Django's request loggers attach the request; its path is the token.
                setattr(record, name, None)
        return True


class RedactingLogger(Logger):
    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            if not any(isinstance(f, RedactBallotTokens) for f in log.filters):
                log.addFilter(RedactBallotTokens())
            for handler in log.handlers:
                if not any(isinstance(f, RedactBallotTokens) for f in handler.filters):
                    handler.addFilter(RedactBallotTokens())

    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        atoms: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        return {k: redact(v) if isinstance(v, str) else v for k, v in atoms.items()}

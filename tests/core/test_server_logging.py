"""Gunicorn's access log blanks ballot tokens."""

from __future__ import annotations

from types import SimpleNamespace

from gunicorn.config import Config

from shuzhi.core.server_logging import RedactingLogger, redact


def test_redact_blanks_the_token_and_keeps_the_rest() -> None:
    line = 'GET /meetings/b/Zx9_abc-DEF/?x=1 HTTP/1.1" "https://h/meetings/b/QQ/"'
    assert redact(line) == 'GET /meetings/b/[token]/?x=1 HTTP/1.1" "https://h/meetings/b/[token]/"'
    assert redact("/meetings/12/live/") == "/meetings/12/live/"


def test_logger_atoms_carry_no_token() -> None:
    logger = RedactingLogger(Config())
    environ = {
        "REQUEST_METHOD": "POST",
        "RAW_URI": "/meetings/b/SECRET123/",
        "PATH_INFO": "/meetings/b/SECRET123/",
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": "http://127.0.0.1/meetings/b/SECRET123/",
        "REMOTE_ADDR": "127.0.0.1",
    }
    req = SimpleNamespace(headers=[], method="POST", path="/meetings/b/SECRET123/")
    resp = SimpleNamespace(status="200 OK", sent=10, headers=[], response_length=10)
    from datetime import timedelta

    atoms = logger.atoms(resp, req, environ, timedelta(seconds=0.01))
    assert not any("SECRET123" in str(v) for v in atoms.values())
    assert "/meetings/b/[token]/" in atoms["U"]

"""No log line of any logger carries a raw ballot token: 400, 403 and 500 on the ballot page
and the API, read both from pytest's capture and from the configured handlers' output."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest
from django.test import Client
from gunicorn.config import Config

from shuzhi.core.server_logging import RedactingLogger
from shuzhi.meetings import ballots, voter_views
from tests.meetings.conftest import all_graded, issue, open_formal

pytestmark = pytest.mark.django_db


@pytest.fixture
def written() -> Iterator[io.StringIO]:
    """What the handlers configured in settings.LOGGING (root and huey) write."""
    out = io.StringIO()
    handlers = [
        h
        for h in logging.getLogger().handlers + logging.getLogger("huey").handlers
        if h.get_name() in {"console", "huey"}
    ]
    previous = [h.setStream(out) for h in handlers]  # type: ignore[attr-defined]
    yield out
    for handler, stream in zip(handlers, previous, strict=True):
        handler.setStream(stream)  # type: ignore[attr-defined]


@pytest.fixture
def token(world) -> str:  # type: ignore[no-untyped-def]
    open_formal(world)
    (raw,) = issue(world, count=1)
    return raw


def _assert_secret(token: str, *texts: str) -> None:
    for text in texts:
        assert text, "nothing was logged: the test provoked nothing"
        assert token not in text and token.lower() not in text


def test_a_refused_ballot_400_logs_no_token(token, caplog, written):
    response = Client().post(f"/meetings/b/{token}/", {"comment": "x"})
    assert response.status_code == 400
    assert "/meetings/b/[token]/" in caplog.text
    _assert_secret(token, caplog.text, written.getvalue())


def test_a_missing_csrf_token_403_logs_no_token(token, caplog, written):
    phone = Client(enforce_csrf_checks=True)
    response = phone.post(f"/meetings/b/{token}/", {"comment": "x"})
    assert response.status_code == 403
    assert "django.security.csrf" in {r.name for r in caplog.records}
    _assert_secret(token, caplog.text, written.getvalue())


def test_an_expired_csrf_cookie_403_logs_no_token(token, caplog, written):
    phone = Client(enforce_csrf_checks=True)
    phone.get(f"/meetings/b/{token}/")
    phone.cookies["csrftoken"] = "expired" * 4  # a cookie the server no longer accepts
    response = phone.post(
        f"/meetings/b/{token}/", {"csrfmiddlewaretoken": "x" * 32, "comment": "x"}
    )
    assert response.status_code == 403
    _assert_secret(token, caplog.text, written.getvalue())


def test_a_500_traceback_logs_no_token(token, caplog, written, monkeypatch):
    def broken(meeting: object, posted: object) -> None:
        raise RuntimeError(f"ballot page failed for /meetings/b/{token}/ ({token.lower()})")

    monkeypatch.setattr(voter_views, "ballot_context", broken)
    response = Client(raise_request_exception=False).get(f"/meetings/b/{token}/")
    assert response.status_code == 500
    assert "Traceback" in caplog.text and "RuntimeError" in written.getvalue()
    _assert_secret(token, caplog.text, written.getvalue())
    # A handler that renders the exception itself (mail, error tracker) gets no raw traceback.
    error = next(r for r in caplog.records if r.name == "django.request")
    assert error.exc_info is None and getattr(error, "request", None) is None


def test_the_api_400_and_500_log_no_token(world, token, caplog, written, monkeypatch):
    client = Client(raise_request_exception=False)
    api = "/api/meetings/ballots"
    refused = client.post(api, {"token": token, "ratings": {}}, content_type="application/json")
    assert refused.status_code == 400

    def broken(*, raw_token: str, data: object) -> None:
        raise ValueError(f"could not store the ballot of token {raw_token}")

    monkeypatch.setattr(ballots, "submit_ballot", broken)
    ballot = {"token": token, **all_graded(world, "good")}
    response = client.post(api, ballot, content_type="application/json")
    assert response.status_code == 500
    assert "ValueError" in caplog.text
    _assert_secret(token, caplog.text, written.getvalue())


def test_huey_and_gunicorn_loggers_log_no_token(token, caplog, written):
    logging.getLogger("huey.consumer").error("task failed: %s", f"/meetings/b/{token}/")
    gunicorn = RedactingLogger(Config())
    out = io.StringIO()
    for handler in gunicorn.error_log.handlers:
        handler.setStream(out)  # type: ignore[attr-defined]
    gunicorn.error("Error handling request /meetings/b/%s/", token)
    try:
        raise OSError(f"client went away on /meetings/b/{token}/")
    except OSError:
        gunicorn.exception("Error handling request")
    assert "[token]" in out.getvalue() and "OSError" in out.getvalue()
    _assert_secret(token, written.getvalue(), out.getvalue())

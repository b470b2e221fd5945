"""Guessing ballot tokens is throttled per client address, on the page and the API together,
and the failures are not logged one by one."""

from __future__ import annotations

import logging

import pytest
from django.core.cache import cache
from django.test import Client

from tests.meetings.conftest import all_graded, issue, open_formal

pytestmark = pytest.mark.django_db

WRONG = [f"WRONGTOKEN{n:022d}" for n in range(10)]


@pytest.fixture
def token(world, settings) -> str:  # type: ignore[no-untyped-def]
    settings.MEETINGS_TOKEN_MAX_FAILURES = 4
    cache.clear()
    open_formal(world)
    (raw,) = issue(world, count=1)
    return raw


def test_wrong_tokens_from_one_address_end_in_a_chinese_429(token):
    guesser = Client(REMOTE_ADDR="10.0.0.7")
    for wrong in WRONG[:4]:
        assert guesser.get(f"/meetings/b/{wrong}/").status_code == 404
    blocked = guesser.get(f"/meetings/b/{token}/")  # even a real token, while blocked
    page = blocked.content.decode()
    assert blocked.status_code == 429
    assert "测评码尝试错误次数过多" in page and "10 分钟" in page and "<h1>" in page
    # Another address is not affected and can vote.
    assert Client(REMOTE_ADDR="10.0.0.8").get(f"/meetings/b/{token}/").status_code == 200


def test_the_api_and_the_page_share_the_count(world, token):
    guesser = Client(REMOTE_ADDR="10.0.0.7")
    api = "/api/meetings/ballots"
    for wrong in WRONG[:2]:
        assert guesser.post(f"/meetings/b/{wrong}/", {}).status_code == 404
    for wrong in WRONG[2:4]:
        body = {"token": wrong, **all_graded(world, "good")}
        response = guesser.post(api, body, content_type="application/json")
        assert response.status_code == 400 and "测评码无效" in response.json()["errors"][0]
    ballot = {"token": token, **all_graded(world, "good")}
    blocked = guesser.post(api, ballot, content_type="application/json")
    assert blocked.status_code == 429 and "次数过多" in blocked.json()["errors"][0]


def test_refused_ballots_with_a_real_token_do_not_count(world, token):
    voter = Client(REMOTE_ADDR="10.0.0.9")
    for _ in range(6):
        assert voter.post(f"/meetings/b/{token}/", {"comment": "x"}).status_code == 400
    assert voter.get(f"/meetings/b/{token}/").status_code == 200


def test_each_client_behind_the_proxy_has_its_own_count(token, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "192.0.2.1"
    guesser = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.5")
    for wrong in WRONG[:4]:
        guesser.get(f"/meetings/b/{wrong}/")
    assert guesser.get(f"/meetings/b/{token}/").status_code == 429
    voter = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.6")
    assert voter.get(f"/meetings/b/{token}/").status_code == 200


def test_failures_are_not_logged_one_by_one(world, token, caplog):
    caplog.set_level(logging.INFO)
    guesser = Client(REMOTE_ADDR="10.0.0.7")
    for wrong in WRONG:
        guesser.get(f"/meetings/b/{wrong}/")
        body = {"token": wrong, **all_graded(world, "good")}
        guesser.post("/api/meetings/ballots", body, content_type="application/json")
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1
    assert "4 failed attempts from 10.0.0.7" in warnings[0].getMessage()
    assert not any(wrong in caplog.text for wrong in WRONG)

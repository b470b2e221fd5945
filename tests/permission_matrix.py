"""The runner shared by each app's permission matrix: every role × every page and endpoint.

A matrix row is (method, url template, roles allowed, status when allowed, status when denied).
Every account is granted its role at county A of ``small_city``; "nogrant" is signed in with no
grant and "anonymous" is not signed in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.http import HttpResponse
from django.test import Client

from shuzhi.accounts.roles import Role
from tests.factories import make_user

ROLES = [r.value for r in Role]
ACCOUNTS = [*ROLES, "nogrant", "anonymous"]

Row = tuple[str, str, set[str], int, int]
Send = Callable[[Client, str, str], HttpResponse]


def client_for(role: str, small_city: Any) -> Client:
    client = Client()
    if role == "anonymous":
        return client
    user = make_user(f"u_{role}", None if role == "nogrant" else role, small_city.county_a)
    client.force_login(user)
    return client


def expected_status(role: str, template: str, allowed: set[str], ok: int, denied: int) -> int:
    if role == "anonymous":
        return 401 if template.startswith("/api/") else 302
    expected = ok if role in allowed else denied
    if role == "nogrant" and expected == 403 and ("{mine" in template or "{my_" in template):
        # Someone who cannot even see the organisation is told it does not exist.
        return 404
    return expected


def matrix_failures(
    client: Client,
    role: str,
    rows: Iterable[Row],
    places: Mapping[str, Any],
    send: Send,
    overrides: Mapping[tuple[str, str], int] | None = None,
) -> list[str]:
    """The rows whose answer differs from what the matrix expects for ``role``, as messages."""
    failures = []
    for method, template, allowed, ok, denied in rows:
        url = template.format(**places)
        expected = expected_status(role, template, allowed, ok, denied)
        if overrides and (role, template) in overrides and role != "anonymous":
            expected = overrides[(role, template)]
        status = send(client, method, url).status_code
        if status != expected:
            failures.append(f"{method.upper()} {url}: expected {expected}, got {status}")
    return failures

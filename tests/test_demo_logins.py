"""The logins `shuzhi demo` prints are the accounts one can sign in with, and only those."""

from __future__ import annotations

import pytest

from shuzhi.cli import demo_logins
from shuzhi.orgs.demo import DEMO_PASSWORD
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_only_accounts_with_a_password_are_printed(small_city) -> None:  # type: ignore[no-untyped-def]
    with_password = make_user("demo_admin", "admin", small_city.city)
    with_password.set_password(DEMO_PASSWORD)
    with_password.save()
    rater = make_user("inspector-9", "inspector", small_city.city)
    rater.set_unusable_password()
    rater.save()
    lines = demo_logins()
    assert any(
        line.split()[0] == "demo_admin" and f"@{small_city.city.name}" in line for line in lines
    )
    assert not any(line.split()[0] == "inspector-9" for line in lines)

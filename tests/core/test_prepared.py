"""The ballot's hot statements are prepared on PostgreSQL, and only they; off by a setting."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shuzhi.core.prepared import prepared_cursor

pytestmark = pytest.mark.django_db


def _prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def _answer(value: int, factor: int = 7) -> int:
    with prepared_cursor() as cursor:
        cursor.execute(f"SELECT %s::integer * {factor} AS prepared_probe", [value])
        return int(cursor.fetchone()[0])


def test_answers_and_is_logged_like_any_cursor():
    with CaptureQueriesContext(connection) as queries:
        assert [_answer(n) for n in (1, 2, 3)] == [7, 14, 21]
    logged = [q["sql"] for q in queries.captured_queries if "prepared_probe" in q["sql"]]
    assert len(logged) == 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements: PostgreSQL")
def test_prepares_once_on_postgresql_and_leaves_django_cursors_alone():
    _answer(1)
    _answer(2)
    with connection.cursor() as cursor:  # an ordinary ORM-style cursor, run many times
        for n in range(10):
            cursor.execute("SELECT %s::integer AS ordinary_probe", [n])
    statements = _prepared_statements()
    assert len([s for s in statements if "prepared_probe" in s]) == 1
    assert not [s for s in statements if "ordinary_probe" in s]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements: PostgreSQL")
def test_the_setting_turns_preparation_off(settings):
    settings.DATABASE_PREPARED_STATEMENTS = False
    assert _answer(5, factor=11) == 55
    assert not [s for s in _prepared_statements() if "* 11 AS prepared_probe" in s]
    settings.DATABASE_PREPARED_STATEMENTS = True
    assert _answer(5, factor=11) == 55  # the check above can fail: this one is prepared
    assert [s for s in _prepared_statements() if "* 11 AS prepared_probe" in s]

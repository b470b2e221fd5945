"""Server-side prepared statements for the few statements run thousands of times a minute.

A phone ballot is two statements; PostgreSQL spent more CPU parsing and planning them than
running them (the token read: about 0.1 ms prepared against 0.3 ms planned each time, in the
same session). Django keeps psycopg's automatic preparation off, for the sake of connection
poolers that cannot carry prepared statements across transactions (PgBouncer before 1.21 in
transaction mode): ``DATABASE_PREPARED_STATEMENTS=0`` keeps it off here too.

Only cursors from ``prepared_cursor`` prepare: Django's own cursors bind on the client and
never prepare, whatever the connection's threshold says; the threshold set here only lets an
explicit request through (psycopg refuses every preparation while it is None) and is too high
for any statement to reach by count.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.conf import settings
from django.db import connection

ONLY_WHEN_ASKED = 2**31 - 1  # executions before psycopg would prepare on its own


@cache
def _preparing_cursor_class() -> type:
    import psycopg

    class PreparingCursor(psycopg.Cursor[Any]):
        """Binds on the server and prepares every statement it runs (once per connection)."""

        logged = False  # Django records the statements (tests, DEBUG)

        def execute(
            self,
            query: Any,
            params: Any = None,
            *,
            prepare: bool | None = None,
            binary: bool | None = None,
        ) -> PreparingCursor:
            super().execute(query, params, prepare=True, binary=binary)
            if self.logged:
                # A prepared statement's execution leaves psycopg's last query unset, and
                # Django's query log reads it from there.
                self._query = self._convert_query(query, params)
            return self

    return PreparingCursor


def prepared_cursor() -> Any:
    """A cursor of the default connection whose statements are prepared on PostgreSQL (and
    logged and wrapped like any Django cursor); an ordinary cursor elsewhere."""
    if connection.vendor != "postgresql" or not settings.DATABASE_PREPARED_STATEMENTS:
        return connection.cursor()
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    raw = connection.connection
    if raw.prepare_threshold is None:
        raw.prepare_threshold = ONLY_WHEN_ASKED
    with connection.wrap_database_errors:
        cursor = _preparing_cursor_class()(raw)
    connection.validate_thread_sharing()
    if connection.queries_logged:
        cursor.logged = True
        return connection.make_debug_cursor(cursor)
    return connection.make_cursor(cursor)

"""Writing many rows at once: PostgreSQL's COPY, or one ``executemany`` elsewhere.

For tables filled by the hundred thousand in one job (a province round's results, a search
index), where building a model instance per row would cost more than the database's work.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connections, models, router


def insert_rows(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """Append ``rows`` (values in ``fields`` order, already as the database stores them:
    numbers, text, JSON as text) to ``model``'s table; no signals, no ``save()``.

    ``rows`` must not query the database as it is iterated: on PostgreSQL the connection is
    inside COPY meanwhile, and a query on it waits for a COPY that waits for it (a hang)."""
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(column_of(model, name)) for name in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        elif connection.vendor == "sqlite":
            # The driver's own executemany takes the generator as it comes.
            marks = ", ".join(["?"] * len(fields))
            sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
            connection.connection.executemany(sql, rows)
        else:
            marks = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(rows))


def column_of(model: type[models.Model], field: str) -> str:
    """The database column of one of ``model``'s concrete fields."""
    found = model._meta.get_field(field)
    assert isinstance(found, models.Field) and found.column is not None, field
    return found.column

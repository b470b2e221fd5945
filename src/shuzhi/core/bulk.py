"""Many rows at once: written with PostgreSQL's COPY (or one ``executemany`` elsewhere), and
read as integer arrays packed by the server.

For tables filled or read by the hundred thousand in one job (a province round's sources and
results, a search index), where a model instance, or even a Python tuple, per row would cost
more than the database's work.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import chain
from typing import Any

import numpy as np
from django.db import connections, models, router
from django.db.models import QuerySet


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


def read_integers(rows: QuerySet[Any, Any], width: int) -> np.ndarray:
    """A ``values_list`` query of ``width`` integer (or boolean) columns, none of them NULL,
    as an ``(n, width)`` int64 array; the rows' order is not kept.

    On PostgreSQL the server packs the rows into one ``bytea`` of big-endian 64-bit integers
    (``int8send``, ``string_agg``) that numpy reads as it is: no Python object per value, and
    no message per row (a COPY sends one per row, a million scores took psycopg seconds).
    Elsewhere, the cursor's tuples go straight into the array."""
    sql, params = rows.query.sql_with_params()
    connection = connections[rows.db]
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute(sql, params)
            flat = np.fromiter(chain.from_iterable(cursor.fetchall()), dtype=np.int64)
            return flat.reshape(-1, width)
        names = [f"c{column}" for column in range(width)]
        packed = " || ".join(f"int8send(q.{name}::bigint)" for name in names)
        cursor.execute(
            f"SELECT count(*), string_agg({packed}, ''::bytea) "
            f"FROM ({sql}) AS q ({', '.join(names)})",
            params,
        )
        count, data = cursor.fetchone()
    data = bytes(data or b"")
    # string_agg skips a row with a NULL (its bytes are NULL): the count says so.
    if len(data) != count * width * 8:
        raise ValueError("a NULL among the integer columns")
    return np.frombuffer(data, dtype=">i8").astype(np.int64).reshape(-1, width)

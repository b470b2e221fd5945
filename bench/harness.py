"""Shared helpers for the benchmarks in ``bench/``: a fresh database, timing, query counts, tables.

A benchmark calls ``use_database`` before anything imports Django models, then times its
operations with ``timeit`` (warm-up runs, then the median of the rest) and prints a ``table``
and a ``ratio`` against a baseline measured in the same run.
"""

from __future__ import annotations

import itertools
import os
import statistics
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = ROOT / "var"
POSTGRES_SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")


@dataclass(frozen=True)
class Timing:
    """Wall-clock milliseconds of the measured runs (warm-up runs excluded)."""

    runs_ms: tuple[float, ...]

    @property
    def median_ms(self) -> float:
        return statistics.median(self.runs_ms)

    @property
    def best_ms(self) -> float:
        return min(self.runs_ms)

    def __str__(self) -> str:
        return format_ms(self.median_ms)


def format_ms(ms: float) -> str:
    if ms >= 1000:
        return f"{ms / 1000:.2f} s"
    if ms >= 10:
        return f"{ms:.0f} ms"
    return f"{ms:.2f} ms"


def percentile(values: Sequence[float], share: float) -> float:
    """The value at ``share`` (0.5, 0.95, 0.99) of the sorted values, nearest rank; NaN if none."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def timeit(fn: Callable[[], object], *, repeat: int = 5, warmup: int = 1) -> Timing:
    """Run ``fn`` ``warmup`` times unmeasured (caches, plans), then ``repeat`` times measured."""
    for _ in range(warmup):
        fn()
    runs = []
    for _ in range(max(1, repeat)):
        start = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - start) * 1000)
    return Timing(tuple(runs))


def count_queries(fn: Callable[[], object], using: str = "default") -> int:
    """How many database queries one call of ``fn`` makes."""
    from django.db import connections
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connections[using]) as captured:
        fn()
    return len(captured.captured_queries)


def ratio(slower: Timing, faster: Timing) -> float:
    return slower.median_ms / max(faster.median_ms, 1e-6)


def print_ratio(label: str, baseline: Timing, candidate: Timing) -> None:
    """One line: the candidate against a baseline measured in the same run."""
    factor = ratio(baseline, candidate)
    verdict = f"{factor:.1f}× faster" if factor >= 1 else f"{1 / factor:.1f}× slower"
    print(f"  {label}: {candidate} vs {baseline} → {verdict}")


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], title: str = "") -> str:
    """A plain-text table, columns padded to their widest cell (CJK counted as two)."""
    cells = [[str(h) for h in headers], *[[str(c) for c in row] for row in rows]]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(headers))]

    def line(row: Sequence[str]) -> str:
        return "  ".join(
            _pad(cell, width, i > 0)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        )

    rule = "  ".join("-" * w for w in widths)
    body = [line(cells[0]), rule, *(line(row) for row in cells[1:])]
    return "\n".join(([title] if title else []) + body)


def _width(text: str) -> int:
    return sum(2 if ord(char) > 0x2E7F else 1 for char in text)


def _pad(text: str, width: int, right: bool) -> str:
    fill = " " * (width - _width(text))
    return fill + text if right else text + fill


def use_database(kind: str, name: str, *, fresh: bool = True) -> str:
    """Point Django at a fresh, empty database for a benchmark and set Django up.

    ``kind`` is ``sqlite`` (a file ``var/<name>.sqlite3``, deleted first) or ``postgres``
    (database ``name`` on ``BENCH_POSTGRES``, dropped and created again). With ``fresh`` false
    the database a previous run left is kept as it is. Returns its URL.
    """
    if kind == "sqlite":
        VAR_DIR.mkdir(exist_ok=True)
        path = VAR_DIR / f"{name}.sqlite3"
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            if fresh:
                leftover.unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    elif kind == "postgres":
        if fresh:
            _recreate_postgres_database(name)
        url = f"{POSTGRES_SERVER}/{name}"
    else:
        raise ValueError(f"unknown database kind {kind!r}")
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shuzhi.settings")
    os.environ.setdefault("CONN_MAX_AGE", "0")
    import django
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    django.setup()
    setup_test_environment()  # lets the test client in ("testserver") and keeps e-mail local
    call_command("migrate", verbosity=0)
    return url


def reset_database(kind: str, name: str) -> None:
    """Empty the benchmark database between sizes: drop and recreate it, then migrate."""
    from django.core.management import call_command
    from django.db import connections

    connections.close_all()
    if kind == "sqlite":
        path = Path(os.environ["DATABASE_URL"].removeprefix("sqlite:///"))
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
    else:
        _recreate_postgres_database(name)
    call_command("migrate", verbosity=0)


def _recreate_postgres_database(name: str) -> None:
    import psycopg

    if not name.replace("_", "").isalnum():
        raise ValueError(f"unsafe database name {name!r}")
    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def bulk_insert(
    table: str,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    batch: int = 50_000,
    reset_sequence: bool = False,
) -> int:
    """Insert rows around the ORM, for millions of them: ``COPY … FROM STDIN`` on PostgreSQL
    (psycopg's ``cursor.copy``), ``executemany`` in batches of ``batch`` on SQLite. Values go in
    as the database stores them (dates and times as ISO text on SQLite). With
    ``reset_sequence`` the table's id sequence is moved past the ids the rows gave. Returns how
    many rows went in."""
    from django.db import connection

    connection.ensure_connection()
    names = ", ".join(columns)
    count = 0
    if connection.vendor == "postgresql":
        with connection.connection.cursor() as cursor:
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            if reset_sequence:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                    f" (SELECT max(id) FROM {table}))"
                )
        return count
    marks = ", ".join("?" for _ in columns)
    sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, batch)):
        connection.connection.executemany(sql, chunk)
        count += len(chunk)
    return count

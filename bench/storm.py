"""Many voters released at once against a server on loopback, with the CPU each side spent.

The load comes from one asyncio loop: every voter opens its own connection (a phone), sends
one prepared request and reads the answer to the end. The earlier client (one thread per
voter, ``http.client``) spent about 1.6 ms of CPU per request on this 2-core machine, as much
as the server's own work, and every millisecond the client spends is one the server does not
get. Requests are built before the release, so the client's timed work is the socket work only.
Like a phone's browser, a voter speaks HTTP/1.1 with keep-alive, reads the answer by its
Content-Length and then closes the connection. (Asking the server to close instead,
``Connection: close``, makes gunicorn's gthread worker linger on every socket until the client's
FIN arrives, on the thread that also accepts and dispatches: a client-paced bottleneck that a
browser or a proxy in front does not cause.)

Latency is counted from the release, the moment all voters press "submit" together, not from
when each voter's request happened to start: the last voter's wait in the queue is part of what
they see.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.harness import percentile

TIMEOUT_SECONDS = 120.0


def http_request(host: str, method: str, path: str, payload: Any = None) -> bytes:
    """One HTTP/1.1 request, as a browser sends it (keep-alive)."""
    body = b"" if payload is None else json.dumps(payload).encode()
    head = f"{method} {path} HTTP/1.1\r\nHost: {host}\r\n"
    if payload is not None:
        head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
    return head.encode() + b"\r\n" + body


def content_length(head: bytes) -> int:
    for line in head.split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value)
    raise OSError("response without Content-Length")


def status_of(response: bytes) -> int:
    try:
        return int(response.split(b" ", 2)[1])
    except (IndexError, ValueError):
        return 0


@dataclass
class Storm:
    latencies: list[float]
    seconds: float
    errors: int
    cpu_client: float = 0.0  # CPU seconds of the load generator
    cpu_app: float = 0.0  # CPU seconds of every gunicorn process
    cpu_db: float = 0.0  # CPU seconds of the PostgreSQL backends of the bench's database

    @property
    def per_second(self) -> float:
        return len(self.latencies) / self.seconds


@dataclass
class Series:
    """The storms of one kind in a run: the rate as their median, latencies pooled."""

    name: str
    storms: list[Storm] = field(default_factory=list)

    @property
    def per_second(self) -> float:
        return statistics.median(s.per_second for s in self.storms)

    @property
    def latencies(self) -> list[float]:
        return [latency for s in self.storms for latency in s.latencies]

    @property
    def count(self) -> int:
        return len(self.latencies)

    @property
    def errors(self) -> int:
        return sum(s.errors for s in self.storms)

    def cpu_ms(self, side: str) -> float:
        """CPU milliseconds per answered request, on one side."""
        spent = sum(getattr(s, f"cpu_{side}") for s in self.storms)
        return spent * 1000 / max(1, self.count)

    def line(self) -> str:
        rates = " ".join(f"{s.per_second:.0f}" for s in self.storms)
        return (
            f"{self.name:<9} {self.count:>5} ok {self.errors:>3} errors  "
            f"{self.per_second:7.1f}/s (runs: {rates})  "
            f"p50 {percentile(self.latencies, 0.5) * 1000:6.0f} ms  "
            f"p99 {percentile(self.latencies, 0.99) * 1000:6.0f} ms  "
            f"CPU ms per request: client {self.cpu_ms('client'):.2f}, "
            f"app {self.cpu_ms('app'):.2f}, db {self.cpu_ms('db'):.2f}"
        )


async def _release(address: tuple[str, int], requests: Sequence[bytes]) -> Storm:
    release = asyncio.Event()
    started = 0.0

    async def one(raw: bytes) -> float | None:
        await release.wait()
        try:
            reader, writer = await asyncio.open_connection(*address)
            writer.write(raw)
            head = await reader.readuntil(b"\r\n\r\n")
            await reader.readexactly(content_length(head))
            writer.close()
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            return None
        return time.perf_counter() - started if status_of(head) == 200 else None

    async def bounded(raw: bytes) -> float | None:
        try:
            return await asyncio.wait_for(one(raw), TIMEOUT_SECONDS)
        except TimeoutError:
            return None

    tasks = [asyncio.ensure_future(bounded(raw)) for raw in requests]
    await asyncio.sleep(0)  # every voter waits at the release
    started = time.perf_counter()
    release.set()
    answers = await asyncio.gather(*tasks)
    seconds = time.perf_counter() - started
    latencies = [a for a in answers if a is not None]
    return Storm(latencies, seconds, len(answers) - len(latencies))


def _stat_fields(pid: int | str) -> list[str] | None:
    """The fields of /proc/PID/stat after the command name, or None if the process ended."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text.rsplit(")", 1)[1].split()


def _ticks_seconds(pids: Sequence[int]) -> float:
    """User + system CPU of the given processes (threads included), from /proc."""
    total = 0
    for pid in pids:
        fields = _stat_fields(pid)
        if fields is not None:
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def group_pids(pgid: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat_fields(entry.name)
            if fields is not None and int(fields[2]) == pgid:
                pids.append(int(entry.name))
    return pids


def database_backend_pids(database_url: str) -> list[int]:
    """The PostgreSQL backends serving ``database_url``'s database now (same machine)."""
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        ).fetchall()
    return [int(pid) for (pid,) in rows]


def release(
    address: tuple[str, int],
    requests: Sequence[bytes],
    *,
    server_group: int | None = None,
    database_url: str | None = None,
) -> Storm:
    """Release ``requests`` at once, each on its own connection; with the CPU each side spent
    while they ran (the app's process group, the database's backends) when given."""
    app = group_pids(server_group) if server_group else []
    db = database_backend_pids(database_url) if database_url else []
    client_before, app_before, db_before = (
        time.process_time(),
        _ticks_seconds(app),
        _ticks_seconds(db),
    )
    storm = asyncio.run(_release(address, requests))
    storm.cpu_client = time.process_time() - client_before
    storm.cpu_app = _ticks_seconds(app) - app_before
    storm.cpu_db = _ticks_seconds(db) - db_before
    return storm

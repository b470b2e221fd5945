"""Ballot submission under load: gunicorn + PostgreSQL on loopback, N concurrent voters each
submitting one 15-reporter ballot, against a bare Django endpoint (/healthz) on the same server
in the same run.

    ./dev bench ballots            # 500 voters
    ./dev bench ballots --quick    # 100 voters

Uses its own database (dropped and created): --database-url, default
postgres://postgres@127.0.0.1:5432/shuzhi_meetings_bench.
"""

from __future__ import annotations

import argparse
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlparse

from bench.server import Server, percentile, request

REPORTERS = 15


@dataclass
class Storm:
    latencies: list[float]
    seconds: float
    errors: int

    @property
    def per_second(self) -> float:
        return len(self.latencies) / self.seconds

    def line(self, name: str) -> str:
        return (
            f"{name:<9} {len(self.latencies):>4} ok {self.errors:>3} errors  "
            f"{self.per_second:8.1f}/s  p50 {percentile(self.latencies, 0.5) * 1000:7.0f} ms  "
            f"p99 {percentile(self.latencies, 0.99) * 1000:7.0f} ms"
        )


def storm(count: int, call: Callable[[int], bool]) -> Storm:
    """``count`` threads released together, each making one call; wall time of the whole."""
    barrier = threading.Barrier(count + 1)
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()

    def one(n: int) -> None:
        nonlocal errors
        barrier.wait()
        started = time.perf_counter()
        try:
            ok = call(n)
        except OSError:
            ok = False
        elapsed = time.perf_counter() - started
        with lock:
            if ok:
                latencies.append(elapsed)
            else:
                errors += 1

    threads = [threading.Thread(target=one, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    return Storm(latencies, time.perf_counter() - started, errors)


def fresh_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def set_up(voters: int) -> tuple[Any, list[str], list[int]]:
    """A city meeting with 15 reporters on the agenda, enough representatives signed in, the
    formal box open and ``voters`` tokens issued. The report gate is answered by a stand-in."""
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    from tests.factories import make_org, make_person, make_user
    from tests.meetings.conftest import make_reporters
    from tests.signals import isolated

    from shuzhi.core.events import Clearance, ClearanceRequest, report_clearance_requested
    from shuzhi.meetings import ballots, box, services
    from shuzhi.orgs.models import Representative
    from shuzhi.rounds.models import Round

    city = make_org("基准市委", code="B")
    counties = [make_org(f"基准{n}县委", city, code=f"B-{n}") for n in range(3)]
    round_ = Round.objects.create(name="基准考核", year=2026, hearing_organization=city)
    reporters = make_reporters(round_, counties, REPORTERS)
    host = make_user("bench_host", "host", city)
    meeting = services.create_meeting(actor=host, round=round_, held_on=date(2026, 12, 20))

    def clear(request: ClearanceRequest) -> dict[int, Clearance]:
        return {rid: Clearance(True) for rid in request.reporter_ids}

    with isolated(report_clearance_requested) as signal:
        signal.answer_with(clear, uid="bench")
        services.add_to_agenda(actor=host, meeting=meeting, reporters=reporters)
    for n in range(10):
        person = make_person(f"代表{n}", city)
        Representative.objects.create(organization=city, person=person, category="masses")
        services.sign_in(actor=host, meeting=meeting, person=person)
    box.open_box(actor=host, meeting=meeting)
    tokens = ballots.issue_tokens(actor=host, meeting=meeting, category="masses", count=voters)
    return meeting, tokens, [r.pk for r in reporters]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100 voters instead of 500")
    parser.add_argument("--voters", type=int, default=0)
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/shuzhi_meetings_bench"
        ),
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    voters = args.voters or (100 if args.quick else 500)

    fresh_database(args.database_url)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shuzhi.settings")
    meeting, tokens, reporter_ids = set_up(voters)
    grades = ("good", "fair", "average", "poor")

    def vote(n: int) -> bool:
        payload = {
            "token": tokens[n],
            "ratings": {
                str(rid): {"grade": grades[(n + i) % 4]} for i, rid in enumerate(reporter_ids)
            },
            "comment": "",
        }
        status, _ = request(server.host, "POST", "/api/meetings/ballots", payload, timeout=120)
        return status == 200

    def healthz(n: int) -> bool:
        return request(server.host, "GET", "/healthz", timeout=120)[0] == 200

    server = Server(args.database_url, workers=args.workers, threads=args.threads)
    server.start()
    try:
        storm(20, healthz)  # warm up the workers' connections
        baseline = storm(voters, healthz)
        ballots = storm(voters, vote)
    finally:
        server.stop()

    from shuzhi.meetings.models import Ballot

    counted = Ballot.objects.filter(box__meeting=meeting).count()
    print(
        f"gunicorn {args.workers} workers × {args.threads} threads, PostgreSQL on loopback, "
        f"{voters} concurrent clients, {REPORTERS} reporters per ballot, cores: {os.cpu_count()}"
    )
    print(baseline.line("/healthz"))
    print(ballots.line("ballots"))
    print(
        f"ratio    ballots/s ÷ healthz/s = {ballots.per_second / baseline.per_second:.2f}; "
        f"ballot p50 ÷ healthz p50 = "
        f"{percentile(ballots.latencies, 0.5) / percentile(baseline.latencies, 0.5):.1f}"
    )
    print(f"counted  {counted} ballots in the box (expected {len(ballots.latencies)})")
    if counted != len(ballots.latencies):
        raise SystemExit("ballots counted differ from receipts")


if __name__ == "__main__":
    main()

"""Ballot submission under load: gunicorn + PostgreSQL on loopback, N voters released at once,
each submitting one 15-reporter ballot, against two baselines on the same server in the same
run: a bare Django endpoint (/healthz) and a minimal durable write (one row inserted in one
transaction, by a bench-only endpoint that only ``bench.settings`` routes). Then the same N
voters spread over 10 meetings voting at once. Each kind of storm runs ``--repeat`` times,
interleaved in alternating order; rates are the median of the runs, latencies are pooled, and
the CPU each side spent per request (load generator, app server, database) is printed, which
says more than the rates when the machine is shared.

    ./dev bench ballots            # 500 voters, 3 storms of each kind
    ./dev bench ballots --quick    # 100 voters

Goals (issue 15): ballots/s ≥ 0.5 × minimal write/s; p99 under 1 s with 500 voters; the total
rate with 10 meetings no lower than with one. Uses its own database (dropped and created):
--database-url, default postgres://postgres@127.0.0.1:5432/shuzhi_meetings_bench.
"""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlparse

from bench.harness import percentile
from bench.server import Server
from bench.storm import Series, http_request, release

REPORTERS = 15
MEETINGS = 10
GRADES = ("good", "fair", "average", "poor")
BALLOTS = "/api/meetings/ballots"


def fresh_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


@dataclass
class Box:
    meeting_id: int
    tokens: list[str]
    reporter_ids: list[int]


def set_up(voters: int) -> tuple[Box, list[Box]]:
    """One meeting with ``voters`` tokens and ``MEETINGS`` more sharing ``voters`` tokens, each
    with 15 reporters on the agenda, enough representatives signed in and the formal box open.
    The report gate is answered by a stand-in."""
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    from django.core.cache import cache
    from tests.factories import make_org, make_person, make_user
    from tests.meetings.conftest import make_reporters
    from tests.signals import isolated

    from bench.urls import create_table
    from shuzhi.core.events import Clearance, ClearanceRequest, report_clearance_requested
    from shuzhi.meetings import ballots, box, services
    from shuzhi.orgs.models import Representative
    from shuzhi.rounds.models import Round

    create_table()
    cache.clear()  # bench.settings' own cache: no failed attempts left from an earlier run
    city = make_org("基准市委", code="B")
    counties = [make_org(f"基准{n}县委", city, code=f"B-{n}") for n in range(3)]
    round_ = Round.objects.create(name="基准考核", year=2026, hearing_organization=city)
    reporters = make_reporters(round_, counties, REPORTERS)
    host = make_user("bench_host", "host", city)
    people = []
    for n in range(10):
        person = make_person(f"代表{n}", city)
        Representative.objects.create(organization=city, person=person, category="masses")
        people.append(person)

    def clear(request: ClearanceRequest) -> dict[int, Clearance]:
        return {rid: Clearance(True) for rid in request.reporter_ids}

    def meeting_with(count: int, n: int) -> Box:
        meeting = services.create_meeting(
            actor=host, round=round_, held_on=date(2026, 12, 20), title=f"基准评议会{n}"
        )
        with isolated(report_clearance_requested) as signal:
            signal.answer_with(clear, uid="bench")
            services.add_to_agenda(actor=host, meeting=meeting, reporters=reporters)
        for person in people:
            services.sign_in(actor=host, meeting=meeting, person=person)
        box.open_box(actor=host, meeting=meeting)
        tokens: list[str] = []
        while len(tokens) < count:  # in batches, as a host prints them
            batch = min(1000, count - len(tokens))
            tokens += ballots.issue_tokens(
                actor=host, meeting=meeting, category="masses", count=batch
            )
        return Box(meeting.pk, tokens, [r.pk for r in reporters])

    per_meeting = -(-voters // MEETINGS)
    return meeting_with(voters, 0), [meeting_with(per_meeting, n + 1) for n in range(MEETINGS)]


def ballot(box: Box, n: int) -> dict[str, Any]:
    return {
        "token": box.tokens[n],
        "ratings": {
            str(rid): {"grade": GRADES[(n + i) % 4]} for i, rid in enumerate(box.reporter_ids)
        },
        "comment": "",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100 voters instead of 500")
    parser.add_argument("--voters", type=int, default=0)
    parser.add_argument(
        "--repeat", type=int, default=3, help="storms of each kind, interleaved (default 3)"
    )
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
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    single, many = set_up(voters * args.repeat)
    spread = [(b, n) for n in range(len(many[0].tokens)) for b in many]

    server = Server(
        args.database_url,
        workers=args.workers,
        threads=args.threads,
        settings_module="bench.settings",
    )
    server.start()
    address = ("127.0.0.1", server.port)

    def requests(kind: str, run: int) -> list[bytes]:
        """The ``run``-th storm's requests of one kind: fresh tokens every time."""
        numbers = range(run * voters, (run + 1) * voters)
        if kind == "/healthz":
            return [http_request(server.host, "GET", "/healthz") for _ in numbers]
        if kind == "write":
            payloads = [{"n": n, **ballot(single, n)} for n in numbers]
            return [http_request(server.host, "POST", "/bench/write", p) for p in payloads]
        if kind == "ballots":
            payloads = [ballot(single, n) for n in numbers]
        else:
            payloads = [ballot(*spread[n]) for n in numbers]
        return [http_request(server.host, "POST", BALLOTS, p) for p in payloads]

    kinds = ["/healthz", "write", "ballots", f"{MEETINGS} mtgs"]
    series = {kind: Series(kind) for kind in kinds}
    try:
        # Warm up the workers: connections, and the first call of each endpoint (imports, the
        # API's schemas), with a refused ballot so that no token is spent.
        refused = [{**ballot(single, n), "token": "X"} for n in range(20)]
        for warm in (
            [http_request(server.host, "GET", "/healthz")] * 20,
            [http_request(server.host, "POST", "/bench/write", {"n": n}) for n in range(20)],
            [http_request(server.host, "POST", BALLOTS, p) for p in refused],
        ):
            release(address, warm)
        for run in range(args.repeat):
            # Each round in another order, so a drift of the machine favours no kind.
            for kind in kinds if run % 2 == 0 else kinds[::-1]:
                batch = requests(kind, run)
                series[kind].storms.append(
                    release(
                        address,
                        batch,
                        server_group=server.pid,
                        database_url=args.database_url,
                    )
                )
    finally:
        server.stop()

    report(args, voters, single, many, series)


def report(
    args: argparse.Namespace, voters: int, single: Box, many: list[Box], series: dict[str, Series]
) -> None:
    from shuzhi.meetings.models import Ballot

    baseline, minimal, one, ten = series.values()
    counted_one = Ballot.objects.filter(box__meeting_id=single.meeting_id).count()
    counted_ten = Ballot.objects.filter(box__meeting_id__in=[b.meeting_id for b in many]).count()
    print(
        f"gunicorn {args.workers} workers × {args.threads} threads, PostgreSQL on loopback, "
        f"{voters} clients released at once, {args.repeat} storms of each kind interleaved, "
        f"{REPORTERS} reporters per ballot, cores: {os.cpu_count()}, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    for kind in series.values():
        print(kind.line())
    p99 = percentile(one.latencies, 0.99)
    print(
        f"ratios   ballots/s ÷ minimal write/s = {one.per_second / minimal.per_second:.2f} "
        f"(goal ≥ 0.5); ballot p99 = {p99:.2f} s (goal < 1 s); "
        f"{MEETINGS} meetings ÷ 1 meeting = {ten.per_second / one.per_second:.2f} (goal ≥ 1); "
        f"ballots/s ÷ healthz/s = {one.per_second / baseline.per_second:.2f}"
    )
    print(
        f"counted  {counted_one} + {counted_ten} ballots in the boxes "
        f"(expected {one.count} + {ten.count})"
    )
    if (counted_one, counted_ten) != (one.count, ten.count):
        raise SystemExit("ballots counted differ from receipts")


if __name__ == "__main__":
    main()

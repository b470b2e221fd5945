"""Finding an organisation or a person by part of a Chinese name, at province size.

    ./dev bench search [--database sqlite|postgres] [--quick] [--queries N] [--keep]

Builds a province tree (``bench/treegen.py``: 500,000 organisations; ``--quick`` 50,000) and
1,000,000 people (``--quick`` 100,000) with fictional names kept at random organisations,
then the name index (``orgs.search_index``). It draws two- and three-character parts of real
names (organisations' and people's, at random positions) and times, per query, the search a
provincial and a county administrator make (``orgs.queries.search`` and ``search_people``:
what the search page runs) against today's scan of every name in scope (``LIKE '%…%'``),
on a subset of the queries. Both must give the same results, or the run fails.
Notes: docs/bench-search.md.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from bench.harness import format_ms, percentile, table, use_database

FULL = (500_000, 1_000_000)
QUICK = (50_000, 100_000)


def add_people(count: int, seed: int) -> float:
    """``count`` people with names of two or three characters, at random organisations."""
    from shuzhi.core.bulk import insert_rows
    from shuzhi.orgs.demo_names import GIVEN_CHARS, SURNAMES
    from shuzhi.orgs.models import Organization, Person
    from shuzhi.orgs.search_index import index_people

    rng = random.Random(seed)
    units = list(Organization.objects.values_list("pk", flat=True))
    started = time.perf_counter()

    def name() -> str:
        given = "".join(rng.choice(GIVEN_CHARS) for _ in range(rng.choice((1, 2, 2))))
        return rng.choice(SURNAMES) + given

    rows = ((f"BP{n:07d}", name(), "", "", rng.choice(units)) for n in range(count))
    insert_rows(Person, ("code", "name", "gender", "phone", "unit"), rows)
    index_people()
    return time.perf_counter() - started


def draw_queries(count: int, seed: int) -> list[str]:
    """Half two-, half three-character parts of stored names (organisations 2:1 people)."""
    from shuzhi.orgs.models import Organization, Person

    rng = random.Random(seed)
    last_org = Organization.objects.order_by("-pk").values_list("pk", flat=True)[0]
    last_person = Person.objects.order_by("-pk").values_list("pk", flat=True)[0]
    drawn: list[str] = []
    while len(drawn) < count:
        length = 2 if len(drawn) % 2 == 0 else 3
        model, last = (Organization, last_org) if rng.random() < 2 / 3 else (Person, last_person)
        name = model.objects.filter(pk__gte=rng.randint(1, last)).values_list("name", flat=True)[:1]
        text = next(iter(name), "")
        if len(text) >= length:
            start = rng.randint(0, len(text) - length)
            drawn.append(text[start : start + length])
    return drawn


def scan(user: Any, text: str) -> tuple[list[int], list[int]]:
    """Today's search: every name in the user's scope matched with LIKE '%text%'."""
    from django.db.models import Q

    from shuzhi.accounts.access import scope_filter
    from shuzhi.orgs.models import Organization, Person
    from shuzhi.orgs.queries import SEARCH_LIMIT

    orgs = (
        Organization.objects.filter(scope_filter(user, "orgs.view"))
        .filter(Q(name__icontains=text) | Q(code__iexact=text))
        .order_by("path")
        .values_list("pk", flat=True)[:SEARCH_LIMIT]
    )
    people = (
        Person.objects.filter(scope_filter(user, "orgs.view", "unit__path"))
        .filter(Q(name__icontains=text) | Q(code__iexact=text))
        .order_by("name", "code")
        .values_list("pk", flat=True)[:SEARCH_LIMIT]
    )
    return list(orgs), list(people)


def indexed(user: Any, text: str) -> tuple[list[int], list[int]]:
    from shuzhi.orgs import queries

    return (
        [o.pk for o in queries.search(user, text)],
        [p.pk for p in queries.search_people(user, text)],
    )


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def build(database: str, organizations: int, people: int, seed: int) -> dict[str, Any]:
    """The tree, the people and their name index; the two administrators who search."""
    from django.db import connection

    from bench.tree import prepare_samples
    from bench.treegen import build_tree

    built = build_tree(organizations, seed)
    people_seconds = add_people(people, seed)
    with connection.cursor() as cursor:
        # As autovacuum leaves a table some minutes after a load: statistics and the
        # visibility map, without which an index-only scan reads every table row anyway.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    samples = prepare_samples(built.root_path)
    print(
        f"{database}: {built.size:,} organisations (built and indexed in "
        f"{built.seconds:.0f} s), {people:,} people ({people_seconds:.0f} s)"
    )
    return {"province": samples.province_admin, "county": samples.county_admin}


def kept_users() -> dict[str, Any]:
    from shuzhi.accounts.models import User
    from shuzhi.orgs.models import Organization

    root = Organization.objects.filter(depth=0).values_list("path", flat=True).get()
    return {key: User.objects.get(username=f"bench-{key}-{root}") for key in ("province", "county")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--quick", action="store_true", help="50,000 / 100,000")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--baseline", type=int, default=30, help="queries also scanned")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", action="store_true", help="reuse the previous run's data")
    parser.add_argument(
        "--db-name",
        default="province_bench_search",
        help="the database (PostgreSQL) or var/ file (SQLite) to build or --keep",
    )
    args = parser.parse_args()
    organizations, people = QUICK if args.quick else FULL
    use_database(args.database, args.db_name, fresh=not args.keep)
    if args.keep:
        users = kept_users()
        print(f"{args.database}: the tree and people of the previous run, kept")
    else:
        users = build(args.database, organizations, people, args.seed)
    texts = draw_queries(args.queries, args.seed)
    rows, mismatches, worst = [], 0, 1.0
    for scope, user in users.items():
        for text in texts[:5]:
            indexed(user, text)  # warm caches and plans
        for length in (2, 3):
            chosen = [t for t in texts if len(t) == length]
            fast = [timed(partial(indexed, user, t)) for t in chosen]
            subset = chosen[: args.baseline // 2]
            slow = [timed(partial(scan, user, t)) for t in subset]
            mismatches += sum(indexed(user, t) != scan(user, t) for t in subset)
            ratio = statistics.median(slow) / statistics.median(fast)
            worst = max(worst, percentile(fast, 0.95))
            rows.append(
                [
                    f"{scope}, {length} characters",
                    len(chosen),
                    format_ms(statistics.median(fast)),
                    format_ms(percentile(fast, 0.95)),
                    format_ms(statistics.median(slow)),
                    format_ms(percentile(slow, 0.95)),
                    f"{ratio:.0f}×",
                ]
            )
    headers = ["search (orgs + people)", "queries", "index p50", "p95", "scan p50", "p95", "ratio"]
    print(table(headers, rows))
    print(f"  e.g. {', '.join(texts[:8])}")
    if mismatches:
        print(f"{mismatches} queries gave other results than the scan", file=sys.stderr)
        return 1
    print(f"same results as the scan on {args.baseline // 2 * 4} queries; worst p95 {worst:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())

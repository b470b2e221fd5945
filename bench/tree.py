"""Benchmark: the organisation tree at province scale (500,000 organisations).

    ./dev bench tree [--database postgres] [--quick] [--sizes 5000,50000,500000]

For each size, a fresh database gets a generated tree (``bench.treegen``); then the subtree
listing, the tree page, organisation pages, name search and ``/api/orgs/?under=`` are timed
through Django's test client, and each page's database queries are counted, to show they do
not grow with the tree. The baseline, measured in the same run: a county's subtree counted by
the materialised-path range (what the app does) against a prefix match that cannot use the
index and against a recursive CTE over ``parent_id``.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bench.harness import Timing, count_queries, format_ms, print_ratio, ratio, table, timeit

DATABASE_NAME = "shuzhi_bench_tree"
FULL_SIZES = (5_000, 50_000, 500_000)
QUICK_SIZES = (2_000, 20_000)
LIST_PAGE = 50


@dataclass
class Samples:
    """The organisations and users the pages are timed with, picked from one built tree."""

    province: Any
    county: Any
    township: Any
    village: Any
    province_admin: Any
    county_admin: Any
    search_term: str


@dataclass(frozen=True)
class Page:
    label: str
    user: str  # "province" or "county": whose admin asks
    url: str


def prepare_samples(root_path: str) -> Samples:
    """Pick a median county (by subtree size), a median township in it and a village; give
    them post holders and create a provincial and a county administrator."""
    from datetime import date

    from shuzhi.accounts.models import RoleGrant, User
    from shuzhi.orgs import queries
    from shuzhi.orgs.models import Organization, Person, Post

    province = Organization.objects.get(path=root_path)
    county = _median(queries.subtree(province).filter(level="county"))
    township = _median(queries.subtree(county).filter(level="township"))
    village = queries.subtree(township).filter(level="village").order_by("path").first()
    last_village = queries.subtree(county).filter(level="village").order_by("-path").first()
    assert village is not None and last_village is not None
    for organization in (province, county, township, village):
        for number, role in enumerate(("organiser", "deputy_secretary", "secretary")):
            person = Person.objects.create(
                code=f"{organization.code}-P{number}", name=f"测试{number}号", unit=organization
            )
            Post.objects.create(
                organization=organization, person=person, role=role, start_date=date(2024, 1, 1)
            )
    users = {}
    for key, scope in (("province", province), ("county", county)):
        user = User.objects.create_user(f"bench-{key}-{root_path}", password=None)
        RoleGrant.objects.create(user=user, role="admin", organization=scope)
        users[key] = user
    # A particular village looked up by name: few matches, near the end of the county's range.
    term = last_village.name.removesuffix("党总支").removesuffix("党委")
    return Samples(province, county, township, village, users["province"], users["county"], term)


def _median(queryset: Any) -> Any:
    from shuzhi.orgs import queries

    candidates = sorted(queryset, key=lambda o: (queries.subtree(o).count(), o.path))
    return candidates[len(candidates) // 2]


def pages(samples: Samples) -> list[Page]:
    county, township, village = samples.county.code, samples.township.code, samples.village.code
    return [
        Page("tree page", "county", "/orgs/"),
        Page("tree page, province admin", "province", "/orgs/"),
        Page("expand county (htmx)", "county", f"/orgs/{county}/children/"),
        Page("organisation page: county", "county", f"/orgs/{county}/"),
        Page("organisation page: village", "county", f"/orgs/{village}/"),
        Page("organisation page: province", "province", f"/orgs/{samples.province.code}/"),
        Page("name search in county", "county", f"/orgs/search/?q={samples.search_term}"),
        Page("name search in province", "province", f"/orgs/search/?q={samples.search_term}"),
        Page("API ?under=county", "county", f"/api/orgs/?under={county}&limit={LIST_PAGE}"),
        Page("API ?under=township", "county", f"/api/orgs/?under={township}&limit={LIST_PAGE}"),
        Page("API list, province admin", "province", f"/api/orgs/?limit={LIST_PAGE}"),
    ]


def _clients(samples: Samples) -> dict[str, Any]:
    from django.test import Client

    clients = {}
    for key, user in (("province", samples.province_admin), ("county", samples.county_admin)):
        clients[key] = Client()
        clients[key].force_login(user)
    return clients


def _getter(client: Any, url: str) -> Callable[[], None]:
    def get() -> None:
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url}: {response.status_code}")

    return get


def page_query_counts(samples: Samples) -> dict[str, int]:
    clients = _clients(samples)
    return {p.label: count_queries(_getter(clients[p.user], p.url)) for p in pages(samples)}


def measure_pages(samples: Samples, repeat: int) -> dict[str, tuple[Timing, int]]:
    clients = _clients(samples)
    results = {}
    for page in pages(samples):
        get = _getter(clients[page.user], page.url)
        results[page.label] = (timeit(get, repeat=repeat), count_queries(get))
    return results


def measure_listing(samples: Samples, repeat: int) -> dict[str, tuple[Timing, int]]:
    from shuzhi.orgs import queries

    subtree = queries.subtree(samples.county)
    operations: dict[str, Callable[[], object]] = {
        "county subtree count (ORM)": subtree.count,
        "county subtree list page (ORM)": lambda: list(subtree.order_by("path")[:LIST_PAGE]),
    }
    return {
        label: (timeit(fn, repeat=repeat), count_queries(fn)) for label, fn in operations.items()
    }


def baseline_counts(samples: Samples, repeat: int) -> dict[str, Timing]:
    """A county's subtree counted four ways, in raw SQL; all must agree."""
    from django.db import connection

    from shuzhi.orgs import tree

    path = samples.county.path
    upper = tree.successor(path)
    prefix = "substr(path, 1, %s)" if connection.vendor == "sqlite" else "LEFT(path, %s)"
    table_name = "orgs_organization"
    statements: dict[str, tuple[str, list[Any]]] = {
        "path range (app)": (
            f"SELECT COUNT(*) FROM {table_name} WHERE path >= %s AND path < %s",
            [path, upper],
        ),
        "prefix, no index": (
            f"SELECT COUNT(*) FROM {table_name} WHERE {prefix} = %s",
            [len(path), path],
        ),
        "LIKE 'p%'": (f"SELECT COUNT(*) FROM {table_name} WHERE path LIKE %s", [path + "%"]),
        "recursive CTE": (
            f"WITH RECURSIVE sub(id) AS (SELECT id FROM {table_name} WHERE id = %s"
            f" UNION ALL SELECT o.id FROM {table_name} o JOIN sub ON o.parent_id = sub.id)"
            " SELECT COUNT(*) FROM sub",
            [samples.county.pk],
        ),
    }
    timings, answers = {}, set()
    with connection.cursor() as cursor:
        for label, (sql, params) in statements.items():

            def run(sql: str = sql, params: list[Any] = params) -> None:
                cursor.execute(sql, params)
                answers.add(cursor.fetchone()[0])

            timings[label] = timeit(run, repeat=repeat)
    if len(answers) != 1:
        raise AssertionError(f"subtree counts disagree: {answers}")
    return timings


def run_size(size: int, repeat: int) -> dict[str, Any]:
    from bench.treegen import build_tree

    built = build_tree(size)
    samples = prepare_samples(built.root_path)
    from shuzhi.orgs import queries

    county_size = queries.subtree(samples.county).count()
    print(
        f"\n{size:,} organisations built in {built.seconds:.1f} s "
        f"({size / built.seconds:,.0f}/s): "
        + ", ".join(f"{level} {count:,}" for level, count in built.counts.items())
        + f"; timed county holds {county_size:,}"
    )
    results: dict[str, Any] = {
        "build_s": built.seconds,
        "county_size": county_size,
        "listing": measure_listing(samples, repeat),
        "pages": measure_pages(samples, repeat),
        "baseline": baseline_counts(samples, repeat),
    }
    base = results["baseline"]
    for label in ("prefix, no index", "LIKE 'p%'", "recursive CTE"):
        print_ratio(f"path range vs {label}", base[label], base["path range (app)"])
    return results


def report(database: str, sizes: list[int], results: dict[int, dict[str, Any]]) -> None:
    headers = ["", *(f"{size:,}" for size in sizes)]
    rows: list[list[object]] = [["build (s)", *(f"{results[s]['build_s']:.1f}" for s in sizes)]]
    for section in ("listing", "pages"):
        for label in results[sizes[0]][section]:
            cells = []
            for size in sizes:
                timing, queries = results[size][section][label]
                cells.append(f"{timing} ({queries} q)")
            rows.append([label, *cells])
    print("\n" + table(headers, rows, f"Median time (queries) by tree size — {database}"))
    grew = [
        label
        for label in results[sizes[0]]["pages"]
        if len({results[s]["pages"][label][1] for s in sizes}) > 1
    ]
    print("queries per page constant across sizes:", "yes" if not grew else f"NO: {grew}")
    base_rows = [
        [label, *(format_ms(results[s]["baseline"][label].median_ms) for s in sizes)]
        for label in results[sizes[0]]["baseline"]
    ]
    base_rows.append(
        [
            "prefix / range",
            *(f"{_ratio(results[s], 'prefix, no index'):.0f}×" for s in sizes),
        ]
    )
    print("\n" + table(headers, base_rows, "Baseline: one county's subtree count (raw SQL)"))


def _ratio(result: dict[str, Any], label: str) -> float:
    base = result["baseline"]
    return ratio(base[label], base["path range (app)"])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="./dev bench tree", description=__doc__.split("\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--quick", action="store_true", help="small sizes, fewer repeats")
    parser.add_argument("--sizes", help="comma-separated tree sizes, e.g. 5000,50000,500000")
    parser.add_argument("--repeat", type=int, help="measured runs per timing (median taken)")
    args = parser.parse_args(argv)
    sizes = (
        [int(s) for s in args.sizes.split(",")]
        if args.sizes
        else list(QUICK_SIZES if args.quick else FULL_SIZES)
    )
    repeat = args.repeat or (3 if args.quick else 7)

    from bench.harness import reset_database, use_database

    url = use_database(
        args.database, DATABASE_NAME if args.database == "postgres" else "bench_tree"
    )
    print(f"Tree benchmark on {args.database} ({url}); sizes {sizes}; median of {repeat} runs")
    results = {}
    for index, size in enumerate(sizes):
        if index:
            reset_database(
                args.database, DATABASE_NAME if args.database == "postgres" else "bench_tree"
            )
        results[size] = run_size(size, repeat)
    report(args.database, sizes, results)


if __name__ == "__main__":
    main()

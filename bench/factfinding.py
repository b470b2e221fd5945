"""Fact-finding at province scale: audit sample draws and the 问题清单 export.

    ./dev bench factfinding [--quick] [--database postgres]

1. Builds a 500,000-organisation tree (``bench.treegen``; 50,000 with --quick) and draws an
   audit sample for every county and every township with ``sampling.draw`` (one query of the
   candidates' ids) against ``sampling.naive_draw`` (the whole subtree
   loaded into Python and sampled there), checking both give the same sample.
2. Writes 100,000 findings (10,000 with --quick) into one round and times the streamed export
   (``workbook.write_findings``: value rows in one query) against the naive one (ORM instances,
   each organisation fetched per row, the same writer), and counts the queries of the
   round page and the findings page at 1 % and 100 % of the findings (constant).
"""

from __future__ import annotations

import argparse
import random
from io import BytesIO
from typing import Any

DATABASE_NAME = "shuzhi_bench_factfinding"
COUNTS = {"government": 2, "village": 3, "community": 3, "two_new": 3}


def draw_all(units: list[Any], naive: bool) -> list[Any]:
    from shuzhi.factfinding import sampling

    draw = sampling.naive_draw if naive else sampling.draw
    return [draw(unit, f"bench-{unit.code}", COUNTS) for unit in units]


def measure_draws(units: list[Any], repeat: int) -> None:
    from bench.harness import print_ratio, timeit

    fast, slow = draw_all(units, naive=False), draw_all(units, naive=True)
    assert [s.picked for s in fast] == [s.picked for s in slow], "the two draws disagree"
    short = sum(1 for s in fast if s.shortfalls)
    picked = sum(len(s.picked) for s in fast)
    print(
        f"  {len(units):,} units, {picked:,} organisations sampled, {short:,} units short of a kind"
    )
    database = timeit(lambda: draw_all(units, naive=False), repeat=repeat, warmup=0)
    python = timeit(lambda: draw_all(units, naive=True), repeat=max(1, repeat // 2), warmup=0)
    print(f"  per unit: {database.median_ms / len(units):.2f} ms in the database")
    print_ratio("sample draws, database vs whole subtree in Python", python, database)


def add_findings(round_: Any, count: int, seed: int) -> None:
    from django.db import transaction

    from shuzhi.factfinding.models import Finding
    from shuzhi.orgs.models import Organization

    rng = random.Random(seed)
    units = list(
        Organization.objects.filter(level__in=["county", "township"]).values_list("pk", flat=True)
    )
    sources = ["inspection", "unannounced_visit"]
    with transaction.atomic():
        Finding.objects.bulk_create(
            (
                Finding(
                    round=round_,
                    organization_id=rng.choice(units),
                    source=rng.choice(sources),
                    responsibility=f"责任事项{n % 12 + 1}",
                    text=f"第{n}号问题：“三会一课”记录不全，党课次数不足",
                )
                for n in range(count)
            ),
            batch_size=5000,
        )


def naive_export(round_: Any) -> None:
    """The same sheet through the same writer, from ORM instances whose organisation is
    fetched row by row (the N+1 a loop over ``Finding.objects`` falls into)."""
    from shuzhi.core.workbook import new_workbook, write_sheet
    from shuzhi.factfinding.models import Finding
    from shuzhi.factfinding.workbook import FINDINGS

    rows = [
        [n, f.organization.code, f.organization.name, f.get_source_display(), f.responsibility,
         f.text, f.get_acknowledgement_display(), f.created_at.date()]
        for n, f in enumerate(Finding.objects.filter(round=round_).order_by("organization__path", "pk"), 1)
    ]  # fmt: skip
    book = new_workbook(write_only=True)
    write_sheet(book, FINDINGS, rows)
    book.save(BytesIO())


def page_queries(round_: Any) -> dict[str, int]:
    from django.test import Client

    from bench.harness import count_queries
    from shuzhi.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="bench_root"))
    urls = {
        "round page": f"/factfinding/rounds/{round_.pk}/",
        "findings page": "/factfinding/findings/",
    }
    counts = {}
    for label, url in urls.items():
        assert client.get(url).status_code == 200

        def get(url: str = url) -> None:
            client.get(url)

        counts[label] = count_queries(get)
    return counts


def measure_export(root: Any, findings: int, repeat: int) -> None:
    from datetime import date

    from bench.harness import print_ratio, timeit
    from shuzhi.accounts.models import User
    from shuzhi.factfinding import workbook
    from shuzhi.rounds.models import Round

    User.objects.create_user("bench_root", password="x", is_superuser=True)
    round_ = Round.objects.create(name="基准2025年度", year=2025, hearing_organization=root)
    add_findings(round_, findings // 100, seed=1)
    small = page_queries(round_)
    add_findings(round_, findings - findings // 100, seed=2)
    large = page_queries(round_)
    for label in small:
        print(
            f"  {label}: {small[label]} queries at {findings // 100:,} findings, {large[label]} at {findings:,}"
        )
        assert small[label] == large[label], "queries grow with the findings"

    def streamed() -> None:
        workbook.write_findings(round_, BytesIO(), today=date(2026, 1, 1))

    fast = timeit(streamed, repeat=repeat, warmup=0)
    slow = timeit(lambda: naive_export(round_), repeat=max(1, repeat // 2), warmup=0)
    print(f"  问题清单 of {findings:,} findings: {fast}")
    print_ratio("export, value rows vs ORM instances with a query per row", slow, fast)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="./dev bench factfinding", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument(
        "--quick", action="store_true", help="50,000 organisations, 10,000 findings"
    )
    args = parser.parse_args(argv)
    size, findings, repeat = (50_000, 10_000, 1) if args.quick else (500_000, 100_000, 3)

    from bench.harness import use_database

    url = use_database(
        args.database, DATABASE_NAME if args.database == "postgres" else "bench_factfinding"
    )
    from bench.treegen import build_tree
    from shuzhi.orgs.models import Organization

    built = build_tree(size)
    print(
        f"Fact-finding benchmark on {args.database} ({url}): {size:,} organisations in {built.seconds:.1f} s"
    )
    root = Organization.objects.get(path=built.root_path)
    units = list(Organization.objects.filter(level__in=["county", "township"]).order_by("path"))
    print("Audit sample draws (every county and township):")
    measure_draws(units, repeat)
    print("Findings:")
    measure_export(root, findings, repeat)


if __name__ == "__main__":
    main()

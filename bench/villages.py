"""Villages at province scale: star distribution, village classes and pay, the lagging list.

    ./dev bench villages [--quick] [--postgres]

A generated province (``bench.treegen``: ~300,000 branches and ~20,000 villages at full size)
gets a current star rating for every branch in 2025 and 2024, a lagging list of 5% of the
villages over several years, and a city's 100-point assessment (2,500 villages × 7 committee
members at full size). Each operation is timed against a per-organisation loop in the same
run, with the query counts, and the two answers are checked to agree.
"""

from __future__ import annotations

import argparse
import random
import time
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from bench.harness import count_queries, format_ms, table, timeit, use_database


def _ratings(seed: int) -> tuple[Any, int]:
    """A current rating per branch for 2024 and 2025, written in bulk (COPY on PostgreSQL, one
    ``executemany`` on SQLite: ``core.bulk.insert_rows``), its township and county found from
    the path prefixes in memory."""
    from django.db import connection, transaction
    from django.utils import timezone

    from shuzhi.accounts.models import User
    from shuzhi.core.bulk import insert_rows
    from shuzhi.orgs.models import Organization
    from shuzhi.villages import rules
    from shuzhi.villages.models import StarRating

    rng = random.Random(seed)
    rater = User.objects.create(username="bench_rater")
    above = {
        path: (pk, level)
        for path, pk, level in Organization.objects.filter(
            level__in=("township", "county")
        ).values_list("path", "pk", "level")
    }
    # Read before writing: the rows must not query while COPY holds the connection.
    branches = list(Organization.objects.filter(level="branch").values_list("pk", "path", "field"))
    stamp = timezone.now()

    def rows() -> Iterator[tuple[Any, ...]]:
        for pk, path, field in branches:
            places = {}
            for i in range(4, len(path), 4):
                found = above.get(path[:i])
                if found:
                    places[found[1]] = found[0]
            for year in (2024, 2025):
                stars = rng.choices((1, 2, 3, 4, 5), (2, 6, 30, 40, 22))[0]
                yield (
                    pk, year, places.get("township"), places.get("county"), field, "{}",
                    Decimal(0), Decimal(50 + 10 * stars), stars, "基准", rater.pk, stamp, True,
                )  # fmt: skip

    fields = (
        "branch", "year", "township", "county", "field", "points", "secretary_points",
        "total", "stars", "evidence", "rated_by", "rated_at", "is_current",
    )  # fmt: skip
    with transaction.atomic():
        insert_rows(StarRating, fields, rows())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    assert rules.MAX_STARS == 5
    return rater, len(branches)


def _loop_distribution(root: Any, year: int) -> dict[int, Counter[int]]:
    """The obvious way: per county, count each star level under its subtree."""
    from shuzhi.orgs.models import Organization
    from shuzhi.orgs.queries import subtree_filter
    from shuzhi.villages.models import StarRating

    result: dict[int, Counter[int]] = {}
    for county in Organization.objects.filter(subtree_filter(root.path), level="county"):
        for stars in range(1, 6):
            n = StarRating.objects.filter(
                subtree_filter(county.path, "branch__path"), year=year, is_current=True, stars=stars
            ).count()
            if n:
                result.setdefault(county.pk, Counter())[stars] = n
    return result


def _loop_classify(scores: list[Decimal]) -> list[int]:
    """Per village: its rank by counting better scores, its class from the cumulative quota."""
    n = len(scores)
    first, second = round(n * Decimal("0.2") + Decimal("0.0")), round(n * Decimal("0.7"))
    classes = []
    for s in scores:
        rank = 1 + sum(1 for other in scores if other > s)
        classes.append(1 if rank <= first else 2 if rank <= second else 3)
    return classes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="about 20,000 organisations")
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL (BENCH_POSTGRES)")
    parser.add_argument("--size", type=int, default=0, help="organisations (default 340,000)")
    parser.add_argument(
        "--database",
        default="bench_villages",
        help="database name (PostgreSQL) or file var/NAME.sqlite3, dropped and built again "
        "(default bench_villages; give your own when others may be running the bench)",
    )
    args = parser.parse_args()
    use_database("postgres" if args.postgres else "sqlite", args.database)
    from bench.treegen import build_tree
    from shuzhi.accounts.models import User
    from shuzhi.orgs.models import Organization
    from shuzhi.villages import queries, rules
    from shuzhi.villages.models import LaggingOrganization

    size = args.size or (20_000 if args.quick else 340_000)
    built = build_tree(size)
    print(f"组织 {built.size:,} 个（{built.counts}）；生成 {built.seconds:.1f} s")
    started = time.perf_counter()
    _, branches = _ratings(2026)
    print(f"星级评定 {branches:,} 个支部 × 2 年；写入 {time.perf_counter() - started:.1f} s")
    root = Organization.objects.get(pk=built.root_id)
    rows = []
    phase = time.perf_counter()

    def lap(what: str) -> None:
        nonlocal phase
        print(f"  {what}：{time.perf_counter() - phase:.1f} s", flush=True)
        phase = time.perf_counter()

    grouped = timeit(lambda: queries.star_distribution(root, 2025, "county"), repeat=3)
    by_field = timeit(lambda: queries.star_distribution(root, 2025, "field"), repeat=3)
    looped = timeit(lambda: _loop_distribution(root, 2025), repeat=1, warmup=0)
    table_ = queries.star_distribution(root, 2025, "county")
    loop_counts = _loop_distribution(root, 2025)
    assert sum(table_.totals) == branches == sum(sum(c.values()) for c in loop_counts.values())
    rows.append(
        (
            "星级分布（按县）",
            grouped,
            count_queries(lambda: queries.star_distribution(root, 2025, "county")),
            looped,
        )
    )
    rows.append(
        (
            "星级分布（按领域）",
            by_field,
            count_queries(lambda: queries.star_distribution(root, 2025, "field")),
            looped,
        )
    )

    lap("星级分布及其循环基线")
    rng = random.Random(7)
    villages = 500 if args.quick else 2_500
    scores = [Decimal(rng.randint(6000, 9999)) / 100 for _ in range(villages)]
    pays = [[Decimal(rng.randrange(18000, 36000, 50)) for _ in range(7)] for _ in range(villages)]

    def classify_and_pay() -> Decimal:
        outcomes = rules.classify(scores)
        return sum(
            (rules.bonus(p, o.pay_share) for o, ps in zip(outcomes, pays, strict=True) for p in ps),
            Decimal(0),
        )

    fast = timeit(classify_and_pay, repeat=3)
    slow = timeit(lambda: _loop_classify(scores), repeat=1, warmup=0)
    engine_classes = [o.klass for o in rules.classify(scores)]
    agree = sum(a == b for a, b in zip(engine_classes, _loop_classify(scores), strict=True))
    rows.append((f"类别与报酬（{villages} 村 × 7 人）", fast, 0, slow))

    lap("类别与报酬及其循环基线")
    village_ids = list(
        Organization.objects.filter(level="village").values_list("pk", "parent__parent_id")
    )
    chosen = rng.sample(village_ids, max(1, len(village_ids) // 20))
    LaggingOrganization.objects.bulk_create(
        LaggingOrganization(
            organization_id=v,
            county_id=c or built.root_id,
            kind="lagging",
            identified_by="rank",
            reason="基准",
            year_listed=rng.choice((2021, 2022, 2023, 2024, 2025, 2026)),
        )
        for v, c in chosen
    )
    admin = User.objects.create(username="bench_admin", is_superuser=True)
    listings = queries.visible_listings(admin)
    lagging = timeit(lambda: queries.lagging_rows(listings, 2026, 3, limit=100_000), repeat=3)

    def lagging_loop() -> int:
        found = 0
        for v, _ in village_ids:
            x = (
                LaggingOrganization.objects.filter(organization_id=v)
                .exclude(status="delisted")
                .first()
            )
            found += x is not None and 2026 - x.year_listed + 1 >= 3
        return found

    slow_lagging = timeit(lagging_loop, repeat=1, warmup=0)
    assert len(queries.lagging_rows(listings, 2026, 3, limit=100_000)) == lagging_loop()
    rows.append(
        (
            "连续三年及以上后进村名单",
            lagging,
            count_queries(lambda: queries.lagging_rows(listings, 2026, 3, limit=100_000)),
            slow_lagging,
        )
    )

    lap("后进村名单及其循环基线")
    print(
        table(
            ["操作", "用时", "查询数", "逐个组织循环", "倍数"],
            [
                (
                    name,
                    format_ms(t.median_ms),
                    q,
                    format_ms(b.median_ms),
                    f"{b.median_ms / t.median_ms:,.0f}×",
                )
                for name, t, q, b in rows
            ],
        )
    )
    print(f"类别与循环基线一致：{agree}/{villages}（并列者的边界规则不同时可能不一致）")


if __name__ == "__main__":
    main()

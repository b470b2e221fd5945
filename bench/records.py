"""A province's year of records: the county progress page, the monthly bulletin and the
year-end records source, each against a per-secretary loop measured in the same run.

    ./dev bench records [--quick] [--secretaries N] [--entries N] [--database sqlite|postgres]

Full size (the issue's figure): 20,000 township secretaries × 300 work-record entries = 6
million entries, and 200,000 red/black entries decided by the cities' monthly joint meetings.
The entries and red/black rows are loaded around the ORM (``harness.bulk_insert``: COPY on
PostgreSQL, executemany in batches of 50,000 on SQLite), so the build takes minutes; the
services that normally write them are tested in tests/records. Every entry is confirmed.
Measured:
- the progress page of one county (``/records/org/<county>/secretaries/``) and its queries,
  for the county and for a whole city (the count must not grow with the subtree);
- one city's monthly bulletin page (``/records/meetings/<id>/bulletin/``);
- the year-end records source of a round with every secretary of the province
  (``queries.records_scores``), against computing each reporter's score with its own queries;
  both must agree.
The page's query count must be the same for the county and the city, or the run fails.
Figures: docs/bench-records.md.
"""

from __future__ import annotations

import argparse
import os
import random
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from bench.harness import (
    Timing,
    bulk_insert,
    count_queries,
    print_ratio,
    table,
    timeit,
    use_database,
)

YEAR = 2025
KINDS = [
    "party_meeting",
    "deployment",
    "village_visit",
    "party_lesson",
    "contact_point",
    "project",
    "village_days",
]
WITH_DAYS = {"village_days", "contact_point"}
LOG_COLUMNS = (
    "organization_id",
    "person_id",
    "kind",
    "occurred_on",
    "days",
    "place",
    "place_organization_id",
    "participants",
    "text",
    "evidence",
    "evidence_name",
    "created_by_id",
    "created_at",
    "confirmed_by_id",
    "confirmed_at",
)
MERIT_COLUMNS = (
    "hearing_organization_id",
    "submitting_unit_id",
    "organization_id",
    "person_id",
    "rule_id",
    "color",
    "points",
    "occurred_on",
    "facts",
    "evidence",
    "evidence_name",
    "status",
    "submitted_by_id",
    "submitted_at",
    "meeting_id",
    "decision_note",
)


def _stored(postgres: bool) -> Callable[[Any], Any]:
    """Dates and times as the database keeps them: objects for COPY, ISO text for SQLite."""
    if postgres:
        return lambda value: value
    return lambda value: value.isoformat(sep=" ") if isinstance(value, datetime) else str(value)


def _log_rows(
    towns: list[tuple[int, int, list[int]]],
    entries: int,
    user_id: int,
    stamp: Any,
    stored: Callable[[Any], Any],
    seed: int,
) -> Iterator[tuple[Any, ...]]:
    """``entries`` confirmed work-record entries per (town, person, its villages), one year."""
    rng = random.Random(seed)
    days_of_year = [stored(date(YEAR, 1, 1) + timedelta(days=n)) for n in range(365)]
    for town_id, person_id, villages in towns:
        for _ in range(entries):
            kind = KINDS[int(rng.random() * len(KINDS))]
            days = rng.randint(1, 5) if kind in WITH_DAYS else 0
            point = villages[int(rng.random() * len(villages))] if kind == "contact_point" else None
            yield (
                town_id,
                person_id,
                kind,
                days_of_year[int(rng.random() * 365)],
                days,
                "村",
                point,
                "",
                "工作",
                "",
                "",
                user_id,
                stamp,
                user_id,
                stamp,
            )


def _build(
    cities: int, counties: int, towns: int, entries: int, merits: int, seed: int
) -> dict[str, Any]:
    from django.db import connection, transaction
    from django.utils import timezone

    from shuzhi.accounts.models import User
    from shuzhi.orgs import tree
    from shuzhi.orgs.models import Organization, Person, Post
    from shuzhi.records.models import JointMeeting, MeritRule
    from shuzhi.rounds.models import Reporter, Round

    rng = random.Random(seed)
    with transaction.atomic():
        province = Organization.objects.create(
            code="P",
            name="基准省委",
            level="province",
            kind="party_committee",
            field="regional",
            path=tree.child_path("", 1),
            depth=0,
        )
        levels: list[list[Organization]] = []
        parents = [province]
        for level, count in (
            ("city", cities),
            ("county", counties),
            ("township", towns),
            ("village", 3),
        ):
            batch = [
                Organization(
                    code=f"P{tree.child_path(p.path, n)}",
                    name=f"{level}{p.pk}-{n}",
                    level=level,
                    kind="party_committee",
                    field="regional",
                    parent_id=p.pk,
                    path=tree.child_path(p.path, n),
                    depth=tree.depth_of(tree.child_path(p.path, n)),
                )
                for p in parents
                for n in range(1, count + 1)
            ]
            Organization.objects.bulk_create(batch, batch_size=5000)
            parents = list(Organization.objects.filter(level=level).order_by("path"))
            levels.append(parents)
        city_orgs, county_orgs, town_orgs, village_orgs = levels
        people = Person.objects.bulk_create(
            [Person(code=f"BP{t.pk}", name=f"书记{t.pk}", unit_id=t.pk) for t in town_orgs],
            batch_size=5000,
        )
        Post.objects.bulk_create(
            [
                Post(organization_id=t.pk, person=p, role="secretary", start_date=date(2020, 1, 1))
                for t, p in zip(town_orgs, people, strict=True)
            ],
            batch_size=5000,
        )
        user = User.objects.create(username="bench_admin", is_superuser=True)
        villages_of: dict[int, list[int]] = {}
        for village in village_orgs:
            villages_of.setdefault(village.parent_id or 0, []).append(village.pk)
        now = timezone.now()
        postgres = connection.vendor == "postgresql"
        start = date(YEAR, 1, 1)
        secretaries = [
            (town.pk, person.pk, villages_of[town.pk])
            for town, person in zip(town_orgs, people, strict=True)
        ]
        stored = _stored(postgres)
        stamp = stored(now if postgres else now.replace(tzinfo=None))
        logs = _log_rows(secretaries, entries, user.pk, stamp, stored, seed)
        bulk_insert("records_worklog", LOG_COLUMNS, logs)
        rules = {
            city.pk: [
                MeritRule.objects.create(
                    organization=city, code="R1", color="red", title="表彰", points=Decimal(2)
                ),
                MeritRule.objects.create(
                    organization=city,
                    code="B1",
                    color="black",
                    title="通报批评",
                    points=Decimal(-1),
                ),
            ]
            for city in city_orgs
        }
        meetings = {
            (city.pk, month): JointMeeting.objects.create(
                organization=city,
                month=date(YEAR, month, 1),
                held_on=date(YEAR, month, 25),
                recorded_by=user,
                published_at=now,
                published_by=user,
            )
            for city in city_orgs
            for month in range(1, 13)
        }
        city_of = {t.pk: t.path[: len(city_orgs[0].path)] for t in town_orgs}
        city_by_path = {c.path: c for c in city_orgs}

        def merit_rows() -> Iterator[tuple[Any, ...]]:
            for n in range(merits):
                town = town_orgs[n % len(town_orgs)]
                city = city_by_path[city_of[town.pk]]
                rule = rng.choice(rules[city.pk])
                day = start + timedelta(days=rng.randrange(365))
                yield (
                    city.pk,
                    city.pk,
                    town.pk,
                    people[n % len(people)].pk,
                    rule.pk,
                    rule.color,
                    stored(rule.points),
                    stored(day),
                    "事实",
                    "",
                    "",
                    "approved",
                    user.pk,
                    stamp,
                    meetings[(city.pk, day.month)].pk,
                    "",
                )

        bulk_insert("records_meritrecord", MERIT_COLUMNS, merit_rows())
        round_ = Round.objects.create(name="全省汇总", year=YEAR, hearing_organization=province)
        Reporter.objects.bulk_create(
            [
                Reporter(round=round_, organization_id=t.pk, person=p)
                for t, p in zip(town_orgs, people, strict=True)
            ],
            batch_size=5000,
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # raw loads leave the planner without statistics
    return {
        "user": user,
        "county": county_orgs[0],
        "city": city_orgs[0],
        "round": round_,
        "meeting": meetings[(city_orgs[0].pk, 6)],
        "towns": len(town_orgs),
    }


def _loop_progress(root: Any, today: date) -> list[int]:
    """The obvious page: each secretary's progress with its own queries."""
    from shuzhi.orgs.models import Post
    from shuzhi.orgs.queries import subtree_filter
    from shuzhi.records.queries import progress_of

    posts = Post.objects.current().filter(
        subtree_filter(root.path, "organization__path"), role="secretary"
    )
    return [
        progress_of(p.organization, YEAR, today).percent
        for p in posts.exclude(organization=root).select_related("organization")
    ]


def _loop_scores(round_: Any) -> dict[int, Decimal]:
    """Each reporter's records score from its own queries (the per-secretary baseline)."""
    from django.db.models import Q

    from shuzhi.records import rules
    from shuzhi.records.models import MeritRecord, WorkLog
    from shuzhi.records.queries import _entry, formula_of, period_range
    from shuzhi.records.services import stored_targets

    start, end = period_range(round_)
    targets = stored_targets(round_)
    formula = formula_of(round_)
    scores = {}
    for reporter in round_.reporters.all():
        logs = WorkLog.objects.filter(
            organization_id=reporter.organization_id,
            person_id=reporter.person_id,
            occurred_on__gte=start,
            occurred_on__lt=end,
            confirmed_at__isnull=False,
        ).select_related("place_organization")
        tallies = rules.tally(_entry(row) for row in logs)
        points = MeritRecord.objects.filter(
            Q(organization_id=reporter.organization_id) | Q(person_id=reporter.person_id),
            status="approved",
            occurred_on__gte=start,
            occurred_on__lt=end,
        ).values_list("points", flat=True)
        share = rules.overall_completion(targets, tallies)
        scores[reporter.pk] = rules.records_score(formula, share, list(points))
    return scores


def _timed(fn: Callable[[], Any]) -> tuple[Timing, Any]:
    """One measured run that keeps its result (the per-secretary loops are run once)."""
    started = time.perf_counter()
    result = fn()
    return Timing(((time.perf_counter() - started) * 1000,)), result


def _load() -> str:
    return " / ".join(f"{n:.2f}" for n in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--quick", action="store_true", help="2 cities, 600 secretaries × 60 entries"
    )
    parser.add_argument("--secretaries", type=int, default=20_000)
    parser.add_argument("--entries", type=int, default=300)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--postgres", action="store_true", help="the same as --database postgres")
    args = parser.parse_args()
    if args.quick:
        args.secretaries, args.entries = 600, 60
    cities = 2 if args.quick else 14
    counties = 5 if args.quick else 8
    towns = max(1, args.secretaries // (cities * counties))
    merits = args.secretaries * 10
    use_database("postgres" if args.postgres else args.database, "bench_records")
    from django.db import connection
    from django.test import Client

    from shuzhi.records import queries

    print(f"负载（1/5/15 分钟）开始时：{_load()}")
    started = time.perf_counter()
    built = _build(cities, counties, towns, args.entries, merits, seed=2016)
    n = built["towns"]
    print(
        f"数据库：{connection.vendor}；书记 {n:,} 名 × 纪实 {args.entries} 条 = {n * args.entries:,} 条，"
        f"红黑档案 {merits:,} 条；生成用时 {time.perf_counter() - started:.0f} s"
    )
    client = Client()
    client.force_login(built["user"])
    today = date(YEAR, 12, 31)
    county, city = built["county"], built["city"]

    def page(url: str) -> Callable[[], object]:
        def fetch() -> object:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response

        return fetch

    progress_url = f"/records/org/{county.code}/secretaries/?year={YEAR}"
    city_url = f"/records/org/{city.code}/secretaries/?year={YEAR}"
    bulletin_url = f"/records/meetings/{built['meeting'].pk}/bulletin/"
    progress = timeit(page(progress_url), repeat=3)
    loop_progress, _ = _timed(lambda: _loop_progress(county, today))
    bulletin = timeit(page(bulletin_url), repeat=3)
    round_ = built["round"]
    totals = timeit(lambda: queries.records_scores(round_.pk), repeat=1)
    loop_totals, looped = _timed(lambda: _loop_scores(round_))
    grouped = {rid: a.score for rid, a in queries.records_scores(round_.pk).items()}
    same = grouped == looped
    county_queries, city_queries = count_queries(page(progress_url)), count_queries(page(city_url))
    rows = [
        ("县进度页", f"{towns} 名书记", progress, county_queries),
        ("市进度页", f"{towns * counties} 名书记", timeit(page(city_url), repeat=1), city_queries),
        (
            "月度通报页",
            f"{built['meeting'].decisions.count()} 条",
            bulletin,
            count_queries(page(bulletin_url)),
        ),
        (
            "全省年终得分",
            f"{n:,} 名述职人",
            totals,
            count_queries(lambda: queries.records_scores(round_.pk)),
        ),
    ]
    print(table(("页面 / 计算", "规模", "中位用时", "查询数"), rows))
    print_ratio("县进度页 vs 逐个书记", loop_progress, progress)
    print_ratio("全省年终得分 vs 逐个述职人", loop_totals, totals)
    print(f"  年终得分与逐个计算一致：{'是' if same else '否'}")
    print(f"负载（1/5/15 分钟）结束时：{_load()}；总用时 {time.perf_counter() - started:.0f} s")
    if not same:
        raise SystemExit("the grouped and per-reporter scores disagree")
    if county_queries != city_queries:
        raise SystemExit(f"queries grow with the subtree: {county_queries} → {city_queries}")


if __name__ == "__main__":
    main()

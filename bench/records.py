"""A province's year of records: the county progress page, the monthly bulletin and the
year-end records source, each against a per-secretary loop measured in the same run.

    ./dev bench records [--quick] [--secretaries N] [--entries N] [--postgres]

Full size (the issue's figure): 20,000 township secretaries × 300 work-record entries = 6
million entries, and 200,000 red/black entries decided by the cities' monthly joint meetings.
Rows are written in bulk (the services are tested in tests/records); every entry is confirmed.
Measured:
- the progress page of one county (``/records/org/<county>/secretaries/``) and its queries,
  for the county and for a whole city (the count must not grow with the subtree);
- one city's monthly bulletin page (``/records/meetings/<id>/bulletin/``);
- the year-end records source of a round with every secretary of the province
  (``queries.records_scores``), against computing each reporter's score with its own queries;
  both must agree.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from bench.harness import count_queries, print_ratio, table, timeit, use_database

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


def _build(
    cities: int, counties: int, towns: int, entries: int, merits: int, seed: int
) -> dict[str, Any]:
    from django.db import transaction
    from django.utils import timezone

    from shuzhi.accounts.models import User
    from shuzhi.orgs import tree
    from shuzhi.orgs.models import Organization, Person, Post
    from shuzhi.records.models import JointMeeting, MeritRecord, MeritRule, WorkLog
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
        start = date(YEAR, 1, 1)
        batch_rows: list[WorkLog] = []
        for town, person in zip(town_orgs, people, strict=True):
            points = villages_of[town.pk]
            for _ in range(entries):
                kind = rng.choice(KINDS)
                days = (
                    Decimal(rng.randint(1, 5))
                    if kind in ("village_days", "contact_point")
                    else Decimal(0)
                )
                batch_rows.append(
                    WorkLog(
                        organization_id=town.pk,
                        person_id=person.pk,
                        kind=kind,
                        occurred_on=start + timedelta(days=rng.randrange(365)),
                        days=days,
                        place="村",
                        place_organization_id=rng.choice(points)
                        if kind == "contact_point"
                        else None,
                        text="工作",
                        created_by=user,
                        confirmed_by=user,
                        confirmed_at=now,
                    )
                )
            if len(batch_rows) >= 50_000:
                WorkLog.objects.bulk_create(batch_rows, batch_size=10_000)
                batch_rows = []
        WorkLog.objects.bulk_create(batch_rows, batch_size=10_000)
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
        rows = []
        for n in range(merits):
            town = town_orgs[n % len(town_orgs)]
            city = city_by_path[city_of[town.pk]]
            rule = rng.choice(rules[city.pk])
            day = start + timedelta(days=rng.randrange(365))
            rows.append(
                MeritRecord(
                    hearing_organization_id=city.pk,
                    submitting_unit_id=city.pk,
                    organization_id=town.pk,
                    person_id=people[n % len(people)].pk,
                    rule=rule,
                    color=rule.color,
                    points=rule.points,
                    occurred_on=day,
                    facts="事实",
                    status="approved",
                    submitted_by=user,
                    meeting=meetings[(city.pk, day.month)],
                )
            )
        MeritRecord.objects.bulk_create(rows, batch_size=10_000)
        round_ = Round.objects.create(name="全省汇总", year=YEAR, hearing_organization=province)
        Reporter.objects.bulk_create(
            [
                Reporter(round=round_, organization_id=t.pk, person=p)
                for t, p in zip(town_orgs, people, strict=True)
            ],
            batch_size=5000,
        )
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--quick", action="store_true", help="2 cities, 600 secretaries × 60 entries"
    )
    parser.add_argument("--secretaries", type=int, default=20_000)
    parser.add_argument("--entries", type=int, default=300)
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()
    if args.quick:
        args.secretaries, args.entries = 600, 60
    cities = 2 if args.quick else 14
    counties = 5 if args.quick else 8
    towns = max(1, args.secretaries // (cities * counties))
    merits = args.secretaries * 10
    use_database("postgres" if args.postgres else "sqlite", "bench_records")
    from django.db import connection
    from django.test import Client

    from shuzhi.records import queries

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
    loop_progress = timeit(lambda: _loop_progress(county, today), repeat=1, warmup=0)
    bulletin = timeit(page(bulletin_url), repeat=3)
    round_ = built["round"]
    totals = timeit(lambda: queries.records_scores(round_.pk), repeat=1)
    loop_totals = timeit(lambda: _loop_scores(round_), repeat=1, warmup=0)
    grouped = {rid: a.score for rid, a in queries.records_scores(round_.pk).items()}
    same = grouped == _loop_scores(round_)
    rows = [
        ("县进度页", f"{towns} 名书记", progress, count_queries(page(progress_url))),
        (
            "市进度页",
            f"{towns * counties} 名书记",
            timeit(page(city_url), repeat=1),
            count_queries(page(city_url)),
        ),
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
    if not same:
        raise SystemExit("the grouped and per-reporter scores disagree")


if __name__ == "__main__":
    main()

"""Subtree dashboard of the rectification ledger: one grouped query vs a per-organisation loop.

    ./dev bench rectification [--quick] [--keep]

Builds a city tree (counties → townships → villages) in a throw-away SQLite database (or the
database in BENCH_DATABASE_URL), spreads ~100,000 ledger items over it in every status, then
times ``queries.subtree_dashboard`` (one GROUP BY on the path prefix) against
``queries.subtree_dashboard_by_loop`` (the obvious per-organisation loop) in the same run, and
checks that both give the same figures.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path


def _setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shuzhi.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def _build(counties: int, townships: int, villages: int, items: int, seed: int) -> int:
    from django.db import transaction

    from shuzhi.orgs import tree
    from shuzhi.orgs.models import Organization, Person
    from shuzhi.rectification.models import Problem, RectificationItem, text_digest

    rng = random.Random(seed)
    with transaction.atomic():
        city = Organization.objects.create(
            code="B",
            name="基准市委",
            level="city",
            kind="party_committee",
            field="regional",
            path=tree.child_path("", 1),
            depth=0,
        )
        rows: list[Organization] = []

        def add(parent: Organization, number: int, level: str) -> Organization:
            path = tree.child_path(parent.path, number)
            org = Organization(
                code=f"B{path}",
                name=f"{level}{path[-4:]}",
                level=level,
                kind="party_committee",
                field="regional",
                parent=parent,
                path=path,
                depth=tree.depth_of(path),
            )
            rows.append(org)
            return org

        for c in range(1, counties + 1):
            county = add(city, c, "county")
            for t in range(1, townships + 1):
                town = add(county, t, "township")
                for v in range(1, villages + 1):
                    add(town, v, "village")
        # Parents must exist before children: insert level by level.
        for level in ("county", "township", "village"):
            batch = [o for o in rows if o.level == level]
            for org in batch:
                org.parent_id = org.parent.pk  # type: ignore[union-attr]
            Organization.objects.bulk_create(batch, batch_size=2000)
        organizations = list(Organization.objects.all())
        people = Person.objects.bulk_create(
            [Person(code=f"BP{o.pk}", name=f"书记{o.pk}", unit=o) for o in organizations],
            batch_size=2000,
        )
        today = date(2026, 6, 1)
        problems = Problem.objects.bulk_create(
            [
                Problem(
                    organization=organizations[n % len(organizations)],
                    source="superior",
                    text=f"问题{n}",
                    text_digest=text_digest(f"问题{n}"),
                    year=2025,
                    reference=f"bench:{n}",
                )
                for n in range(items)
            ],
            batch_size=5000,
        )
        ledger = []
        for n, problem in enumerate(problems):
            status = rng.choice(["planned", "in_progress", "submitted", "returned", "closed"])
            deadline = today + timedelta(days=rng.randint(-200, 200))
            closed = status == "closed"
            ledger.append(
                RectificationItem(
                    problem=problem,
                    organization_id=problem.organization_id,
                    first_responsible=people[n % len(people)],
                    measures="措施",
                    deadline=deadline,
                    status=status,
                    return_reason="理由" if status == "returned" else "",
                    submitted_by=None,
                    closed_by=None,
                    closed_on=None,
                    close_reason="",
                )
            )
            if closed:
                ledger[-1].closed_on = deadline + timedelta(days=rng.randint(-30, 30))
        # Closed rows need a submitter and a different signer (the table's constraints).
        from shuzhi.accounts.models import User

        owner = User.objects.create(username="bench_owner")
        signer = User.objects.create(username="bench_signer")
        for row in ledger:
            if row.status == "closed":
                row.submitted_by, row.closed_by, row.close_reason = owner, signer, "核实"
        RectificationItem.objects.bulk_create(ledger, batch_size=5000)
    return len(organizations)


def _time(function, repeat: int) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    timings, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a small tree and 10,000 items")
    parser.add_argument("--keep", action="store_true", help="keep the SQLite file")
    args = parser.parse_args()
    shape = (4, 8, 15, 10_000) if args.quick else (12, 12, 17, 100_000)
    workdir = Path(tempfile.mkdtemp(prefix="bench-rectification-"))
    url = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    os.environ["SHUZHI_VAR_DIR"] = str(workdir)
    _setup(url)
    from django.db import connection

    from shuzhi.orgs.models import Organization
    from shuzhi.rectification import queries

    started = time.perf_counter()
    if Organization.objects.filter(code="B").exists():  # a kept database (--keep) is reused
        organizations = Organization.objects.count()
    else:
        organizations = _build(*shape, seed=2016)
    print(
        f"数据库：{connection.vendor}；组织 {organizations} 个，整改事项 {shape[3]:,} 项；"
        f"生成用时 {time.perf_counter() - started:.1f} s"
    )
    root = Organization.objects.get(code="B")
    today = date(2026, 6, 1)
    queries.subtree_dashboard(root, today)  # warm the caches once for both
    grouped_ms, grouped = _time(lambda: queries.subtree_dashboard(root, today), 5)
    loop_ms, looped = _time(lambda: queries.subtree_dashboard_by_loop(root, today), 1)
    same = [r.tally for r in grouped] == [r.tally for r in looped]  # type: ignore[attr-defined]
    total = queries.total_of(grouped)  # type: ignore[arg-type]
    print(
        f"全市汇总：按期销号 {total.closed_on_time}，逾期销号 {total.closed_late}，"
        f"整改中 {total.open}，已逾期 {total.overdue}（合计 {total.total}）"
    )
    print(f"一次分组查询（subtree_dashboard）：{grouped_ms:,.1f} ms（5 次中位数）")
    print(f"逐个组织循环（基线）：        {loop_ms:,.1f} ms（{organizations} 个组织）")
    print(f"倍数：{loop_ms / grouped_ms:,.0f}×；结果一致：{'是' if same else '否'}")
    if not same:
        raise SystemExit("the two dashboards disagree")
    if not args.keep and url.startswith("sqlite"):
        shutil.rmtree(workdir)


if __name__ == "__main__":
    main()

"""Common problems and year over year at province scale.

    ./dev bench analytics [--quick] [--db sqlite|postgres]

1. Grouping 100,000 problem texts into themes (``analytics.themes.group``) against the naive
   baseline, pairwise similarity of all problems (TF-IDF cosine, linked above a threshold):
   the baseline is O(n²), so both are timed on the same sample in the run and the baseline is
   also extrapolated to the full size by n².
2. The subtree year-over-year figures (``analytics.yearly.subtree_years``) over three published
   rounds of 100,000 reporters each, against a per-unit loop baseline on a sample of units.
3. The themes page of the province (all problems grouped): its query count and time.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date
from decimal import Decimal

from bench.harness import count_queries, format_ms, print_ratio, table, timeit, use_database

SAMPLE = 4_000
THRESHOLD = 0.5


def pairwise_baseline(texts: list[str]) -> int:
    """Naive grouping: every pair's cosine similarity, linked above ``THRESHOLD``; the groups
    are the connected components. Returns how many groups."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from threadpoolctl import threadpool_limits

    from shuzhi.analytics import themes

    matrix = TfidfVectorizer(analyzer=themes.words_of, sublinear_tf=True).fit_transform(texts)
    with threadpool_limits(limits=1):  # as themes.group runs: one thread each
        similarity = (matrix @ matrix.T).toarray()
    parent = list(range(len(texts)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    rows, cols = np.nonzero(np.triu(similarity, 1) > THRESHOLD)
    for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
        parent[find(i)] = find(j)
    return len({find(i) for i in range(len(texts))})


def bench_grouping(size: int) -> None:
    from shuzhi.analytics import corpus, themes

    labelled = corpus.generate(size, seed=7, places=True)
    texts = [t.text for t in labelled]
    themes.words_of("预热")  # load jieba's dictionary outside the timings
    started = time.perf_counter()
    found = themes.group(texts)
    full_ms = (time.perf_counter() - started) * 1000
    purity = themes.purity(found, [t.label for t in labelled])
    print(
        f"分组 {size:,} 条问题（不同表述 {len(set(texts)):,} 条）：{format_ms(full_ms)}，"
        f"{len(found)} 个主题，纯度 {purity:.3f}"
    )
    sample = texts[:SAMPLE]
    grouped = timeit(lambda: themes.group(sample), repeat=1, warmup=0)
    pairwise = timeit(lambda: pairwise_baseline(sample), repeat=1, warmup=0)
    print_ratio(f"同一 {SAMPLE:,} 条样本：themes.group 对 两两相似度", pairwise, grouped)
    extrapolated = pairwise.median_ms * (size / SAMPLE) ** 2
    print(
        f"  两两相似度按 n² 外推到 {size:,} 条：约 {format_ms(extrapolated)}"
        f"（{size * size // 2:,} 对，相似度矩阵 {size * size * 8 / 1e9:.0f} GB），"
        f"为 themes.group 的 {extrapolated / full_ms:,.0f} 倍"
    )


def build_rounds(reporters: int) -> dict[str, object]:
    """A tree of ``reporters`` units, each with a secretary reporting in three published rounds."""
    from django.db import transaction

    from bench.treegen import build_tree
    from shuzhi.accounts.models import User
    from shuzhi.orgs.models import Organization, Person
    from shuzhi.rounds.models import Reporter, Round
    from shuzhi.scoring.models import OnsiteEvaluation, Publication, Result

    started = time.perf_counter()
    built = build_tree(reporters + 1)
    root = Organization.objects.get(path=built.root_path)
    units = list(
        Organization.objects.exclude(pk=root.pk).order_by("path").values_list("pk", flat=True)
    )
    rng = random.Random(2026)
    admin = User.objects.create(username="bench_admin", is_superuser=True, is_staff=True)
    with transaction.atomic():
        people = Person.objects.bulk_create(
            [Person(code=f"BP{pk}", name=f"书记{pk}", unit_id=pk) for pk in units], batch_size=5000
        )
        for year in (2023, 2024, 2025):
            round_ = Round.objects.create(name=f"{year}年度", year=year, hearing_organization=root)
            entries = Reporter.objects.bulk_create(
                [
                    Reporter(round=round_, organization_id=pk, person=person, peer_group="全省")
                    for pk, person in zip(units, people, strict=True)
                ],
                batch_size=5000,
            )
            Result.objects.bulk_create(
                [
                    Result(
                        reporter=r,
                        round=round_,
                        peer_group="全省",
                        composite=Decimal(rng.randint(6000, 9800)) / 100,
                        rank=n + 1,
                        group_size=len(entries),
                        grade=rng.choice(["excellent", "good", "adequate"]),
                        class_number=rng.randint(1, 3),
                    )
                    for n, r in enumerate(entries)
                ],
                batch_size=5000,
            )
            OnsiteEvaluation.objects.bulk_create(
                [
                    OnsiteEvaluation(
                        reporter=r,
                        voter_category="member",
                        good=rng.randint(5, 15),
                        fair=3,
                        average=2,
                        poor=0,
                        origin="import",
                    )
                    for r in entries
                ],
                batch_size=5000,
            )
            Publication.objects.create(
                round=round_,
                frozen_at=built_stamp(),
                starts_on=date(year + 1, 2, 1),
                ends_on=date(year + 1, 2, 7),
                published_by=admin,
            )
    print(
        f"生成 {len(units):,} 个单位 × 3 轮述职人、结果与测评：{time.perf_counter() - started:.1f} s"
    )
    return {"root": root, "units": units, "admin": admin}


def built_stamp():  # type: ignore[no-untyped-def]
    from django.utils import timezone

    return timezone.now()


def per_unit_baseline(root: object, units: list[int]) -> int:
    """What a page looping over units would do: one question per unit, summed."""
    from shuzhi.analytics import yearly
    from shuzhi.core.events import OutcomesRequest
    from shuzhi.orgs.models import Organization

    rounds = tuple(r.pk for r in yearly.annual_rounds(root))  # type: ignore[arg-type]
    total = 0
    for unit in Organization.objects.filter(pk__in=units):
        total += len(yearly.outcomes(OutcomesRequest(rounds, organization_path=unit.path)))
    return total


def bench_years(data: dict[str, object]) -> None:
    from shuzhi.analytics import yearly

    root, units = data["root"], data["units"]
    assert isinstance(units, list)
    queries = count_queries(lambda: yearly.subtree_years(root))  # type: ignore[arg-type]
    whole = timeit(lambda: yearly.subtree_years(root), repeat=3, warmup=1)  # type: ignore[arg-type]
    sample = units[:: max(1, len(units) // 500)][:500]
    loop = timeit(lambda: per_unit_baseline(root, sample), repeat=1, warmup=0)
    per_unit = loop.median_ms / len(sample)
    print(f"逐年对比（全省 {len(units):,} 个单位 × 3 轮）：{whole}，{queries} 次查询")
    print(
        f"  逐单位循环基线：{len(sample)} 个单位 {loop}（每单位 {per_unit:.1f} ms），"
        f"外推到全部单位约 {format_ms(per_unit * len(units))}，为一次汇总的 "
        f"{per_unit * len(units) / whole.median_ms:,.0f} 倍"
    )


def bench_themes_page(data: dict[str, object], problems: int) -> None:
    from django.test import Client

    from shuzhi.analytics import corpus, services
    from shuzhi.rectification.models import Problem, text_digest
    from shuzhi.rounds.models import Round

    root, units, admin = data["root"], data["units"], data["admin"]
    assert isinstance(units, list)
    round_ = Round.objects.get(year=2025)
    texts = corpus.texts(problems, seed=11, places=True)
    Problem.objects.bulk_create(
        [
            Problem(
                organization_id=units[n % len(units)],
                source="superior",
                text=text,
                text_digest=text_digest(text),
                year=2025,
                round_id=round_.pk,
                reference=f"bench:{n}",
            )
            for n, text in enumerate(texts)
        ],
        batch_size=5000,
    )
    started = time.perf_counter()
    services.build_themes(actor=admin, round=round_, organization=root)  # type: ignore[arg-type]
    print(f"归类全省 {problems:,} 个问题并保存：{time.perf_counter() - started:.1f} s")
    client = Client()
    client.force_login(admin)  # type: ignore[arg-type]
    url = f"/analytics/org/{root.code}/rounds/{round_.pk}/themes/"  # type: ignore[attr-defined]
    assert client.get(url).status_code == 200
    queries = count_queries(lambda: client.get(url))
    page = timeit(lambda: client.get(url), repeat=5, warmup=1)
    print(
        table(
            ["页面", "问题数", "查询次数", "中位用时"],
            [["共性问题（主题列表）", f"{problems:,}", queries, str(page)]],
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="10,000 texts and reporters")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()
    size = 10_000 if args.quick else 100_000
    url = use_database(args.db, "bench_analytics")
    print(f"数据库：{url.split('://')[0]}；规模 {size:,}")
    bench_grouping(size)
    data = build_rounds(size)
    bench_years(data)
    bench_themes_page(data, size)


if __name__ == "__main__":
    main()

"""Benchmark: checking one report in the editor against a round of stored reports.

    ./dev bench report_index [--sqlite] [--quick] [--sizes 1000,10000,50000]

Stores rounds of 1,000 / 10,000 / 50,000 submitted reports (``--quick``: 1,000 / 5,000) with
their copy signatures and LSH buckets (``PassageBucket``, kept up to date by ``submit``), then
times what the editor's check does (``checking.run_checks`` on a draft: the classifier, every
check, and the copy look-up by indexed bucket query) for 30 reports of the round, each with a
planted near-copy of another stored report. Prints p50 / p95 wall-clock milliseconds per check,
the part spent in the copy look-up, and, in the same run, what checking against an index
rebuilt per check (every stored signature of the round read and put in a ``CopyIndex``) costs.

The first 1,000 stored reports are synthetic reports (bench/report_synth.py) with real
signatures; the rest carry random signatures of the same shape (40 passages, 20 bands each),
so the index has the size of a real round's while candidates come from the realistic part.
Notes: docs/bench-report_checks.md.
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Any

import numpy as np

from bench.harness import reset_database, use_database
from bench.report_synth import corpus

REAL = 1000
PASSAGES = 40
CHECKS = 30


def build(size: int, texts: list[str], signatures: list[Any]) -> list[Any]:
    """A round of ``size`` submitted reports in the database; returns the real ones' reports."""
    from django.db import transaction

    from shuzhi.core.bulk import insert_rows
    from shuzhi.orgs import tree
    from shuzhi.orgs.models import Organization, Person
    from shuzhi.reports.checks.copying import hasher_for
    from shuzhi.reports.conf import check_settings
    from shuzhi.reports.models import DutyReport, Mode, PassageBucket, ReportVersion
    from shuzhi.rounds.models import Reporter, Round

    settings = check_settings()
    hasher = hasher_for(settings)
    rng = np.random.default_rng(16)
    with transaction.atomic():
        root = tree.child_path("", 1)
        city = Organization.objects.create(
            code="B",
            name="基准市委",
            level="city",
            kind="party_committee",
            field="regional",
            path=root,
            depth=0,
        )
        units = Organization.objects.bulk_create(
            (
                Organization(
                    code=f"B-{i:06d}",
                    name=f"基准{i}镇党委",
                    parent=city,
                    level="township",
                    kind="party_committee",
                    field="regional",
                    path=tree.child_path(root, i + 1),
                    depth=1,
                )
                for i in range(size)
            ),
            batch_size=5000,
        )
        people = Person.objects.bulk_create(
            (Person(code=f"BP{i:06d}", name=f"书记{i}", unit=u) for i, u in enumerate(units)),
            batch_size=5000,
        )
        round_ = Round.objects.create(name="基准考核", year=2026, hearing_organization=city)
        reporters = Reporter.objects.bulk_create(
            (
                Reporter(round=round_, organization=u, person=p)
                for u, p in zip(units, people, strict=True)
            ),
            batch_size=5000,
        )
        reports = DutyReport.objects.bulk_create(
            (
                DutyReport(
                    reporter=r,
                    round=round_,
                    organization=r.organization,
                    mode=Mode.UPLOADED,
                    uploaded_text=texts[i] if i < len(texts) else "",
                    status="under_review",
                )
                for i, r in enumerate(reporters)
            ),
            batch_size=5000,
        )
        versions = ReportVersion.objects.bulk_create(
            (
                ReportVersion(
                    report=report,
                    number=1,
                    mode=Mode.UPLOADED,
                    text=texts[i],
                    passage_spans=[[p.start, p.end] for p in signatures[i].passages],
                    minhashes=signatures[i].to_bytes(),
                )
                if i < len(texts)
                else ReportVersion(report=report, number=1, mode=Mode.UPLOADED, text="")
                for i, report in enumerate(reports)
            ),
            batch_size=2000,
        )

        def rows() -> Any:
            for i, version in enumerate(versions[: len(texts)]):
                keys = hasher.band_keys(signatures[i].minhashes)
                for passage, row in enumerate(keys.tolist()):
                    for bucket in row:
                        yield (version.pk, passage, bucket)

        insert_rows(PassageBucket, ("version", "passage", "bucket"), rows())
        fillers = [v.pk for v in versions[len(texts) :]]
        _filler_buckets(fillers, PASSAGES * settings.bands, settings.bands, rng)
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return reports[: len(texts)]


def _filler_buckets(versions: list[int], per_version: int, bands: int, rng: Any) -> None:
    """Random bucket keys for the filler versions: on PostgreSQL generated by the server (tens
    of millions of rows would take far longer through Python), elsewhere streamed."""
    from django.db import connection

    from shuzhi.core.bulk import insert_rows
    from shuzhi.reports.models import PassageBucket

    if not versions:
        return
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO reports_passagebucket (version_id, passage, bucket) "
                "SELECT v, n / %s, (random() * 9.2e18)::bigint "
                "FROM unnest(%s::bigint[]) v, generate_series(0, %s - 1) n",
                [bands, versions, per_version],
            )
        return
    insert_rows(
        PassageBucket,
        ("version", "passage", "bucket"),
        (
            (version, n // bands, int(key))
            for version in versions
            for n, key in enumerate(rng.integers(0, 1 << 62, per_version).tolist())
        ),
    )


def check_times(
    reports: list[Any], picks: list[int]
) -> tuple[list[float], list[float], int, list[float]]:
    """Wall-clock ms of the editor's check of each picked report and of its copy look-up, how
    many found their planted copy, and this process's CPU ms per check (the rest is the
    database's work and waiting on a shared machine)."""
    from shuzhi.reports import checking
    from shuzhi.reports.checking import Draft, run_checks

    looked_up: list[float] = []
    original = checking.copies

    def timed_copies(report: Any, signature: Any) -> Any:
        started = time.perf_counter()
        found = original(report, signature)
        looked_up.append((time.perf_counter() - started) * 1000)
        return found

    checking.copies = timed_copies
    totals: list[float] = []
    cpu: list[float] = []
    found = 0
    try:
        for number in picks:
            report = reports[number]
            draft = Draft("uploaded", {}, report.uploaded_text, {})
            started, own = time.perf_counter(), time.process_time()
            result = run_checks(report, draft=draft, items=[])
            totals.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - own) * 1000)
            copying = result.by_rule("copying")
            found += bool(copying and copying.pairs)
    finally:
        checking.copies = original
    return totals, looked_up, found, cpu


def rebuilt_per_check_ms(reports: list[Any], picks: list[int]) -> float:
    """The median ms of a copy check that first rebuilds the index from the stored signatures."""
    from shuzhi.reports.checking import stored_signature
    from shuzhi.reports.checks import CopyIndex, Signature
    from shuzhi.reports.checks.copying import confirmed_pairs
    from shuzhi.reports.conf import check_settings
    from shuzhi.reports.models import ReportVersion

    settings = check_settings()
    times = []
    for number in picks[:3]:
        report = reports[number]
        started = time.perf_counter()
        index = CopyIndex(settings)
        for version in ReportVersion.objects.filter(report__round_id=report.round_id).iterator(
            chunk_size=2000
        ):
            if version.passage_spans:
                index.add(str(version.report_id), "", stored_signature(version))
        signature = Signature.of(report.uploaded_text, settings)
        candidates = index.candidates(signature, [str(report.pk)])
        confirmed_pairs(signature, candidates, index.sources, settings)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sqlite", action="store_true", help="SQLite instead of PostgreSQL")
    parser.add_argument("--quick", action="store_true", help="1,000 / 5,000 stored reports")
    parser.add_argument("--sizes", default="", help="comma-separated round sizes")
    parser.add_argument("--baseline-up-to", type=int, default=10_000)
    args = parser.parse_args()
    sizes = (
        [int(s) for s in args.sizes.split(",")]
        if args.sizes
        else ([1000, 5000] if args.quick else [1000, 10_000, 50_000])
    )
    kind = "sqlite" if args.sqlite else "postgres"
    use_database(kind, "checks")
    from shuzhi.reports.checks import Signature
    from shuzhi.reports.conf import check_settings

    texts, planted = corpus(REAL)
    signatures = [Signature.of(t, check_settings()) for t in texts]
    targets = sorted({p.target for p in planted})
    picks = (targets * CHECKS)[:CHECKS]
    print(f"数据库 {kind}；每轮抽查 {len(picks)} 份报告（均植入了另一份已提交报告的雷同段落）")
    print(
        f"{'已提交报告':>10} {'建库(秒)':>8} {'每次检查 p50':>12} {'p95(毫秒)':>10} {'其中查雷同 p95':>14} {'找到雷同':>8} {'每次重建索引(毫秒)':>18}"
    )
    for number, size in enumerate(sizes):
        if number:
            reset_database(kind, "checks")
        started = time.perf_counter()
        reports = build(size, texts[:size], signatures[:size])
        built = time.perf_counter() - started
        check_times(reports, picks[:3])  # warm the caches and the connection
        totals, lookups, found, cpu = check_times(reports, picks)
        baseline = (
            f"{rebuilt_per_check_ms(reports, picks):>18.0f}"
            if size <= args.baseline_up_to
            else f"{'—':>18}"
        )
        print(
            f"{size:>10,} {built:>8.0f} {percentile(totals, 0.5):>12.0f} {percentile(totals, 0.95):>10.0f} "
            f"{percentile(lookups, 0.95):>14.1f} {found:>5}/{len(picks):<3} "
            f"{percentile(cpu, 0.95):>12.0f} {baseline}"
        )


if __name__ == "__main__":
    main()

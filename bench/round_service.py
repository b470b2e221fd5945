"""Computing and storing a province round on the server: database rows → engine → Result rows.

    ./dev bench round_service [--postgres] [--quick] [--baseline] [--db-name NAME]

Stores a round the size of a province (default 100,000 reporters in 5,000 peer groups, 1 M
indicator scores, 5 M on-site votes in 400,000 tallies — the rows of ``bench/scoring.py``) in
the database, then times in the same run:

- the engine's **core** on the same rows in memory (aggregation, fixed-point scores, outcomes:
  what ``./dev bench scoring`` times) and its one pass with every breakdown line;
- the server's job, ``computing.store_results``: reading the round as columns, the engine,
  the Decimal cross-check of a sample, replacing the results in bulk, the audit entry — first
  run (all new) and a rerun (nothing changed); the time of each stage is printed;
- with ``--baseline``: the way the server did it before (inputs per reporter, every reporter
  scored again in Decimal, a model instance and an audit entry per result), in a transaction
  rolled back afterwards. It takes minutes at province size.

The run fails unless the stored results equal the core's: composite, rank, grade, class,
honour, interview and veto of every reporter. Notes: docs/bench-round_service.md.
"""

from __future__ import annotations

import argparse
import sys
import time
from decimal import Decimal
from typing import Any

import numpy as np

from bench.flat_city import flat_city
from bench.harness import Timing, count_queries, print_ratio, table, timeit, use_database
from bench.scoring import FULL, INDICATORS, Size, engine_table, generate

QUICK = Size(1_000, 50, 50_000, 10_000)


def _points(units: np.ndarray) -> list[str]:
    """10^-4 units (whole hundredths) as the decimal text the database stores."""
    return [f"{u // 10_000}.{u % 10_000 // 100:02d}" for u in units.tolist()]


def build(size: Size, seed: int) -> tuple[Any, Any, dict[str, np.ndarray]]:
    """The round in the database, bulk-written; returns (round, actor, raw rows)."""
    from django.db import transaction
    from django.utils import timezone

    from shuzhi.accounts.models import User
    from shuzhi.core.bulk import insert_rows
    from shuzhi.rounds.indicator_rules import IndicatorRow
    from shuzhi.rounds.indicator_system import save_indicator_system
    from shuzhi.rounds.models import Indicator, PeerGroup, Reporter, Round
    from shuzhi.rounds.services import settings_of
    from shuzhi.scoring.models import ConstraintHit, IndicatorScore, OnsiteEvaluation
    from shuzhi.scoring.models import ReporterAssessment as Assessment

    data = generate(size, seed)
    n = size.reporters
    actor = User.objects.create_user(username="bench", is_superuser=True)
    assessor = User.objects.create_user(username="bench2")
    with transaction.atomic():
        city, units, people = flat_city(
            n, city_name="基准省委", unit_name="基准单位{}", person_name="述职人"
        )
        round_ = Round.objects.create(name="基准考核", year=2025, hearing_organization=city)
        PeerGroup.objects.bulk_create(
            PeerGroup(round=round_, name=f"第{g}组", order=g) for g in range(size.groups)
        )
        groups = data["groups"].tolist()
        reporters = Reporter.objects.bulk_create(
            (
                Reporter(round=round_, organization=u, person=p, peer_group=f"第{groups[i]}组")
                for i, (u, p) in enumerate(zip(units, people, strict=True))
            ),
            batch_size=5000,
        )
    # bench/scoring.py's tree, but a stored normal group needs a maximum and no cap.
    rows = [
        IndicatorRow(
            code=i.code,
            name=i.name,
            kind=i.kind.value,
            parent_code=i.parent or "",
            max_points=Decimal(70) if i.code == "A" else i.max_points,
            cap=None if i.code == "A" else i.cap,
            floor=i.floor,
            veto_effect=i.veto.value if i.veto else "",
        )
        for i in INDICATORS
    ]
    save_indicator_system(actor=actor, round=round_, rows=rows)
    settings = settings_of(round_)
    settings.weight_indicators, settings.weight_onsite = Decimal(50), Decimal(30)
    settings.weight_superior, settings.weight_records = Decimal(10), Decimal(10)
    settings.honours_count, settings.interview_bottom_count = 100, 1
    settings.save()
    ids = np.array([r.pk for r in reporters], dtype=np.int64)
    leaves = {i.code: i.pk for i in Indicator.objects.filter(round=round_)}
    leaf_ids = np.array([leaves[c] for c in ("A1", "A2", "A3", "B", "X", "C", "E")])
    now = timezone.now()
    with transaction.atomic():
        people_of = np.tile([actor.pk, assessor.pk], len(data["score_reporter"]) // 2)
        insert_rows(
            IndicatorScore,
            ("assessor", "reporter", "indicator", "points", "updated_at"),
            zip(
                people_of.tolist(),
                ids[data["score_reporter"]].tolist(),
                leaf_ids[data["score_leaf"]].tolist(),
                _points(data["score_units"]),
                [now] * len(people_of),
                strict=True,
            ),
        )
        cell = (data["vote_reporter"] * 4 + data["vote_category"]) * 4 + data["vote_grade"]
        tallies = np.bincount(cell, minlength=n * 16).reshape(n * 4, 4)
        voted = np.flatnonzero(tallies.sum(axis=1) > 0)
        categories = ("leader", "representative", "member", "masses")
        insert_rows(
            OnsiteEvaluation,
            ("reporter", "voter_category", "good", "fair", "average", "poor", "origin", "digest"),
            (
                (int(ids[c // 4]), categories[c % 4], *tallies[c].tolist(), "manual", "")
                for c in voted.tolist()
            ),
        )
        insert_rows(
            Assessment,
            ("reporter", "source", "score", "note", "origin", "detail"),
            [
                *(
                    (r, "superior", s, "", "manual", "[]")
                    for r, s in zip(ids.tolist(), _points(data["superior"]), strict=True)
                ),
                *(
                    (r, "records", s, "", "manual", "[]")
                    for r, s in zip(ids.tolist(), _points(data["records"]), strict=True)
                ),
            ],
        )
        insert_rows(
            ConstraintHit,
            ("reporter", "indicator", "reason", "recorded_by", "recorded_at"),
            (
                (int(ids[r]), int(leaf_ids[leaf]), "基准数据", actor.pk, now)
                for r, leaf in zip(data["hit_reporter"], data["hit_leaf"], strict=True)
            ),
        )
    return round_, actor, data


def core_table(round_: Any, data: dict[str, np.ndarray]) -> Any:
    """The engine's input table from the raw rows in memory, with the stored round's rules."""
    from shuzhi.rounds.services import settings_of
    from shuzhi.scoring.engine.core import prepare
    from shuzhi.scoring.gather import indicators_for, rules_for

    rules = rules_for(settings_of(round_))
    tree = prepare(rules, indicators_for(round_))
    table = engine_table(rules, tree, data)
    return rules, tree, table


def run_core(round_: Any, data: dict[str, np.ndarray]) -> Any:
    from shuzhi.scoring.engine.core import decide_table
    from shuzhi.scoring.engine.fast import score_table

    rules, tree, table = core_table(round_, data)
    scores = score_table(rules, tree, table)
    return scores, decide_table(rules, tree, table, scores)


def stored_equals_core(round_: Any, core: Any) -> list[str]:
    """Names of the outcome columns where the stored results differ from the core's."""
    from shuzhi.scoring.engine.fixedpoint import to_units
    from shuzhi.scoring.engine.outcomes import GRADE_ORDER, VETO_ORDER
    from shuzhi.scoring.models import Result

    scores, decisions = core
    stored = list(
        Result.objects.filter(round=round_)
        .order_by("reporter_id")
        .values_list("composite", "rank", "grade", "class_number", "honour", "interview", "veto")
    )
    if len(stored) != len(scores.composites):
        return ["count"]
    grades = {g.value: i for i, g in enumerate(GRADE_ORDER)}
    vetoes = {"": -1} | {v.value: i for i, v in enumerate(VETO_ORDER)}
    columns = list(zip(*stored, strict=True))
    pairs = {
        "composite": ([to_units(c.normalize(), 2, "") for c in columns[0]], scores.composites),
        "rank": (columns[1], decisions.ranking.rank),
        "grade": ([grades[g] for g in columns[2]], decisions.grade),
        "class": (columns[3], decisions.klass),
        "honour": ([bool(h) for h in columns[4]], decisions.honour),
        "interview": (columns[5], decisions.interview),
        "veto": ([vetoes[v] for v in columns[6]], decisions.veto),
    }
    return [k for k, (a, b) in pairs.items() if not np.array_equal(np.array(a), np.asarray(b))]


def store_like_before(computation: Any) -> None:
    """The server's job as it was: inputs per reporter, every reporter scored again in Decimal,
    a model instance per result with its breakdown as dicts, an audit entry per result."""
    from shuzhi.audit.services import build, record_many
    from shuzhi.scoring import engine
    from shuzhi.scoring.engine.core import prepare
    from shuzhi.scoring.engine.reference import score_reporter
    from shuzhi.scoring.gather import engine_inputs
    from shuzhi.scoring.models import Result
    from shuzhi.scoring.summary import outcome_json

    round_ = computation.round
    rules, indicators, inputs = engine_inputs(round_)
    tree = prepare(rules, indicators)
    outcomes = engine.compute(rules, indicators, inputs).outcomes
    for reporter in inputs:  # the old engine ran the reference path for every reporter
        score_reporter(rules, tree, reporter)
    reporters = {r.pk: r for r in round_.reporters.select_related("organization")}
    rows, entries = [], []
    for outcome in outcomes:
        data = outcome_json(outcome)
        row = Result(
            reporter_id=int(outcome.reporter_id),
            round=round_,
            peer_group=outcome.group,
            composite=outcome.composite,
            rank=outcome.rank,
            group_size=outcome.group_size,
            grade=outcome.grade.value,
            class_number=outcome.klass,
            honour=outcome.honour or "",
            interview=outcome.interview,
            veto=outcome.veto.value if outcome.veto else "",
            veto_reason=outcome.veto_reason,
            pay_bonus_percent=outcome.pay_share,
            subtotals=data["subtotals"],
            breakdown=data["breakdown"],
            computation=computation,
        )
        rows.append(row)
        reporter = reporters[row.reporter_id]
        entries.append(
            build(
                actor=computation.requested_by,
                action="scoring.result.compute",
                target=reporter,
                organization=reporter.organization,
                before=None,
                after={"rank": row.rank},
            )
        )
    Result.objects.filter(round=round_).delete()
    Result.objects.bulk_create(rows, batch_size=2000)
    record_many(entries)


def correct_one_score(round_: Any) -> list[int]:
    """A superior score corrected for one reporter (as after a review); returns the ids of
    the stored results before the recomputation, to count how many it rewrites."""
    from shuzhi.scoring.models import ReporterAssessment, Result

    assessment = ReporterAssessment.objects.filter(
        reporter__round=round_, source="superior"
    ).first()
    assert assessment is not None
    ReporterAssessment.objects.filter(pk=assessment.pk).update(score=assessment.score / 2)
    return list(Result.objects.filter(round=round_).values_list("pk", flat=True))


def staged(computation: Any) -> tuple[Timing, list[tuple[str, float]]]:
    """One run of the job, with the time spent in each stage it reports."""
    from django.db import transaction

    from shuzhi.scoring.computing import store_results

    marks: list[tuple[str, float]] = []
    start = time.perf_counter()
    with transaction.atomic():
        store_results(computation, lambda _, stage: marks.append((stage, time.perf_counter())))
    end = time.perf_counter()
    starts = [start, *(at for _, at in marks)]
    ends = [*(at for _, at in marks), end]
    names = ["准备", *(stage for stage, _ in marks)]
    stages = [(name, (e - s) * 1000) for name, s, e in zip(names, starts, ends, strict=True)]
    return Timing(((end - start) * 1000,)), stages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="1,000 reporters")
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL instead of SQLite")
    parser.add_argument("--baseline", action="store_true", help="also time the previous way")
    parser.add_argument("--seed", type=int, default=2016)
    parser.add_argument(
        "--db-name",
        default="province_bench_round",
        help="the database (PostgreSQL) or var/ file (SQLite) to recreate for the run",
    )
    args = parser.parse_args()
    size = QUICK if args.quick else FULL
    url = use_database("postgres" if args.postgres else "sqlite", args.db_name)
    print(f"Database: {url.split('@')[-1]}")
    started = time.perf_counter()
    round_, actor, data = build(size, args.seed)
    print(
        f"Round: {size.reporters:,} reporters in {size.groups:,} groups, "
        f"{size.scores:,} indicator scores, {size.ratings:,} on-site votes "
        f"(built in {time.perf_counter() - started:.0f} s)"
    )

    from django.db import transaction

    from shuzhi.rounds.services import settings_of
    from shuzhi.scoring.engine.core import score_round
    from shuzhi.scoring.gather import round_table
    from shuzhi.scoring.models import Computation, Result

    core = run_core(round_, data)
    core_time = timeit(lambda: run_core(round_, data), repeat=3)
    rules, tree, table_ = core_table(round_, data)
    one_pass = timeit(lambda: score_round(rules, tree, table_), repeat=3)
    settings = settings_of(round_)
    gather = timeit(lambda: round_table(round_, settings, rules, tree), repeat=1)
    gather_queries = count_queries(lambda: round_table(round_, settings, rules, tree))

    computation = Computation.objects.create(round=round_, requested_by=actor)
    first, stages = staged(computation)
    differences = stored_equals_core(round_, core)
    rerun, rerun_stages = staged(computation)
    corrected = correct_one_score(round_)
    correction, correction_stages = staged(computation)
    rewritten = Result.objects.filter(round=round_).exclude(pk__in=corrected).count()
    rows = [
        ["engine core (aggregate, score, decide)", core_time, ""],
        ["engine, one pass with every breakdown line", one_pass, ""],
        ["reading the round as columns", gather, gather_queries],
        ["compute + store, first run", first, ""],
        *[[f"  · {stage}", Timing((ms,)), ""] for stage, ms in stages],
        ["compute + store, rerun (nothing changed)", rerun, ""],
        *[[f"  · {stage}", Timing((ms,)), ""] for stage, ms in rerun_stages],
        [f"compute + store after one correction ({rewritten} rewritten)", correction, ""],
        *[[f"  · {stage}", Timing((ms,)), ""] for stage, ms in correction_stages],
    ]
    baseline = None
    if args.baseline:
        with transaction.atomic():
            Result.objects.filter(round=round_).delete()
            old = Computation.objects.create(round=round_, requested_by=actor)
            baseline = timeit(lambda: store_like_before(old), repeat=1, warmup=0)
            transaction.set_rollback(True)
        rows.append(["the previous way (per reporter, Decimal)", baseline, ""])
    print(table(["step", "time", "queries"], rows))
    print(f"  stored results per reporter: {first.median_ms * 1000 / size.reporters:.0f} µs")
    print_ratio("compute + store vs the engine core", core_time, first)
    if baseline is not None:
        print_ratio("compute + store vs the previous way", baseline, first)
    if differences:
        print(f"stored results differ from the core's: {', '.join(differences)}", file=sys.stderr)
        return 1
    print(
        "stored results identical to the core's: composite, rank, grade, class, honour, "
        "interview, veto"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

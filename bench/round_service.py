"""Computing a stored round on the server: database rows → engine → Result rows.

    ./dev bench round_service [--quick] [--postgres]

Builds a round (default 5,000 reporters in 100 peer groups, 12 scored indicators, 2 assessors
→ 120,000 indicator scores, 20,000 on-site tallies, 5,000 superior scores), then times:

- gathering the engine's inputs with ``scoring.gather.engine_inputs`` (a fixed number of
  queries) against the obvious per-reporter ORM loop (baseline, same run, same inputs checked);
- the whole computation (``computing.store_results``: gather, engine, replace the results,
  audit the changed ones), first run (every result new) and a rerun (nothing changed).
"""

from __future__ import annotations

import argparse
import random
from collections import defaultdict
from decimal import Decimal
from typing import Any

from bench.harness import count_queries, print_ratio, table, timeit, use_database


def build(reporters: int, groups: int, seed: int) -> Any:
    from django.db import transaction

    from shuzhi.accounts.models import User
    from shuzhi.orgs import tree
    from shuzhi.orgs.models import Organization, Person
    from shuzhi.rounds.indicator_system import save_indicator_system
    from shuzhi.rounds.models import Indicator, PeerGroup, Reporter, Round
    from shuzhi.scoring.demo import SYSTEM
    from shuzhi.scoring.models import IndicatorScore, OnsiteEvaluation, ReporterAssessment

    rng = random.Random(seed)
    actor = User.objects.create_user(username="bench", is_superuser=True)
    assessor = User.objects.create_user(username="bench2")
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
        units = Organization.objects.bulk_create(
            Organization(
                code=f"B-{n:05d}",
                name=f"基准单位{n}",
                parent=city,
                level="township",
                kind="party_committee",
                field="regional",
                path=tree.child_path(tree.child_path("", 1), n),
                depth=1,
            )
            for n in range(1, reporters + 1)
        )
        people = Person.objects.bulk_create(
            Person(code=f"BP{n:05d}", name=f"述职人{n}", unit=unit) for n, unit in enumerate(units)
        )
        round_ = Round.objects.create(name="基准考核", year=2025, hearing_organization=city)
        PeerGroup.objects.bulk_create(
            PeerGroup(round=round_, name=f"第{g}组", order=g) for g in range(groups)
        )
        rows = Reporter.objects.bulk_create(
            Reporter(round=round_, organization=unit, person=person, peer_group=f"第{n % groups}组")
            for n, (unit, person) in enumerate(zip(units, people, strict=True))
        )
    save_indicator_system(actor=actor, round=round_, rows=SYSTEM)
    items = list(
        Indicator.objects.filter(round=round_, children__isnull=True).exclude(kind="constraint")
    )
    with transaction.atomic():
        scores = []
        for reporter in rows:
            strength = rng.uniform(0.5, 1.0)
            for item in items:
                top = item.max_points or Decimal(3)
                for who in (actor, assessor):
                    points = (
                        top * Decimal(str(round(min(1.0, rng.gauss(strength, 0.08)), 2)))
                    ).quantize(Decimal("0.01"))
                    scores.append(
                        IndicatorScore(
                            assessor=who,
                            reporter=reporter,
                            indicator=item,
                            points=max(points, Decimal(0)),
                        )
                    )
        IndicatorScore.objects.bulk_create(scores, batch_size=5000)
        OnsiteEvaluation.objects.bulk_create(
            (
                OnsiteEvaluation(
                    reporter=r,
                    voter_category=c,
                    good=rng.randint(5, 20),
                    fair=rng.randint(0, 8),
                    average=rng.randint(0, 4),
                    poor=rng.randint(0, 2),
                )
                for r in rows
                for c in ("leader", "representative", "member", "masses")
            ),
            batch_size=5000,
        )
        ReporterAssessment.objects.bulk_create(
            (
                ReporterAssessment(
                    reporter=r, source="superior", score=Decimal(rng.randint(60, 99))
                )
                for r in rows
            ),
            batch_size=5000,
        )
    return round_, actor, len(scores)


def gather_by_loop(round_: Any) -> list[Any]:
    """The obvious way: for each reporter, ask for its scores, tallies, sources and hits."""
    from shuzhi.scoring import engine
    from shuzhi.scoring.gather import LEVEL_SOURCES  # noqa: F401 — same sources as the service

    inputs = []
    for reporter in round_.reporters.order_by("pk"):
        scores: dict[str, list[Decimal]] = defaultdict(list)
        for score in reporter.indicator_scores.select_related("indicator"):
            scores[score.indicator.code].append(score.points)
        onsite = {
            t.voter_category: {g: getattr(t, g.value) for g in engine.EvaluationGrade}
            for t in reporter.onsite_evaluations.all()
        }
        other = {a.source: a.score for a in reporter.assessments.all()}
        hits = frozenset(
            h.indicator.code for h in reporter.constraint_hits.select_related("indicator")
        )
        inputs.append(
            engine.ReporterInput(
                reporter_id=str(reporter.pk),
                group=reporter.peer_group or "未分组",
                indicator_scores={code: tuple(v) for code, v in scores.items()},
                onsite=onsite,
                superior=other.get("superior"),
                records=other.get("records"),
                levels={},
                constraint_hits=hits,
            )
        )
    return inputs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="1,000 reporters")
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL instead of SQLite")
    args = parser.parse_args()
    reporters, groups = (1000, 20) if args.quick else (5000, 100)
    url = use_database("postgres" if args.postgres else "sqlite", "bench_round_service")
    print(f"Database: {url.split('@')[-1]}")
    round_, actor, score_rows = build(reporters, groups, seed=7)
    print(f"Round: {reporters:,} reporters in {groups} groups, {score_rows:,} indicator scores")

    from shuzhi.rounds.services import settings_of
    from shuzhi.scoring.computing import store_results
    from shuzhi.scoring.gather import engine_inputs, reporter_inputs
    from shuzhi.scoring.models import Computation, Result

    settings = settings_of(round_)
    fast = reporter_inputs(round_, settings)
    slow = gather_by_loop(round_)
    assert fast == slow, "both ways of gathering must give the same inputs"
    service = timeit(lambda: engine_inputs(round_), repeat=3)
    loop = timeit(lambda: gather_by_loop(round_), repeat=1, warmup=0)
    service_queries = count_queries(lambda: engine_inputs(round_))

    computation = Computation.objects.create(round=round_, requested_by=actor)
    first = timeit(lambda: store_results(computation), repeat=1, warmup=0)
    rerun = timeit(lambda: store_results(computation), repeat=2, warmup=0)
    assert Result.objects.filter(round=round_).count() == reporters
    print(
        table(
            ["step", "time", "queries"],
            [
                ["gather (service)", service, service_queries],
                ["gather (per-reporter loop)", loop, f"~{4 * reporters + 1:,}"],
                ["compute + store, first run", first, ""],
                ["compute + store, rerun", rerun, ""],
            ],
        )
    )
    print_ratio("gathering inputs, service vs per-reporter loop", loop, service)


if __name__ == "__main__":
    main()

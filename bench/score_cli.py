"""Benchmark: ``shuzhi score`` on a province-size round workbook, end to end (issue 16).

    ./dev bench score_cli [--quick] [--reporters N] [--seed N]

Writes a round workbook of 100,000 reporters in 5,000 peer groups (``--quick``: 10,000 in
500): 5 leaves × 2 assessors = 1,000,000 指标得分 rows, 4 voter categories = 400,000 现场测评
rows, a superior's and an annual-records score each, 0.5% hitting a veto item. Then runs the
real command, ``shuzhi score round.xlsx --output results.xlsx``, timed end to end, and times
its phases again on their own — reading the workbook (``read_workbook``), the engine
(``compute``, the core plus the Decimal cross-check of 1,000 reporters) and writing the results
workbook — so the share spent reading Excel is printed. The results workbook of a full round
has more breakdown lines than an Excel sheet has rows: it must come out as numbered 得分明细
sheets, which the run checks. Notes: docs/bench-score_cli.md.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from unittest.mock import patch

from click.testing import CliRunner
from openpyxl import load_workbook

from bench.harness import format_ms, table
from shuzhi.cli import main
from shuzhi.core.workbook import new_workbook, write_sheet
from shuzhi.scoring import summary
from shuzhi.scoring.engine import (
    Indicator,
    IndicatorKind,
    RoundRules,
    SourceWeights,
    VetoEffect,
    compute,
)
from shuzhi.scoring.engine.types import RoundResult
from shuzhi.scoring.settings_sheet import write_settings_sheet
from shuzhi.scoring.summary import results_workbook
from shuzhi.scoring.workbook import (
    ONSITE,
    RECORDS,
    REPORTERS,
    SCORES,
    SUPERIOR,
    RoundWorkbook,
    read_workbook,
    write_indicator_sheet,
)

D = Decimal
RULES = RoundRules(
    weights=SourceWeights(indicators=D(50), onsite=D(30), superior=D(10), records=D(10)),
    honours_top_n=100,
    interview_bottom_n=1,
)
LEAVES = ("A1", "A2", "A3", "B1", "B2")
INDICATORS = [
    Indicator("A", "党建责任", max_points=D(60)),
    Indicator("A1", "班子建设", parent="A", max_points=D(20)),
    Indicator("A2", "党员管理", parent="A", max_points=D(20)),
    Indicator("A3", "阵地建设", parent="A", max_points=D(20)),
    Indicator("B1", "基层治理", max_points=D(25)),
    Indicator("B2", "作风建设", max_points=D(15)),
    Indicator("V", "安全事故", kind=IndicatorKind.CONSTRAINT, veto=VetoEffect.DISQUALIFY),
]
MAXIMA = {i.code: int(i.max_points or 0) for i in INDICATORS}
CATEGORIES = ("领导班子成员", "两代表一委员", "党员代表", "群众代表")


def write_round(path: Path, reporters: int, groups: int, seed: int) -> None:
    """A round workbook in the layout ``shuzhi score`` reads, streamed as the system writes
    large workbooks (XlsxWriter, which records each sheet's dimension as Excel does)."""
    rng = random.Random(seed)
    workbook = new_workbook(write_only=True)
    write_settings_sheet(workbook, RULES)
    ids = [f"R{n:06d}" for n in range(reporters)]
    vetoed = ["V" if rng.random() < 0.005 else "" for _ in ids]
    write_sheet(
        workbook,
        REPORTERS,
        ([rid, f"述职人{n}", f"组{n % groups:04d}", vetoed[n]] for n, rid in enumerate(ids)),
    )
    write_indicator_sheet(workbook, INDICATORS)
    write_sheet(
        workbook,
        SCORES,
        (
            [rid, code, assessor, rng.randint(MAXIMA[code] // 2, MAXIMA[code] * 4) / 4]
            for rid in ids
            for code in LEAVES
            for assessor in ("考核人1", "考核人2")
        ),
    )
    write_sheet(
        workbook,
        ONSITE,
        (
            [rid, category, *(rng.randint(0, 8) for _ in range(4))]
            for rid in ids
            for category in CATEGORIES
        ),
    )
    for schema in (SUPERIOR, RECORDS):
        write_sheet(workbook, schema, ([rid, rng.randint(6000, 10000) / 100] for rid in ids))
    workbook.save(path)


#: Reporters whose rows the openpyxl baselines (today's reader and writer) are timed on; both
#: costs are linear in the rows, so they are scaled to the round's size.
BASELINE_SAMPLE = 10_000


def openpyxl_read(path: Path, share: float) -> int:
    """What reading cost before calamine: openpyxl's read-only values of every sheet (only
    iterating, none of the checks), over ``share`` of each sheet's rows."""
    workbook = load_workbook(path, read_only=True, data_only=True)
    cells = 0
    for sheet in workbook.worksheets:
        last = max(2, round((sheet.max_row or 1) * share))
        for row in sheet.iter_rows(max_row=last, values_only=True):
            cells += len(row)
    workbook.close()
    return cells


def openpyxl_write(content: RoundWorkbook, result: RoundResult, sample: int) -> None:
    """What writing cost before XlsxWriter: the results workbook of the first ``sample``
    reporters built in openpyxl (as every round under the streaming threshold still is)."""
    sliced = RoundResult(outcomes=result.outcomes[:sample])
    with patch.object(summary, "STREAM_FROM", float("inf")):
        summary.results_workbook(content.rules, sliced, content.names).save(BytesIO())


def timed(label: str, timings: dict[str, float], fn):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    value = fn()
    timings[label] = (time.perf_counter() - start) * 1000
    return value


def main_bench(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10,000 reporters in 500 groups")
    parser.add_argument("--reporters", type=int, help="this many reporters (20 per group)")
    parser.add_argument("--seed", type=int, default=20)
    args = parser.parse_args(argv)
    reporters = args.reporters or (10_000 if args.quick else 100_000)
    groups = max(1, reporters // 20)
    timings: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="score_cli-") as folder:
        source, output = Path(folder) / "round.xlsx", Path(folder) / "results.xlsx"
        timed("generate", timings, lambda: write_round(source, reporters, groups, args.seed))
        size_mb = source.stat().st_size / 2**20
        print(f"round workbook: {reporters:,} reporters, {groups:,} groups, {size_mb:.1f} MB")
        run = timed(
            "shuzhi score",
            timings,
            lambda: CliRunner().invoke(main, ["score", str(source), "--output", str(output)]),
        )
        if run.exit_code != 0:
            print(run.output, file=sys.stderr)
            return 1
        content = timed("read", timings, lambda: read_workbook(source))
        result = timed(
            "compute",
            timings,
            lambda: compute(content.rules, content.indicators, content.reporters),
        )
        again = Path(folder) / "again.xlsx"
        timed(
            "write",
            timings,
            lambda: results_workbook(content.rules, result, content.names).save(again),
        )
        sample = min(reporters, BASELINE_SAMPLE)
        timed("openpyxl read", timings, lambda: openpyxl_read(source, sample / reporters))
        timed("openpyxl write", timings, lambda: openpyxl_write(content, result, sample))
        sheets = load_workbook(output, read_only=True).sheetnames
        lines = sum(len(o.breakdown) for o in result.outcomes)
    details = [name for name in sheets if name.startswith("得分明细")]
    total = timings["shuzhi score"]
    phases = timings["read"] + timings["compute"] + timings["write"]
    rows = [
        (label, format_ms(timings[label]), f"{timings[label] / phases:.0%}")
        for label in ("read", "compute", "write")
    ]
    print(table(("phase", "time", "share"), rows, title="phases, each on its own"))
    scale = reporters / sample
    old_read, old_write = timings["openpyxl read"] * scale, timings["openpyxl write"] * scale
    print(
        f"today's openpyxl reading and writing, timed on {sample:,} reporters' rows and scaled "
        f"to {reporters:,}: read {format_ms(old_read)} "
        f"({old_read / timings['read']:.1f}× the read phase), "
        f"write {format_ms(old_write)} ({old_write / timings['write']:.1f}× the write phase)"
    )
    print(f"shuzhi score end to end (read, compute, write): {format_ms(total)}")
    print(f"  share spent reading Excel: {timings['read'] / phases:.0%}")
    print(f"  engine (compute) against the whole command: {total / timings['compute']:.0f}×")
    print(f"  breakdown lines: {lines:,} on {len(details)} 得分明细 sheet(s): {'、'.join(details)}")
    print(f"  (generating the workbook took {format_ms(timings['generate'])})")
    expected = 1 + (lines - 1) // 1_048_575
    if len(details) < expected:
        print("the 得分明细 lines do not fit the sheets written", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main_bench())

"""Benchmark: every report check, including cross-report copying, on a province's reports.

    ./dev bench report_checks [--quick] [--sizes 6000] [--today REV]

Times all checks on 1,500 / 3,000 / 6,000 synthetic reports of about 5,000 characters
(``--quick``: 300 / 600 / 1,200), each size in a fresh process once with this tree's checks
and once with "today's" (the checks package as it was when issue 16 was filed, ``TODAY``,
taken from git into a temporary directory), and prints both, their ratio and whether every
finding of every report (and its copy signature) is byte for byte the same. In the same run
also a straightforward all-pairs copy
comparison (every passage of every pair of reports, exact shingle Jaccard) on a sample of
reports, extrapolated to the full number of pairs. Times are this process's CPU seconds
(``time.process_time``), so other work on a shared machine does not inflate them. Prints both and their ratio, and how many
planted near-copies the indexed method found. Ends with the sentence classifier's accuracy on
the held-apart reports of the labelled corpus (tests/reports/corpus/), which the shares of
uploaded reports rest on.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.report_synth import Planted, corpus
from shuzhi.reports.checks import (
    DEFAULT_SETTINGS,
    CopyIndex,
    PriorItem,
    Signature,
    check_report,
    from_text,
)
from shuzhi.reports.checks.copying import passages_of, shingle_hashes
from shuzhi.reports.checks.training import evaluate, split

SETTINGS = DEFAULT_SETTINGS
PRIOR = [
    PriorItem("p1", "superior", "组织生活会流于形式，三会一课记录不全"),
    PriorItem("p2", "masses", "党群服务中心大门紧锁，活动阵地闲置"),
    PriorItem("c1", "self", "年底前流动党员长期失联的问题整改销号"),
]


# The checks as they were when issue 16 was filed (main at the start of its first session);
# "today" in the "at least 2× faster than today".
TODAY = "0c4f0da6db2fab87acc11e3ae870df7076ba7282"


def run_indexed(texts: list[str], digest: Any = None) -> tuple[float, list[set[str]]]:
    """All checks for every report against all others; returns seconds and copy sources found.
    With ``digest`` (a hashlib object), every finding and signature is fed to it, after the
    timing."""
    started = time.process_time()
    documents = [from_text(t) for t in texts]
    signatures = [Signature.of(d.text, SETTINGS) for d in documents]
    index = CopyIndex(SETTINGS)
    for number, signature in enumerate(signatures):
        index.add(str(number), f"报告{number}", signature)
    found: list[set[str]] = []
    results = []
    for number, (document, signature) in enumerate(zip(documents, signatures, strict=True)):
        result = check_report(
            document,
            settings=SETTINGS,
            prior_items=PRIOR,
            index=index,
            exclude=[str(number)],
            signature=signature,
        )
        copying = result.by_rule("copying")
        found.append({p.theirs.text for p in copying.pairs} if copying else set())
        results.append(result)
    seconds = time.process_time() - started
    if digest is not None:
        for document, signature, result in zip(documents, signatures, results, strict=True):
            digest.update(repr(document).encode())
            digest.update(signature.to_bytes())
            digest.update(json.dumps(result.as_dict(), ensure_ascii=False, sort_keys=True).encode())
    return seconds, found


def _found(planted: list[Planted], found: list[set[str]], texts: list[str]) -> int:
    hits = 0
    for plant in planted:
        # Found when the target's copying finding points at the source's original paragraph.
        if any(
            plant.paragraph in theirs or theirs in plant.paragraph for theirs in found[plant.target]
        ):
            hits += 1
    return hits


def all_pairs_seconds_per_pair(texts: list[str], sample: int) -> float:
    """Every passage of every pair of ``sample`` reports compared by exact shingle Jaccard."""
    shingles = [
        [
            set(shingle_hashes(p.text, SETTINGS.shingle_size).tolist())
            for p in passages_of(t, SETTINGS)
        ]
        for t in texts[:sample]
    ]
    started = time.process_time()
    pairs = 0
    matches = 0
    for left, right in itertools.combinations(shingles, 2):
        pairs += 1
        for a in left:
            for b in right:
                if len(a & b) >= SETTINGS.copy_threshold * len(a | b):
                    matches += 1
    return (time.process_time() - started) / pairs


def measure(size: int) -> None:
    """One size in this process (whichever checks package it imports): a JSON line."""
    texts, planted = corpus(size)
    digest = hashlib.sha256()
    seconds, found = run_indexed(texts, digest)
    print(
        json.dumps(
            {
                "seconds": seconds,
                "hits": _found(planted, found, texts),
                "planted": len(planted),
                "average": sum(len(t) for t in texts) / len(texts),
                "digest": digest.hexdigest(),
            }
        )
    )


def in_fresh_process(size: int, source: Path) -> dict[str, Any]:
    """``measure`` in a new interpreter importing the checks from ``source`` (a ``src``)."""
    root = Path(__file__).resolve().parent.parent
    # One hash seed for both: set iteration orders (and so the order of some float sums)
    # must not differ between the two processes compared.
    env = {**os.environ, "PYTHONPATH": f"{source}{os.pathsep}{root}", "PYTHONHASHSEED": "0"}
    output = subprocess.run(
        [sys.executable, "-m", "bench.report_checks", "--measure", str(size)],
        env=env,
        cwd=root,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    measured: dict[str, Any] = json.loads(output.splitlines()[-1])
    return measured


def today_source(revision: str, into: Path) -> Path:
    """The ``src`` tree of ``revision``, from git."""
    root = Path(__file__).resolve().parent.parent
    archive = subprocess.run(
        ["git", "-C", str(root), "archive", revision, "src"], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into / "src"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="300 / 600 / 1,200 reports")
    parser.add_argument("--sample", type=int, default=120, help="reports in the all-pairs sample")
    parser.add_argument("--today", default=TODAY, help="the revision to compare with")
    parser.add_argument(
        "--sizes", help="comma-separated numbers of reports instead of the default three"
    )
    parser.add_argument("--measure", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.measure)
        return
    sizes: tuple[int, ...] = (300, 600, 1200) if args.quick else (1500, 3000, 6000)
    if args.sizes:
        sizes = tuple(int(size) for size in args.sizes.split(","))
    here = Path(__file__).resolve().parent.parent / "src"
    print(f"今天的实现：{args.today[:10]}（检查代码取自 git）；每个规模各在新进程中运行一次")
    print(
        f"{'报告数':>6} {'平均字数':>8} {'今天(秒)':>9} {'现在(秒)':>9} {'每份 今天/现在(毫秒)':>20} "
        f"{'快':>6} {'结果一致':>8} {'两两比较外推(秒)':>16} {'倍数':>6} {'植入雷同找到':>12}"
    )
    sample_texts, _ = corpus(sizes[0])
    per_pair = all_pairs_seconds_per_pair(sample_texts, min(args.sample, sizes[0]))
    previous: float | None = None
    with tempfile.TemporaryDirectory() as scratch:
        old = today_source(args.today, Path(scratch))
        for size in sizes:
            then = in_fresh_process(size, old)
            now = in_fresh_process(size, here)
            seconds = now["seconds"]
            # The all-pairs method does the same non-copy checks; its copy step costs per pair.
            all_pairs = seconds + per_pair * size * (size - 1) / 2
            growth = f"（×{seconds / previous:.2f}）" if previous else ""
            previous = seconds
            same = "是" if then["digest"] == now["digest"] else "否"
            print(
                f"{size:>6} {now['average']:>8.0f} {then['seconds']:>9.1f} {seconds:>9.1f} "
                f"{then['seconds'] * 1000 / size:>10.2f} / {seconds * 1000 / size:<7.2f} "
                f"{then['seconds'] / seconds:>5.2f}× {same:>6} "
                f"{all_pairs:>16.0f} {all_pairs / seconds:>5.0f}× "
                f"{now['hits']:>5}/{now['planted']:<5} {growth}"
            )
    print(
        f"两两比较：在同一次运行中对前 {args.sample} 份报告逐对比较全部段落（精确 Jaccard），"
        f"每对 {per_pair * 1000:.2f} 毫秒，按 n(n-1)/2 对外推，并加上同样的其他检查用时。"
    )
    _, held_apart = split()
    print("逐句分类（标注语料留出部分，按报告划分）：")
    print("\n".join(evaluate(held_apart).lines()))


if __name__ == "__main__":
    main()

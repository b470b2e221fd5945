"""Benchmark: every report check, including cross-report copying, on a province's reports.

    ./dev bench report_checks [--quick]

Times all checks on 1,500 / 3,000 / 6,000 synthetic reports of about 5,000 characters
(``--quick``: 300 / 600 / 1,200) and, in the same run, a straightforward all-pairs copy
comparison (every passage of every pair of reports, exact shingle Jaccard) on a sample of
reports, extrapolated to the full number of pairs. Times are this process's CPU seconds
(``time.process_time``), so other work on a shared machine does not inflate them. Prints both and their ratio, and how many
planted near-copies the indexed method found. Ends with the sentence classifier's accuracy on
the held-apart reports of the labelled corpus (tests/reports/corpus/), which the shares of
uploaded reports rest on.
"""

from __future__ import annotations

import argparse
import itertools
import time

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


def run_indexed(texts: list[str]) -> tuple[float, list[set[str]]]:
    """All checks for every report against all others; returns seconds and copy sources found."""
    started = time.process_time()
    documents = [from_text(t) for t in texts]
    signatures = [Signature.of(d.text, SETTINGS) for d in documents]
    index = CopyIndex(SETTINGS)
    for number, signature in enumerate(signatures):
        index.add(str(number), f"报告{number}", signature)
    found: list[set[str]] = []
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
    return time.process_time() - started, found


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="300 / 600 / 1,200 reports")
    parser.add_argument("--sample", type=int, default=120, help="reports in the all-pairs sample")
    args = parser.parse_args()
    sizes = (300, 600, 1200) if args.quick else (1500, 3000, 6000)
    print(
        f"{'报告数':>6} {'平均字数':>8} {'全部检查(秒)':>12} {'每份(毫秒)':>10} {'两两比较外推(秒)':>16} {'倍数':>6} {'植入雷同找到':>12}"
    )
    sample_texts, _ = corpus(sizes[0])
    per_pair = all_pairs_seconds_per_pair(sample_texts, min(args.sample, sizes[0]))
    previous: float | None = None
    for size in sizes:
        texts, planted = corpus(size)
        seconds, found = run_indexed(texts)
        # The all-pairs method does the same non-copy checks; its copy step costs per pair.
        all_pairs = seconds + per_pair * size * (size - 1) / 2
        hits = _found(planted, found, texts)
        average = sum(len(t) for t in texts) / len(texts)
        growth = f"（×{seconds / previous:.2f}）" if previous else ""
        previous = seconds
        print(
            f"{size:>6} {average:>8.0f} {seconds:>12.1f} {seconds * 1000 / size:>10.2f} "
            f"{all_pairs:>16.0f} {all_pairs / seconds:>5.0f}× {hits:>5}/{len(planted):<5} {growth}"
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

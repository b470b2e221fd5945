"""Training and measuring the sentence classifier on the labelled corpus (numpy only).

    python -m shuzhi.reports.checks.training [CORPUS_DIR]

trains on the reports not held apart (``# held_apart: no``), writes ``sentence_model.tsv`` and
prints the figures on the held-apart reports. Multinomial logistic regression by AdaGrad; after
the first epochs the context (previous label, lead-in label) comes from the model's own
predictions, as it will when reading a new report, so one wrong label does not derail the rest.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from shuzhi.reports.checks.corpus import LABELS, LabelledReport, read_corpus
from shuzhi.reports.checks.model import Category
from shuzhi.reports.checks.sentences import (
    CLASSES,
    MODEL_FILE,
    Reader,
    ReadUnit,
    SentenceModel,
    choose,
    classify_units,
    features,
)
from shuzhi.reports.checks.text import counted_length

DEFAULT_CORPUS = Path(__file__).parents[4] / "tests" / "reports" / "corpus" / "reports"
# The three parts the proportions rule is about (causes go with problems, commitments with
# rectification); "other" is openings and closings.
GROUPS: dict[Category, str] = {
    Category.ACHIEVEMENTS: "成绩",
    Category.PROBLEMS: "问题及原因",
    Category.CAUSES: "问题及原因",
    Category.RECTIFICATION: "整改及承诺",
    Category.COMMITMENTS: "整改及承诺",
    Category.OTHER: "其他",
}
MEASURED = ("成绩", "问题及原因", "整改及承诺")


def gold_units(report: LabelledReport) -> Iterator[tuple[ReadUnit, Category | None, Reader]]:
    """The reader's units of the report beside the corpus labels (None for headings)."""
    reader = Reader(report.text)
    labels = iter(report.units)
    for unit in reader.walk():
        gold = next(labels)
        if gold.text != unit.passage.text or (gold.label == "H") != bool(unit.heading_level):
            raise ValueError(
                f"{report.name}: corpus unit {gold.text!r} read as {unit.passage.text!r}"
            )
        yield unit, LABELS[gold.label], reader


def train(
    reports: list[LabelledReport], epochs: int = 6, rate: float = 0.02, seed: int = 17
) -> SentenceModel:
    rng = random.Random(seed)
    index: dict[str, int] = {}
    for report in reports:
        for unit, gold, reader in gold_units(report):
            if gold is not None:
                for name in features(unit.passage.text, unit.context):
                    index.setdefault(name, len(index))
                reader.label(unit, gold)
    weights = np.zeros((len(index), len(CLASSES)))
    squares = np.full_like(weights, 1e-8)
    # The average of the weights after every report (as in the averaged perceptron) is far
    # steadier on unseen wording than the last weights.
    total = np.zeros_like(weights)
    steps = 0
    order = list(reports)
    for epoch in range(epochs):
        rng.shuffle(order)
        for report in order:
            for unit, gold, reader in gold_units(report):
                if gold is None:
                    continue
                rows = [index[n] for n in features(unit.passage.text, unit.context) if n in index]
                scores = weights[rows].sum(axis=0)
                probabilities = np.exp(scores - scores.max())
                probabilities /= probabilities.sum()
                target = CLASSES.index(gold)
                gradient = probabilities
                gradient[target] -= 1.0
                squares[rows] += gradient**2
                weights[rows] -= rate * gradient / np.sqrt(squares[rows])
                predicted = choose(scores, unit.context, unit.passage.text)
                reader.label(unit, gold if epoch < 2 else predicted)
            total += weights
            steps += 1
    return SentenceModel(index, total / max(steps, 1))


@dataclass(frozen=True)
class Evaluation:
    units: int
    accuracy: float
    precision: dict[str, float]
    recall: dict[str, float]
    # Per report: the largest distance between a labelled and a predicted share (0–1).
    share_gaps: dict[str, float]

    def lines(self) -> list[str]:
        rows = [
            f"留出报告 {len(self.share_gaps)} 份，句子 {self.units} 句，准确率 {self.accuracy:.1%}"
        ]
        for group in MEASURED:
            rows.append(
                f"  {group}：精确率 {self.precision[group]:.1%}，召回率 {self.recall[group]:.1%}"
            )
        worst = max(self.share_gaps.items(), key=lambda item: item[1])
        rows.append(f"  各部分篇幅与标注相差最大 {worst[1]:.1%}（{worst[0]}）")
        return rows


def group_shares(pairs: Iterable[tuple[str, str]]) -> dict[str, float]:
    lengths = dict.fromkeys([*MEASURED, "其他"], 0)
    for group, text in pairs:
        lengths[group] += counted_length(text)
    total = sum(lengths.values()) or 1
    return {group: length / total for group, length in lengths.items()}


def evaluate(reports: Iterable[LabelledReport], model: SentenceModel | None = None) -> Evaluation:
    """Per-part precision and recall by unit, and share gaps per report, on ``reports``."""
    hits = dict.fromkeys(MEASURED, 0)
    predicted_count = dict.fromkeys(MEASURED, 0)
    gold_count = dict.fromkeys(MEASURED, 0)
    correct = total = 0
    gaps: dict[str, float] = {}
    for report in reports:
        golds = [u for u in report.units if u.label != "H"]
        found = [(p, c) for p, c in classify_units(report.text, model) if c is not None]
        if [p.text for p, _ in found] != [u.text for u in golds]:
            raise ValueError(f"{report.name}: units differ from the corpus")
        gold_shares = group_shares((GROUPS[LABELS[u.label]], u.text) for u in golds)  # type: ignore[index]
        our_shares = group_shares((GROUPS[c], p.text) for p, c in found)
        gaps[report.name] = max(abs(gold_shares[g] - our_shares[g]) for g in MEASURED)
        for unit, (_, category) in zip(golds, found, strict=True):
            gold = GROUPS[LABELS[unit.label]]  # type: ignore[index]
            ours = GROUPS[category]
            total += 1
            correct += gold == ours
            if gold in gold_count:
                gold_count[gold] += 1
            if ours in predicted_count:
                predicted_count[ours] += 1
                hits[ours] += gold == ours
    return Evaluation(
        total,
        correct / max(total, 1),
        {g: hits[g] / max(predicted_count[g], 1) for g in MEASURED},
        {g: hits[g] / max(gold_count[g], 1) for g in MEASURED},
        gaps,
    )


def split(directory: Path = DEFAULT_CORPUS) -> tuple[list[LabelledReport], list[LabelledReport]]:
    """The corpus as (training reports, held-apart reports): split by report, never by sentence."""
    reports = list(read_corpus(directory))
    return [r for r in reports if not r.held_apart], [r for r in reports if r.held_apart]


def main() -> None:
    directory = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CORPUS
    training, held_apart = split(directory)
    model = train(training)
    model.dump(MODEL_FILE)
    print(f"训练报告 {len(training)} 份，模型已写入 {MODEL_FILE.name}（{len(model.index)} 个特征）")
    print("\n".join(evaluate(held_apart, SentenceModel.load(MODEL_FILE)).lines()))


if __name__ == "__main__":
    main()

"""Training and measuring the sentence classifier on the labelled corpus (numpy only).

    python -m shuzhi.reports.checks.training [CORPUS_DIR] [--objections FILE.xlsx ...]

trains on the reports not held apart (``# held_apart: no``) and on the sentences reviewers
labelled in exported objection workbooks (checks/feedback.py), writes ``sentence_model.tsv``
and prints the figures on the held-apart reports. Multinomial logistic regression by AdaGrad; after
the first epochs the context (previous label, lead-in label) comes from the model's own
predictions, as it will when reading a new report, so one wrong label does not derail the rest.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from shuzhi.core.workbook import WorkbookInvalid
from shuzhi.reports.checks.corpus import LABELS, LabelledReport, read_corpus
from shuzhi.reports.checks.feedback import LabelledSentence, read_objections
from shuzhi.reports.checks.model import Category
from shuzhi.reports.checks.sentences import (
    CLASSES,
    MODEL_FILE,
    Context,
    Reader,
    ReadUnit,
    SentenceModel,
    choose,
    classify_units,
    features,
    heading_meaning,
    shipped_model,
)
from shuzhi.reports.checks.text import ENUMERATOR, counted_length

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


def sentence_context(sentence: LabelledSentence) -> Context:
    """The context a reviewer's labelled sentence is read in: the heading it stood under (if
    it names a part) and its place; no list lead-in or previous label is known."""
    return Context(
        heading_meaning(sentence.heading) if sentence.heading else None,
        None,
        None,
        sentence.position,
        bool(ENUMERATOR.match(sentence.text)),
    )


def train(
    reports: list[LabelledReport],
    epochs: int = 6,
    rate: float = 0.02,
    seed: int = 17,
    sentences: Sequence[LabelledSentence] = (),
) -> SentenceModel:
    """The model trained on the corpus reports and, if given, the sentences reviewers
    labelled from the secretaries' objections (feedback.read_objections)."""
    rng = random.Random(seed)
    index: dict[str, int] = {}
    for report in reports:
        for unit, gold, reader in gold_units(report):
            if gold is not None:
                for name in features(unit.passage.text, unit.context):
                    index.setdefault(name, len(index))
                reader.label(unit, gold)
    for sentence in sentences:
        for name in features(sentence.text, sentence_context(sentence)):
            index.setdefault(name, len(index))
    weights = np.zeros((len(index), len(CLASSES)))
    squares = np.full_like(weights, 1e-8)
    # The average of the weights after every report or sentence (as in the averaged perceptron) is far
    # steadier on unseen wording than the last weights.
    total = np.zeros_like(weights)
    steps = 0

    def learn(text: str, context: Context, gold: Category) -> np.ndarray:
        rows = [index[n] for n in features(text, context) if n in index]
        scores: np.ndarray = weights[rows].sum(axis=0)
        probabilities = np.exp(scores - scores.max())
        probabilities /= probabilities.sum()
        gradient = probabilities
        gradient[CLASSES.index(gold)] -= 1.0
        squares[rows] += gradient**2
        weights[rows] -= rate * gradient / np.sqrt(squares[rows])
        return scores

    order: list[LabelledReport | LabelledSentence] = [*reports, *sentences]
    for epoch in range(epochs):
        rng.shuffle(order)
        for item in order:
            if isinstance(item, LabelledSentence):
                learn(item.text, sentence_context(item), item.category)
            else:
                for unit, gold, reader in gold_units(item):
                    if gold is None:
                        continue
                    scores = learn(unit.passage.text, unit.context, gold)
                    predicted = choose(scores.tolist(), unit.context, unit.passage.text)
                    reader.label(unit, gold if epoch < 2 else predicted)
            total += weights
            steps += 1
    return SentenceModel(index, total / max(steps, 1))


def sentence_accuracy(
    sentences: Sequence[LabelledSentence], model: SentenceModel | None = None
) -> float:
    """The share of labelled sentences the model puts in their part, each read alone in its
    context (as ``train`` learns them)."""
    model = model or shipped_model()
    right = 0
    for sentence in sentences:
        context = sentence_context(sentence)
        scores = model.scores(features(sentence.text, context)).tolist()
        right += choose(scores, context, sentence.text) is sentence.category
    return right / max(len(sentences), 1)


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


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="训练逐句分类模型并在留出报告上测量")
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument(
        "--objections",
        type=Path,
        action="append",
        default=[],
        help="误判反馈工作簿（报告列表页导出、经审核标注）；可多次给出",
    )
    parser.add_argument("--output", type=Path, default=MODEL_FILE, help="模型文件")
    args = parser.parse_args(argv)
    training, held_apart = split(args.corpus)
    try:
        sentences = [s for path in args.objections for s in read_objections(path)]
    except WorkbookInvalid as invalid:
        raise SystemExit(f"误判反馈工作簿有误，未训练：\n{invalid}") from None
    model = train(training, sentences=sentences)
    model.dump(args.output)
    print(
        f"训练报告 {len(training)} 份、误判反馈句子 {len(sentences)} 句，"
        f"模型已写入 {args.output.name}（{len(model.index)} 个特征）"
    )
    trained = SentenceModel.load(args.output)
    print("\n".join(evaluate(held_apart, trained).lines()))
    if sentences:
        print(f"误判反馈句子按新模型归入应属部分：{sentence_accuracy(sentences, trained):.1%}")


if __name__ == "__main__":
    main()

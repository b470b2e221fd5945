"""The Decimal reference path: one reporter's source subtotals, composite and breakdown.

Written for reading, not for speed; the fixed-point path (``fast``) must give the same
composites, and the breakdown shown to users comes from here. Rules: docs/scoring.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Context, Decimal

from .rules import IndicatorTree
from .types import (
    HUNDRED,
    ZERO,
    Contribution,
    ReporterInput,
    RoundRules,
    ScoreSource,
    source_label,
)

#: Enough digits that no quotient the engine forms is rounded before it is quantized.
CONTEXT = Context(prec=60)
#: Decimals kept on a breakdown line whose exact value would not terminate.
LINE_PLACES = Decimal("1E-10")


@dataclass(frozen=True)
class ReporterScore:
    composite: Decimal
    subtotals: dict[str, Decimal]
    breakdown: tuple[Contribution, ...]


def rounded(value: Decimal, rules: RoundRules) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-rules.places), rounding=rules.rounding)


def mean(total: Decimal, count: int, rules: RoundRules) -> Decimal:
    """A mean over assessors or voters, rounded to the round's places."""
    return rounded(CONTEXT.divide(total, Decimal(count)), rules)


def indicator_points(
    rules: RoundRules, tree: IndicatorTree, reporter: ReporterInput, percent: Decimal
) -> tuple[Decimal, list[Contribution]]:
    """The indicator subtotal (sum of the roots' points) and its lines in composite points."""
    points: dict[str, Decimal] = {}
    lines: list[Contribution] = []
    share = percent / HUNDRED
    for code in tree.post_order:
        node = tree.nodes[code]
        kids = tree.children[code]
        if kids:
            value = sum((points[kid] for kid in kids), ZERO)
        else:
            scores = reporter.indicator_scores.get(code, ())
            average = mean(sum(scores, ZERO), len(scores), rules) if scores else ZERO
            value = node.sign * average * node.weight if scores else ZERO
            note = f"{node.name}（{node.kind.label}，{len(scores)} 名考核人平均）"
            if not scores:
                note = f"{node.name}（{node.kind.label}，未评分）"
            lines.append(
                Contribution("indicators", code, average, node.weight, value * share, note)
            )
        held = value
        if node.cap is not None and held > node.cap:
            held = node.cap
            note = f"{node.name}：{value.normalize():f} 超过上限 {node.cap}，按上限计"
        elif node.floor is not None and held < node.floor:
            held = node.floor
            note = f"{node.name}：{value.normalize():f} 低于下限 {node.floor}，按下限计"
        if held != value:
            lines.append(
                Contribution("indicators", f"cap:{code}", value, None, (held - value) * share, note)
            )
        points[code] = held
    return sum((points[root] for root in tree.roots), ZERO), lines


def onsite_points(
    rules: RoundRules, reporter: ReporterInput, percent: Decimal
) -> tuple[Decimal, list[Contribution]]:
    """The on-site score: each category's mean grade points, weighted over the categories that
    voted, rounded; lines per category plus the rounding."""
    category_scores: dict[str, tuple[Decimal, int]] = {}
    for category, counts in reporter.onsite.items():
        votes = sum(counts.values())
        if votes:
            total = sum(
                (rules.grade_points[grade] * count for grade, count in counts.items()), ZERO
            )
            category_scores[category] = (mean(total, votes, rules), votes)
    weight_sum = sum((rules.voter_weights[c] for c in category_scores), ZERO)
    if not weight_sum:
        return ZERO, []
    weighted = sum((rules.voter_weights[c] * s for c, (s, _) in category_scores.items()), ZERO)
    score = rounded(CONTEXT.divide(weighted, weight_sum), rules)
    share = percent / HUNDRED
    lines = []
    for category, (category_score, votes) in category_scores.items():
        weight = rules.voter_weights[category]
        exact = CONTEXT.divide(weight * category_score * share, weight_sum)
        lines.append(
            Contribution(
                "onsite",
                category,
                category_score,
                weight,
                exact.quantize(LINE_PLACES),
                f"{votes} 票",
            )
        )
    rest = score * share - sum((line.points for line in lines), ZERO)
    if rest:
        lines.append(Contribution("onsite", "rounding", None, None, rest, "现场测评得分舍入"))
    return score, lines


def score_reporter(
    rules: RoundRules, tree: IndicatorTree, reporter: ReporterInput
) -> ReporterScore:
    """Subtotal of every source, the composite rounded once, and lines that add up to it."""
    subtotals: dict[str, Decimal] = {}
    lines: list[Contribution] = []
    exact = ZERO
    for source, percent in rules.weights.items():
        if source == ScoreSource.INDICATORS:
            subtotal, source_lines = indicator_points(rules, tree, reporter, percent)
        elif source == ScoreSource.ONSITE:
            subtotal, source_lines = onsite_points(rules, reporter, percent)
        else:
            entered = _entered(reporter, source)
            subtotal = entered if entered is not None else ZERO
            note = (
                source_label(source)
                if entered is not None
                else f"{source_label(source)}（未录入，按 0 计）"
            )
            source_lines = [
                Contribution(source, source, subtotal, percent, subtotal * percent / HUNDRED, note)
            ]
        subtotals[source] = subtotal
        exact += subtotal * percent / HUNDRED
        if percent:
            lines.extend(source_lines)
    composite = rounded(exact, rules)
    if composite != exact:
        lines.append(
            Contribution(
                "composite",
                "rounding",
                exact,
                None,
                composite - exact,
                f"总分保留 {rules.places} 位小数",
            )
        )
    return ReporterScore(composite, subtotals, tuple(lines))


def _entered(reporter: ReporterInput, source: str) -> Decimal | None:
    if source == ScoreSource.SUPERIOR:
        return reporter.superior
    if source == ScoreSource.RECORDS:
        return reporter.records
    return reporter.levels.get(source.removeprefix("level:"))

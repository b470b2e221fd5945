"""Each problem has a matching measure (问题↔整改): the problems and the measures are split
into items and each problem is paired with the measure that shares most of its distinctive
wording, shown side by side. 000: 措施具体 — a measure answers a problem named in the report."""

from __future__ import annotations

from shuzhi.reports.checks.model import (
    SECTION_LABELS,
    Category,
    Finding,
    Passage,
    PassagePair,
    Status,
)
from shuzhi.reports.checks.responsiveness import content_bigrams
from shuzhi.reports.checks.sentences import is_lead_in
from shuzhi.reports.checks.settings import CheckSettings
from shuzhi.reports.checks.text import ENUMERATOR

# Bigrams every part of a report uses: sharing them says nothing about a pairing.
_COMMON_WORDS = (
    "党员 党建 支部 组织 工作 基层 党组 党委 全镇 全县 各村 开展 建立 存在 不够 加强 落实 "
    "进一步 问题 针对 情况 方面 管理 制度 每月 每季 季度 一次 个村 党组织 镇党 县委 书记 "
    "班子 成员 以上 以下 不足 推进 提高 全面 实行 实现 完成 年底 底前 明年"
)
COMMON = frozenset(_COMMON_WORDS.split())
_MEASURE_PART = (Category.RECTIFICATION, Category.COMMITMENTS)


def items(
    units: list[tuple[Passage, Category]], parts: tuple[Category, ...], text: str
) -> list[tuple[Passage, Category]]:
    """The items of some parts, each with the part of its first unit: a numbered unit starts
    an item and the unnumbered units after it belong to it; with no numbering each sentence
    is an item. Lead-ins are no items."""
    chosen = [(u, c) for u, c in units if c in parts and not is_lead_in(u.text)]
    numbered = any(ENUMERATOR.match(u.text) for u, _ in chosen)
    found: list[tuple[Passage, Category]] = []
    previous: Category | None = None
    for unit, category in chosen:
        # A cause after a problem starts the causes; a problem-like sentence after an item
        # read as a cause is its detail.
        starts_causes = category is Category.CAUSES and previous is Category.PROBLEMS
        previous = category
        if numbered and found and not ENUMERATOR.match(unit.text) and not starts_causes:
            last, kind = found[-1]
            found[-1] = (Passage(text[last.start : unit.end], last.start, unit.end), kind)
        else:
            found.append((unit, category))
    return found


def distinctive(text: str) -> set[str]:
    return {gram for gram in content_bigrams(text) - COMMON if not gram.isdigit()}


def check_pairing(
    units: list[tuple[Passage, Category]], text: str, settings: CheckSettings
) -> Finding:
    """Every problem item beside its best-matching measure, or marked as having none."""
    # Problems and causes are read together: "思想认识不到位" may be either, and a detail
    # sentence belongs to the item before it whatever its label. A cause item a measure
    # answers is shown with it; a cause with none is no fault.
    listed = items(units, (Category.PROBLEMS, Category.CAUSES), text)
    measures = [m for m, _ in items(units, _MEASURE_PART, text)]
    # Which measures use each bigram: a problem meets only the measures sharing its wording.
    using: dict[str, list[int]] = {}
    for number, measure in enumerate(measures):
        for gram in distinctive(measure.text):
            using.setdefault(gram, []).append(number)
    # Wording that many measures share tells none of them apart (and would make every
    # problem meet every measure).
    common = max(3, len(measures) // 3)
    using = {gram: numbers for gram, numbers in using.items() if len(numbers) <= common}
    pairs: list[PassagePair] = []
    unmatched = 0
    answered_causes = 0
    for problem, kind in listed:
        required = kind is Category.PROBLEMS
        wanted = distinctive(problem.text)
        shared_with: dict[int, int] = {}
        for gram in wanted & using.keys():
            for n in using[gram]:
                shared_with[n] = shared_with.get(n, 0) + 1
        # The first of the best, as the report orders its measures.
        top = max(shared_with.items(), key=lambda item: (item[1], -item[0]), default=None)
        best, shared = (measures[top[0]], top[1]) if top else (None, 0)
        ours = Passage(problem.text, problem.start, problem.end, SECTION_LABELS[Category.PROBLEMS])
        if best is not None and shared >= settings.min_pair_bigrams:
            theirs = Passage(
                best.text, best.start, best.end, SECTION_LABELS[Category.RECTIFICATION]
            )
            pairs.append(PassagePair(ours, theirs, "对应措施", shared / max(len(wanted), 1)))
            answered_causes += not required
        elif required:
            unmatched += 1
            pairs.append(
                PassagePair(ours, Passage("", note="未找到对应的整改措施"), "未找到对应措施", 0.0)
            )
    # A cause the report answers with a measure is treated by it as a problem (and the
    # classifier may have read a problem as a cause): it counts, paired.
    problems = sum(1 for _, kind in listed if kind is Category.PROBLEMS) + answered_causes
    if not problems:
        return Finding("pairing", "问题与措施对应", Status.WARN, "没有找到逐条列出的问题。")
    matched = problems - unmatched
    if unmatched == 0:
        status = Status.PASS
    elif matched * 2 >= problems:
        status = Status.WARN
    else:
        status = Status.FAIL
    message = f"问题（含已有措施的原因）{problems} 条，有对应整改措施的 {matched} 条"
    if unmatched:
        message += f"，{unmatched} 条没有对应的措施"
    return Finding(
        "pairing",
        "问题与措施对应",
        status,
        message + "。",
        pairs=tuple(pairs),
        figures={"problems": problems, "matched": matched, "measures": len(measures)},
    )

"""Each problem has a matching measure (问题↔整改): the problems and the measures are split
into items and each problem is paired with the measure that shares most of its distinctive
wording, shown side by side. 000: 措施具体 — a measure answers a problem named in the report."""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np

from shuzhi.reports.checks.model import (
    SECTION_LABELS,
    Category,
    Finding,
    Passage,
    PassagePair,
    Status,
)
from shuzhi.reports.checks.responsiveness import FILLER_GRAMS, content_bigrams, content_chars
from shuzhi.reports.checks.sentences import is_lead_in
from shuzhi.reports.checks.settings import CheckSettings
from shuzhi.reports.checks.text import ENUMERATOR, JOIN

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


def _gram_keys(grams: Iterable[str]) -> np.ndarray:
    return np.array(sorted((ord(g[0]) << 21) | ord(g[1]) for g in grams if len(g) == 2))


_NOT_DISTINCTIVE = _gram_keys(COMMON | FILLER_GRAMS)


def _among(values: np.ndarray, sorted_keys: np.ndarray) -> np.ndarray:
    """Whether each value is one of ``sorted_keys`` (cheaper than np.isin for a fixed set)."""
    at = np.searchsorted(sorted_keys, values).clip(max=len(sorted_keys) - 1)
    found: np.ndarray = sorted_keys[at] == values
    return found


def _firsts(ordered: np.ndarray) -> np.ndarray:
    """Where each run of equal values of a sorted array begins."""
    mask = np.ones(len(ordered), dtype=bool)
    mask[1:] = ordered[1:] != ordered[:-1]
    return mask


# What ``content_chars`` removes, except the join between texts (JOIN, "\0").
_NOT_CONTENT_BUT_JOIN = re.compile(r"[^\u4e00-\u9fa5A-Za-z0-9\0]+")


def _distinctive_keys(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """``distinctive`` of many texts at once, as (text number, bigram key) rows, each once.
    A report has a hundred items and thousands of bigrams: numpy does in one pass what a
    set per item did."""
    if any(JOIN in t for t in texts):
        joined = JOIN.join(content_chars(t) for t in texts)
    else:
        # Each text's content characters with one regex pass: the same removal, the joins kept.
        joined = _NOT_CONTENT_BUT_JOIN.sub("", JOIN.join(texts))
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    if len(codes) < 2:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    owner = np.cumsum(codes == 0)
    left, right = codes[:-1], codes[1:]
    digit = (left >= 48) & (left <= 57) & (right >= 48) & (right <= 57)
    keys = (left << 21) | right
    keep = (left != 0) & (right != 0) & ~digit & ~_among(keys, _NOT_DISTINCTIVE)
    rows = np.sort((owner[:-1][keep] << 42) | keys[keep])
    # Each bigram once per text (np.unique costs four times a sort on arrays this short).
    rows = rows[_firsts(rows)]
    return rows >> 42, rows & ((1 << 42) - 1)


def shared_bigrams(
    problems: list[str], measures: list[str], common: int
) -> tuple[np.ndarray, np.ndarray]:
    """How many distinctive bigrams each problem shares with each measure, leaving out those
    more than ``common`` measures use (they tell none apart), and each problem's count of
    distinctive bigrams."""
    owners, keys = _distinctive_keys(problems + measures)
    mine = owners < len(problems)
    problem_of, problem_keys = owners[mine], keys[mine]
    measure_of, measure_keys = owners[~mine] - len(problems), keys[~mine]
    order = np.argsort(measure_keys, kind="stable")
    measure_of, measure_keys = measure_of[order], measure_keys[order]
    # How many measures use each bigram (each measure's bigrams are unique): run lengths.
    starts = np.flatnonzero(_firsts(measure_keys))
    runs = np.diff(np.append(starts, len(measure_keys)))
    telling = np.repeat(runs, runs) <= common
    measure_of, measure_keys = measure_of[telling], measure_keys[telling]
    # Each (problem, measure) pair once per bigram they share: a sparse join on the key
    # (a dense product would cost a matrix of the whole vocabulary).
    first = np.searchsorted(measure_keys, problem_keys, side="left")
    count = np.searchsorted(measure_keys, problem_keys, side="right") - first
    rows = np.repeat(problem_of, count)
    offsets = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
    columns = measure_of[np.repeat(first, count) + offsets]
    size = len(problems) * len(measures)
    shared = np.bincount(rows * len(measures) + columns, minlength=size)
    return (
        shared.reshape(len(problems), len(measures)),
        np.bincount(problem_of, minlength=len(problems)),
    )


def check_pairing(
    units: list[tuple[Passage, Category]], text: str, settings: CheckSettings
) -> Finding:
    """Every problem item beside its best-matching measure, or marked as having none."""
    # Problems and causes are read together: "思想认识不到位" may be either, and a detail
    # sentence belongs to the item before it whatever its label. A cause item a measure
    # answers is shown with it; a cause with none is no fault.
    listed = items(units, (Category.PROBLEMS, Category.CAUSES), text)
    measures = [m for m, _ in items(units, _MEASURE_PART, text)]
    # Wording that many measures share tells none of them apart (and would make every
    # problem meet every measure).
    common = max(3, len(measures) // 3)
    shared_with, wanted = shared_bigrams(
        [p.text for p, _ in listed], [m.text for m in measures], common
    )
    pairs: list[PassagePair] = []
    unmatched = 0
    answered_causes = 0
    for number, (problem, kind) in enumerate(listed):
        required = kind is Category.PROBLEMS
        # The first of the best, as the report orders its measures.
        best, shared = None, 0
        if measures:
            top = int(shared_with[number].argmax())
            best, shared = measures[top], int(shared_with[number, top])
        ours = Passage(problem.text, problem.start, problem.end, SECTION_LABELS[Category.PROBLEMS])
        if best is not None and shared and shared >= settings.min_pair_bigrams:
            theirs = Passage(
                best.text, best.start, best.end, SECTION_LABELS[Category.RECTIFICATION]
            )
            pairs.append(
                PassagePair(ours, theirs, "对应措施", shared / max(int(wanted[number]), 1))
            )
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

"""Which part of the report each sentence belongs to, read in context.

A linear model over character uni- and bigrams of the unit (a sentence, a semicolon clause, a
list lead-in) plus its context: the meaning of the heading it stands under (only headings that
name a part count: slogans such as 强引领 or 三个坚持 set nothing), the label of a lead-in whose
numbered list it belongs to ("产生上述问题的原因：一是……"), the previous unit's label and the
place in the report. Weights are trained on the labelled corpus (tests/reports/corpus/,
``python -m shuzhi.reports.checks.training``) and shipped as ``sentence_model.tsv``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from shuzhi.reports.checks.model import Category, Passage
from shuzhi.reports.checks.text import ENUMERATOR, is_heading, paragraphs, units

MODEL_FILE = Path(__file__).with_name("sentence_model.tsv")
CLASSES: tuple[Category, ...] = (
    Category.ACHIEVEMENTS,
    Category.PROBLEMS,
    Category.CAUSES,
    Category.RECTIFICATION,
    Category.COMMITMENTS,
    Category.OTHER,
)
# Words that make a heading name a part. Narrower than the sentence cues on purpose: 坚持,
# 强化, 落实 open slogans as often as measures, so a heading with only those says nothing.
HEADING_WORDS: tuple[tuple[Category, tuple[str, ...]], ...] = (
    (Category.CAUSES, ("原因", "剖析", "根源")),
    (Category.PROBLEMS, ("问题", "不足", "差距", "短板", "查摆")),
    (Category.COMMITMENTS, ("承诺",)),
    (Category.RECTIFICATION, ("措施", "打算", "思路", "下一步", "下步", "整改", "努力方向")),
    (
        Category.ACHIEVEMENTS,
        ("成绩", "成效", "工作情况", "责任情况", "职责情况", "做法", "履职", "建设情况"),
    ),
)
# Cue words, by what they suggest. They carry what the character n-grams of a small corpus
# cannot: tense and aspect (已/全年 for work done, 将/底前/明年 for work planned), the language
# of shortcomings and of cause analysis, and the report's formulas.
LEXICON: dict[str, tuple[str, ...]] = {
    "done": (
        "全年",
        "今年",
        "一年来",
        "已",
        "了",
        "共",
        "累计",
        "达到",
        "实现",
        "建成",
        "获评",
        "荣获",
        "取得",
        "下降",
        "提高到",
        "增收",
        "覆盖",
        "人次",
        "投用",
        "办结",
        "签订",
    ),
    "past": ("去年", "上年度", "上一年", "反馈的", "指出的", "已整改", "整改到位", "销号率"),
    "short": (
        "不够",
        "不足",
        "不强",
        "不高",
        "不到位",
        "不严",
        "不全",
        "不及时",
        "不平衡",
        "滞后",
        "薄弱",
        "流于形式",
        "走过场",
        "较低",
        "老化",
        "单一",
        "欠缺",
        "缺乏",
        "没有",
        "未能",
        "只有",
        "只召开",
        "仅",
        "偏",
        "问题",
        "差距",
        "现象",
        "淡薄",
        "不稳定",
        "不规范",
        "不突出",
        "不多",
        "不少",
        "较大",
        "未参加",
        "超期",
        "不如",
        "不明显",
        "弱化",
        "虚化",
        "不实",
    ),
    "cause": (
        "原因",
        "根源",
        "究其",
        "主观",
        "客观",
        "意识",
        "认识",
        "思想",
        "作风",
        "失之于",
        "重经济",
        "习惯于",
        "畏难",
        "办法",
        "导致",
        "由于",
        "受",
        "有限",
        "繁重",
        "距离远",
        "素质",
        "身兼数职",
        "疲于",
        "编制",
        "外出务工",
        "重业务",
        "轻党建",
        "根子",
    ),
    "plan": (
        "将",
        "下一步",
        "下步",
        "明年",
        "底前",
        "每季度",
        "每月",
        "逐一",
        "建立",
        "完善",
        "健全",
        "推行",
        "实行",
        "针对",
        "限期",
        "按程序",
        "不少于",
        "至少",
        "要",
        "着力",
        "力争",
        "确保",
        "计划",
        "拟",
        "争取",
        "今后",
        "切实",
        "进一步",
    ),
    "promise": ("承诺", "保证", "确保", "力争", "年内", "不达标不销号", "监督", "郑重"),
    "formula": (
        "报告如下",
        "述职如下",
        "现将",
        "向组织报告",
        "进行述职",
        "作如下述职",
        "请予",
        "评议",
        "批评指正",
        "谢谢",
        "完毕",
        "审议",
    ),
}
ORDER = {
    Category.ACHIEVEMENTS: 0,
    Category.PROBLEMS: 1,
    Category.CAUSES: 2,
    Category.RECTIFICATION: 3,
    Category.COMMITMENTS: 4,
}
_DIGITS = re.compile(r"\d+(?:\.\d+)?")


def heading_meaning(text: str) -> Category | None:
    """The part a heading names, or None for a slogan (强引领、立心、三个坚持…)."""
    for category, words in HEADING_WORDS:
        if any(word in text for word in words):
            return category
    return None


def is_lead_in(text: str) -> bool:
    return text.endswith(("：", ":"))


@dataclass(frozen=True)
class Context:
    heading: Category | None
    lead: Category | None
    previous: Category | None
    position: float
    enumerated: bool
    # The latest part (in the usual order 成绩→问题→原因→整改→承诺) reached so far.
    furthest: Category | None = None
    # Units read as problems or causes so far.
    problems_seen: int = 0


def features(text: str, context: Context) -> list[str]:
    """The unit's feature names (character n-grams with digits folded, and its context)."""
    body = _DIGITS.sub("0", text)
    mark = ENUMERATOR.match(body)
    if mark:
        body = body[mark.end() :]
    found = [f"u{c}" for c in body]
    found += [f"b{body[i : i + 2]}" for i in range(len(body) - 1)]
    found += [
        "bias",
        f"s{body[:2]}",
        f"h{context.heading or '-'}",
        f"p{context.previous or '-'}",
        f"pos{min(int(context.position * 10), 9)}",
        f"f{context.furthest or '-'}",
    ]
    for kind, words in LEXICON.items():
        count = sum(1 for word in words if word in body)
        if count:
            found.append(f"k{kind}")
            # Under a heading that names its part, cue words weigh differently (认识 in a
            # measure under 下一步措施 is not a cause).
            found.append(f"k{kind}h{context.heading or '-'}")
            if is_lead_in(text):
                found.append(f"colon{kind}")
            if count > 1:
                found.append(f"k{kind}+")
    if context.lead is not None:
        found.append(f"l{context.lead}")
        found.append(f"l{context.lead}h{context.heading or '-'}")
    if context.enumerated:
        found.append("enum")
    if is_lead_in(text):
        found.append("colon")
    return found


class SentenceModel:
    """Linear scores per class; the highest wins."""

    def __init__(self, index: dict[str, int], weights: np.ndarray) -> None:
        self.index = index
        self.weights = weights

    def scores(self, names: list[str]) -> np.ndarray:
        rows = [i for name in names if (i := self.index.get(name)) is not None]
        return self.weights[rows].sum(axis=0)

    def predict(self, names: list[str], context: Context, text: str = "") -> Category:
        return choose(self.scores(names), context, text)

    def dump(self, path: Path) -> None:
        lines = [
            name + "\t" + " ".join(f"{w:.3f}" for w in self.weights[i])
            for name, i in sorted(self.index.items())
            if np.abs(self.weights[i]).max() >= 0.0005
        ]
        header = "# feature\t" + " ".join(c.value for c in CLASSES)
        path.write_text(header + "\n" + "\n".join(lines) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> SentenceModel:
        index: dict[str, int] = {}
        rows: list[list[float]] = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("#") or not line:
                continue
            name, _, values = line.rpartition("\t")
            index[name] = len(rows)
            rows.append([float(v) for v in values.split()])
        return cls(index, np.array(rows, dtype=np.float64).reshape(-1, len(CLASSES)))


_ACHIEVEMENTS = CLASSES.index(Category.ACHIEVEMENTS)
_NOT_A_CONTEXT = (Category.ACHIEVEMENTS, Category.OTHER)
_PROBLEM_HALF = {Category.PROBLEMS, Category.CAUSES}
_MEASURE_HALF = {Category.RECTIFICATION, Category.COMMITMENTS}
_HALVES = {
    Category.PROBLEMS: _PROBLEM_HALF,
    Category.CAUSES: _PROBLEM_HALF,
    Category.RECTIFICATION: _MEASURE_HALF,
    Category.COMMITMENTS: _MEASURE_HALF,
}


# A unit that opens with these words analyses causes, whatever came before it.
CAUSE_OPENER = re.compile(
    r"^(?:究其原因|分析原因|原因是|原因在于|根源在于|深层次原因|从主观上看|从客观上看"
    r"|产生(?:上述|以上|这些)?问题的(?:主要)?原因)"
)


def choose(scores: np.ndarray, context: Context, text: str = "") -> Category:
    """The best-scoring part within what the context allows. A heading that names a part
    keeps its text in that half of the report (problems and causes, or measures and
    commitments); under a heading, or in a list whose lead-in, names another part there is
    no 成绩, however much a sentence reads like one ("全年只召开了2次支部党员大会"); and with
    only slogan headings, a report that has gone through its problems does not go back to
    its achievements. An achievements heading allows everything: problems are often written
    under it after a lead-in ("总之……仍然存在着不少问题……")."""
    allowed = set(CLASSES)
    if context.heading in _HALVES:
        allowed = _HALVES[context.heading] | {Category.OTHER}
    named = [c for c in (context.heading, context.lead) if c is not None]
    past_problems = context.problems_seen >= 2 and context.heading is None
    if past_problems or any(c not in _NOT_A_CONTEXT for c in named):
        allowed.discard(Category.ACHIEVEMENTS)
    if Category.CAUSES in allowed and CAUSE_OPENER.match(text):
        return Category.CAUSES
    masked = np.where([c in allowed for c in CLASSES], scores, -np.inf)
    return CLASSES[int(np.argmax(masked))]


@cache
def shipped_model() -> SentenceModel:
    return SentenceModel.load(MODEL_FILE)


@dataclass(frozen=True)
class ReadUnit:
    """A unit of the report with what the reader knows when it reaches it."""

    passage: Passage
    heading_level: int  # 1 or 2 for a heading line, else 0
    context: Context


class Reader:
    """Walks a report unit by unit, keeping the heading and lead-in context; the caller gives
    each body unit its label (predicted, or from the corpus when training)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.size = max(len(text), 1)
        self.top: Category | None = None
        self.sub: Category | None = None
        self.lead: Category | None = None
        self.previous: Category | None = None
        self.furthest: Category | None = None
        self.problems_seen = 0
        # Whether the unit just labelled was a lead-in (its list may start on the next line).
        self._lead_line = False

    def walk(self) -> Iterator[ReadUnit]:
        for line in paragraphs(self.text):
            level = is_heading(line.text)
            if level:
                meaning = heading_meaning(line.text)
                if level == 1:
                    self.top, self.sub = meaning, None
                else:
                    self.sub = meaning
                self.lead = None
                yield ReadUnit(line, level, self._context(line, False))
                continue
            for n, unit in enumerate(units(line.text, line.start)):
                enumerated = bool(ENUMERATOR.match(unit.text))
                if n == 0 and not enumerated and self.lead is not None and not self._lead_line:
                    # A paragraph that does not go on with the list ends the lead-in's reach.
                    self.lead = None
                self._lead_line = False
                yield ReadUnit(unit, 0, self._context(unit, enumerated))

    def _context(self, unit: Passage, enumerated: bool) -> Context:
        return Context(
            self.sub or self.top,
            self.lead,
            self.previous,
            unit.start / self.size,
            enumerated,
            self.furthest,
            self.problems_seen,
        )

    def label(self, unit: ReadUnit, category: Category) -> None:
        """Record the label of a body unit: it becomes context for the next ones."""
        self.previous = category
        if category in (Category.PROBLEMS, Category.CAUSES):
            self.problems_seen += 1
        if category in ORDER and (self.furthest is None or ORDER[category] > ORDER[self.furthest]):
            self.furthest = category
        if is_lead_in(unit.passage.text):
            self.lead = category
            self._lead_line = True


def classify_units(
    text: str, model: SentenceModel | None = None
) -> list[tuple[Passage, Category | None]]:
    """Each unit of ``text`` with its part; headings get None (they count for nothing)."""
    model = model or shipped_model()
    reader = Reader(text)
    found: list[tuple[Passage, Category | None]] = []
    for unit in reader.walk():
        if unit.heading_level:
            found.append((unit.passage, None))
            continue
        text = unit.passage.text
        category = model.predict(features(text, unit.context), unit.context, text)
        reader.label(unit, category)
        found.append((unit.passage, category))
    return found

"""Which part of the report each sentence belongs to, read in context.

A linear model over the character bigrams of the unit (a sentence, a semicolon clause, a
list lead-in) plus its context: the meaning of the heading it stands under (only headings that
name a part count: slogans such as 强引领 or 三个坚持 set nothing), the label of a lead-in whose
numbered list it belongs to ("产生上述问题的原因：一是……"), the previous unit's label and the
place in the report. Weights are trained on the labelled corpus (tests/reports/corpus/,
``python -m shuzhi.reports.checks.training``) and shipped as ``sentence_model.tsv``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import NamedTuple

import numpy as np

from shuzhi.reports.checks.cues import (
    CAUSE_LEAD_IN,
    CAUSE_OPENER,
    HEADING_WORDS,
    LEXICON,
    MEASURE_LEAD_IN,
    PROBLEM_LEAD_IN,
)
from shuzhi.reports.checks.model import Category, Passage, ReportDocument, Span
from shuzhi.reports.checks.text import (
    ENUMERATOR,
    JOIN,
    found_per_piece,
    is_heading,
    or_join,
    paragraphs,
    units,
    uploaded_text,
)

MODEL_FILE = Path(__file__).with_name("sentence_model.tsv")
CLASSES: tuple[Category, ...] = (
    Category.ACHIEVEMENTS,
    Category.PROBLEMS,
    Category.CAUSES,
    Category.RECTIFICATION,
    Category.COMMITMENTS,
    Category.OTHER,
)
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


class Context(NamedTuple):
    heading: Category | None
    lead: Category | None
    previous: Category | None
    position: float
    enumerated: bool
    # The latest part (in the usual order 成绩→问题→原因→整改→承诺) reached so far.
    furthest: Category | None = None
    # Units read as problems or causes so far.
    problems_seen: int = 0


_WORD_KINDS: dict[str, tuple[str, ...]] = {}
for _kind, _words in LEXICON.items():
    for _word in _words:
        _WORD_KINDS[_word] = (*_WORD_KINDS.get(_word, ()), _kind)
# One pass over a unit finds every cue word (longest first, so 不少于 is not 不少).
_CUE = re.compile("|".join(sorted(map(re.escape, _WORD_KINDS), key=len, reverse=True)))


# Not frozen: a report makes 150 of these, and a frozen dataclass's __init__ costs several
# times a plain one (nothing changes one once made; its list made it unhashable anyway).
@dataclass(slots=True)
class TextFeatures:
    """What a unit's own words give: n-grams and marks, and the cue-word kinds found."""

    body: str  # digits folded, item mark removed: its characters and bigrams are features
    names: list[str]  # the other features of the unit's own text
    kinds: tuple[str, ...]
    lead_in: bool

    def grams(self) -> list[str]:
        # Bigrams only: single characters added nothing on the held-apart reports.
        body = self.body
        return ["b" + body[i : i + 2] for i in range(len(body) - 1)]


def text_features(text: str) -> TextFeatures:
    body = _DIGITS.sub("0", text)
    mark = ENUMERATOR.match(body)
    if mark:
        body = body[mark.end() :]
    lead_in = is_lead_in(text)
    named, kinds = _cue_names(_CUE.findall(body), lead_in, mark is not None)
    return TextFeatures(body, ["bias", "s" + body[:2], *named], kinds, lead_in)


# The cue words with the join as an alternative of its own (checks/text.py): no cue word
# contains a join or starts with one.
_CUE_OR_JOIN = or_join(_CUE.pattern)


def many_text_features(texts: list[str]) -> list[TextFeatures]:
    """``text_features`` of every text, with one regex pass over all of them for the digits
    and one for the cue words instead of two per unit (a report has 150 units). Neither
    pattern looks around it nor can match the joining character, so a match never crosses a
    join and each text's matches are those it has alone (tests/reports/test_fast_paths.py)."""
    if not texts or any(JOIN in t for t in texts):
        return [text_features(t) for t in texts]
    folded = _DIGITS.sub("0", JOIN.join(texts)).split(JOIN)
    bodies: list[str] = []
    marked: list[bool] = []
    for body in folded:
        mark = ENUMERATOR.match(body)
        bodies.append(body[mark.end() :] if mark else body)
        marked.append(mark is not None)
    # The cue words of each body, in the order a findall on the body alone gives them.
    # The joining character is an alternative of its own (no cue word starts with it), so
    # the words found come with a marker where each text ends.
    words = found_per_piece(_CUE_OR_JOIN.findall(JOIN.join(bodies)))
    found = []
    for text, body, mark_found, cues in zip(texts, bodies, marked, words, strict=True):
        lead_in = is_lead_in(text)
        key = (tuple(cues), lead_in, mark_found)
        named = _NAMED.get(key)
        if named is None:
            named = _cue_names(cues, lead_in, mark_found)
            if len(_NAMED) > _NAMED_MAX:
                _NAMED.clear()
            _NAMED[key] = named
        found.append(TextFeatures(body, ["bias", "s" + body[:2], *named[0]], named[1], lead_in))
    return found


# The names and kinds the cue words of a unit give, by its cue words (in order), whether it
# is a lead-in and whether it has an item mark: units repeat these, so each is worked out once.
_NAMED: dict[tuple[tuple[str, ...], bool, bool], tuple[tuple[str, ...], tuple[str, ...]]] = {}
_NAMED_MAX = 50_000


def _cue_names(
    cues: list[str], lead_in: bool, mark_found: bool
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What ``text_features`` appends after "bias" and the start, and the kinds it records."""
    names: list[str] = []
    counts: dict[str, int] = {}
    # The same set, filled in the same order, as text_features builds: it is iterated, and a
    # set's order follows the order its members came in.
    for word in set(cues):
        for kind in _WORD_KINDS[word]:
            counts[kind] = counts.get(kind, 0) + 1
    for kind, count in counts.items():
        names.append("k" + kind)
        if lead_in:
            names.append("colon" + kind)
        if count > 1:
            names.append(f"k{kind}+")
    if mark_found:
        names.append("enum")
    if lead_in:
        names.append("colon")
    return tuple(names), tuple(counts)


def context_features(own: TextFeatures, context: Context) -> list[str]:
    # SentenceModel.context_scores caches these by exactly the fields read here: a new one
    # read here must join its key.
    heading = context.heading or "-"
    names = [
        f"h{heading}",
        f"p{context.previous or '-'}",
        f"pos{min(int(context.position * 10), 9)}",
        f"f{context.furthest or '-'}",
    ]
    # Under a heading that names its part, cue words weigh differently (认识 in a measure
    # under 下一步措施 is not a cause).
    names += [f"k{kind}h{heading}" for kind in own.kinds]
    if context.lead is not None:
        names += [f"l{context.lead}", f"l{context.lead}h{heading}"]
    return names


def features(text: str, context: Context) -> list[str]:
    """All feature names of a unit in its context (as the model is trained on them)."""
    own = text_features(text)
    return own.grams() + own.names + context_features(own, context)


class SentenceModel:
    """Linear scores per class; the highest wins."""

    def __init__(self, index: dict[str, int], weights: np.ndarray) -> None:
        self.index = index
        self.weights = weights
        self._bigrams: tuple[np.ndarray, np.ndarray, int] | None = None
        self._rows: list[list[float]] | None = None
        self._contexts: dict[tuple[object, ...], list[float]] = {}

    def scores(self, names: list[str]) -> np.ndarray:
        rows = [i for name in names if (i := self.index.get(name)) is not None]
        total: np.ndarray = self.weights[rows].sum(axis=0)
        return total

    def add_scores(self, base: list[float], names: list[str]) -> list[float]:
        """``base`` plus the weights of ``names``, in plain Python: a unit's few context
        features cost less this way than a numpy call."""
        if self._rows is None:
            self._rows = self.weights.tolist()
        rows, get = self._rows, self.index.get
        found = [rows[i] for name in names if (i := get(name)) is not None]
        return [sum(column) for column in zip(base, *found, strict=True)]

    def context_scores(self, own: TextFeatures, context: Context) -> list[float]:
        """The weights of a unit's context features, summed. Contexts repeat (a few headings,
        labels and tenths of the report), so each distinct one is summed once per model."""
        key = (
            own.kinds,
            context.heading,
            context.lead,
            context.previous,
            min(int(context.position * 10), 9),
            context.furthest,
        )
        found = self._contexts.get(key)
        if found is None:
            found = self.add_scores([0.0] * len(CLASSES), context_features(own, context))
            self._contexts[key] = found
        return found

    def batch_scores(self, units: list[TextFeatures]) -> np.ndarray:
        """The own-text part of many units' scores at once. Character and bigram features
        are looked up as integer keys in numpy (a report has thousands of them); the few
        other features by name."""
        if not units:
            return np.zeros((0, len(CLASSES)))
        char_ids, table, width = self._bigram_table()
        joined = "\0".join(u.body for u in units)
        codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
        lengths = np.array([len(u.body) + 1 for u in units])
        owner = np.repeat(np.arange(len(units)), lengths)[: len(codes)]
        single = codes != 0
        pair = single[:-1] & single[1:]
        # Each bigram's row by two table look-ups (its characters' numbers, then the pair's
        # row), not a binary search per bigram.
        ids = char_ids[np.minimum(codes, len(char_ids) - 1)]
        found = table[ids[:-1][pair] * width + ids[1:][pair]]
        owners = owner[:-1][pair]
        hit = found >= 0
        named = [
            (n, i)
            for n, u in enumerate(units)
            for name in u.names
            if (i := self.index.get(name)) is not None
        ]
        owners = np.concatenate([owners[hit], np.array([n for n, _ in named], dtype=np.int64)])
        rows = np.concatenate([found[hit], np.array([i for _, i in named], dtype=np.int64)])
        # One bincount over (unit, class) cells sums every feature's weights (np.add.at and a
        # bincount per class cost several times more).
        classes = len(CLASSES)
        cells = (owners[:, None] * classes + np.arange(classes)[None, :]).ravel()
        summed = np.bincount(
            cells, weights=self.weights[rows].ravel(), minlength=len(units) * classes
        )
        scores: np.ndarray = summed.reshape(len(units), classes)
        return scores

    def _bigram_table(self) -> tuple[np.ndarray, np.ndarray, int]:
        """The bigram features as a table: a number for each character some bigram has (0
        for any other; the last entry stands for every code above them), and the row of
        each pair of numbers (−1 where the model has no such bigram). The same rows as the
        model's index gives for the bigrams' names (tests/reports/test_fast_paths.py)."""
        if self._bigrams is None:
            grams = [
                (name[1], name[2], i)
                for name, i in self.index.items()
                if name[0] == "b" and len(name) == 3
            ]
            chars = sorted({c for left, right, _ in grams for c in (left, right)})
            char_ids = np.zeros(max((ord(c) for c in chars), default=0) + 2, dtype=np.int64)
            for number, char in enumerate(chars, 1):
                char_ids[ord(char)] = number
            width = len(chars) + 1
            table = np.full(width * width, -1, dtype=np.int64)
            for left, right, i in grams:
                table[char_ids[ord(left)] * width + char_ids[ord(right)]] = i
            self._bigrams = (char_ids, table, width)
        return self._bigrams

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


_NOT_A_CONTEXT = (Category.ACHIEVEMENTS, Category.OTHER)
_PROBLEM_HALF = {Category.PROBLEMS, Category.CAUSES}
_MEASURE_HALF = {Category.RECTIFICATION, Category.COMMITMENTS}
_HALVES = {
    Category.PROBLEMS: _PROBLEM_HALF,
    Category.CAUSES: _PROBLEM_HALF,
    Category.RECTIFICATION: _MEASURE_HALF,
    Category.COMMITMENTS: _MEASURE_HALF,
}


def choose(scores: Sequence[float], context: Context, text: str = "") -> Category:
    """The best-scoring part within what the context allows. A heading that names a part
    keeps its text in that half of the report (problems and causes, or measures and
    commitments); under a heading, or in a list whose lead-in, names another part there is
    no 成绩, however much a sentence reads like one ("全年只召开了2次支部党员大会"); and with
    only slogan headings, a report that has gone through its problems does not go back to
    its achievements. An achievements heading allows everything: problems are often written
    under it after a lead-in ("总之……仍然存在着不少问题……")."""
    past_problems = context.problems_seen >= 2 and context.heading is None
    if context.heading not in _MEASURE_HALF:
        lead_in = is_lead_in(text)
        if CAUSE_OPENER.match(text) or (lead_in and CAUSE_LEAD_IN.search(text)):
            return Category.CAUSES
        if lead_in and PROBLEM_LEAD_IN.search(text) and not MEASURE_LEAD_IN.search(text):
            return Category.PROBLEMS
    allowed = _allowed(context.heading, context.lead, past_problems)
    return CLASSES[max(allowed, key=scores.__getitem__)]


@cache
def _allowed(
    heading: Category | None, lead: Category | None, past_problems: bool
) -> tuple[int, ...]:
    allowed = set(CLASSES)
    if heading in _HALVES:
        allowed = _HALVES[heading] | {Category.OTHER}
    if heading is Category.PROBLEMS and lead is not Category.CAUSES:
        # Under "存在的问题" (not "问题及原因") causes come only after their own lead-in.
        allowed.discard(Category.CAUSES)
    named = [c for c in (heading, lead) if c is not None]
    if past_problems or any(c not in _NOT_A_CONTEXT for c in named):
        allowed.discard(Category.ACHIEVEMENTS)
    return tuple(n for n, c in enumerate(CLASSES) if c in allowed)


@cache
def shipped_model() -> SentenceModel:
    return SentenceModel.load(MODEL_FILE)


class ReadUnit(NamedTuple):
    """A unit of the report with what the reader knows when it reaches it (a named tuple:
    a report makes 150, and a frozen dataclass costs several times as much to make)."""

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

        # (unit, heading level, first unit of its paragraph): the text alone decides these.
        self.items: list[tuple[Passage, int, bool]] = []
        for line in paragraphs(text):
            level = is_heading(line.text)
            if level:
                self.items.append((line, level, True))
                continue
            for n, unit in enumerate(units(line.text, line.start)):
                self.items.append((unit, 0, n == 0))

    def walk(self) -> Iterator[ReadUnit]:
        for unit, level, first in self.items:
            if level:
                meaning = heading_meaning(unit.text)
                if level == 1:
                    # A new part begins: the last sentence of the one before says little
                    # about it (the latest part reached still does).
                    self.top, self.sub, self.previous = meaning, None, None
                elif meaning in _MEASURE_HALF and (
                    self.top is Category.ACHIEVEMENTS
                    or (self.top is None and self.furthest in (None, Category.ACHIEVEMENTS))
                ):
                    # "（四）抓整改提高" among the achievements: rectification done, an
                    # achievement (a sub-heading of the achievements names no other part).
                    self.sub = None
                else:
                    self.sub = meaning
                self.lead = None
                yield ReadUnit(unit, level, self._context(unit, False))
                continue
            enumerated = bool(ENUMERATOR.match(unit.text))
            if first and not enumerated and self.lead is not None and not self._lead_line:
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

    def label(self, unit: ReadUnit, category: Category, lead_in: bool | None = None) -> None:
        """Record the label of a body unit: it becomes context for the next ones. ``lead_in``
        is whether the unit is a lead-in, if the caller knows it already."""
        self.previous = category
        if category in _PROBLEM_HALF:
            self.problems_seen += 1
        if category in ORDER and (self.furthest is None or ORDER[category] > ORDER[self.furthest]):
            self.furthest = category
        if is_lead_in(unit.passage.text) if lead_in is None else lead_in:
            self.lead = category
            self._lead_line = True


def classify_units(
    text: str, model: SentenceModel | None = None
) -> list[tuple[Passage, Category | None]]:
    """Each unit of ``text`` with its part; headings get None (they count for nothing)."""
    model = model or shipped_model()
    reader = Reader(text)
    own = many_text_features([unit.text for unit, level, _ in reader.items if not level])
    # The n-gram part of every unit's score at once; context is added unit by unit.
    base = iter(model.batch_scores(own).tolist())
    owned = iter(own)
    found: list[tuple[Passage, Category | None]] = []
    context_scores, label = model.context_scores, reader.label
    for unit in reader.walk():
        passage, level, context = unit
        if level:
            found.append((passage, None))
            continue
        features = next(owned)
        added = context_scores(features, context)
        scores = [b + c for b, c in zip(next(base), added, strict=True)]
        category = choose(scores, context, passage.text)
        label(unit, category, features.lead_in)
        found.append((passage, category))
    return found


def from_text(text: str) -> ReportDocument:
    """An uploaded report: each unit is classified in context (checks/sentences.py); headings
    set context only where they name a part, and count for nothing themselves."""
    text = uploaded_text(text)
    spans = tuple(
        Span(category, unit.start, unit.end)
        for unit, category in classify_units(text)
        if category is not None
    )
    return ReportDocument(text, spans, structured=False)

"""Common problems (共性问题): grouping problem texts into themes (pure: no Django).

Chinese has no spaces, so a text becomes jieba's words plus its character bigrams (the bigrams
catch what the dictionary splits differently: 场所/活动场所). TF-IDF weighs them, a truncated
SVD (LSA) folds synonyms together and shrinks 100,000 texts to a size k-means handles, and
k-means with a fixed seed groups them. Identical texts are clustered once, in sorted order, so
the same problems give the same themes whatever order they arrive in. Each theme is explained
by the words that weigh most in its centre.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import jieba
import numpy as np
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize
from threadpoolctl import threadpool_limits

jieba.setLogLevel(logging.WARNING)

SEED = 20231
MAX_THEMES = 40
TOP_WORDS = 6
LSA_DIMENSIONS = 100
LINK_WORDS = 2

# Words every problem text uses: they say it is a problem, not which one.
STOPWORDS = frozenset(
    [
        "问题",
        "存在",
        "一些",
        "部分",
        "个别",
        "不够",
        "不到位",
        "不足",
        "不高",
        "不严",
        "不强",
        "不力",
        "还不",
        "仍然",
        "仍有",
        "比较",
        "较为",
        "有待",
        "进一步",
        "加强",
        "工作",
        "方面",
        "情况",
        "现象",
        "没有",
        "未能",
        "全年",
        "今年",
        "一是",
        "二是",
        "三是",
        "其中",
        "以及",
        "还是",
        "有的",
        "一定",
        "程度",
        "导致",
        "主要",
        "我们",
        "自己",
        "对照",
        "反映",
        "指出",
        "落实",
        "开展",
        "推进",
        "长期",
        "及时",
        "经常",
        "有效",
        "发现",
        "经过",
        "只有",
        "至今",
        "连续",
        "仍是",
        "仍为",
        "低于",
        "不少",
        "全部",
        "村",
        "镇",
        "县",
        "区",
        "的",
        "了",
        "和",
        "与",
        "及",
        "在",
        "对",
        "中",
        "有",
        "是",
        "不",
        "未",
        "等",
        "个",
        "名",
        "次",
        "年",
        "月",
        "天",
        "人",
    ]
)
_CHINESE_RUN = re.compile(r"[\u4e00-\u9fff]+")
_HAN = re.compile(r"^[\u4e00-\u9fff]+$")
# Clause boundaries: jieba never joins words across them, so splitting there changes nothing.
_CLAUSE = re.compile(r"[，。；：、！？,.;:!?\s“”\"（）()]+")


@dataclass(frozen=True)
class Theme:
    """One group of problems: their positions in the input, and the words that define it."""

    members: tuple[int, ...]
    words: tuple[str, ...]

    @property
    def name(self) -> str:
        return default_name(self.words)


def default_name(words: Sequence[str]) -> str:
    """A first name for a theme the admin may rename: its three defining words."""
    return "、".join(words[:3]) or "其他问题"


def dictionary_words(text: str) -> list[str]:
    """jieba's words of ``text``: Chinese only, no stopwords (these explain a theme).

    Segmented clause by clause, each clause once: problem texts are formulaic (the same clause
    after different place names), so most clauses repeat and jieba's time goes on the rest."""
    return [w for clause in _CLAUSE.split(text) if clause for w in _clause_words(clause)]


@lru_cache(maxsize=500_000)
def _clause_words(clause: str) -> tuple[str, ...]:
    return tuple(
        w
        for w in jieba.lcut(clause, HMM=False)
        if len(w) > 1 and _HAN.match(w) and w not in STOPWORDS
    )


def words_of(text: str) -> list[str]:
    """The terms a text is compared by: its dictionary words and its character bigrams."""
    tokens = dictionary_words(text)
    for run in _CHINESE_RUN.findall(text):
        tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
    return [t for t in tokens if t not in STOPWORDS]


@lru_cache(maxsize=200_000)
def _cached_words(text: str) -> tuple[str, ...]:
    return tuple(words_of(text))


def _analyzer(text: str) -> list[str]:
    return list(_cached_words(text))


def theme_count(distinct: int) -> int:
    """How many themes for ``distinct`` different texts: about 1.4·√n, at most ``MAX_THEMES``.

    Measured on the labelled corpus: fewer themes than that mix two topics, more split one."""
    if distinct <= 1:
        return distinct
    return max(1, min(MAX_THEMES, distinct, round(1.4 * math.sqrt(distinct))))


def group(texts: Sequence[str], *, themes: int | None = None, seed: int = SEED) -> list[Theme]:
    """Group ``texts`` into themes, largest first; every position appears in exactly one theme.

    ``themes`` fixes their number (else ``theme_count``). Blank texts form no theme of their own:
    they join the first theme (or, alone, one theme with no words).
    """
    keyed = [" ".join(t.split()) for t in texts]
    # Texts with no Chinese term to compare by (e.g. "abc 123") form one theme with no words.
    termless = {t for t in keyed if t and not _cached_words(t)}
    distinct = sorted({t for t in keyed if t and t not in termless})
    if not distinct:
        return [Theme(tuple(range(len(texts))), ())] if texts else []
    k = min(themes or theme_count(len(distinct)), len(distinct))
    weight = Counter(keyed)
    # One BLAS thread: the matrices are small, and on a shared server a thread per core per
    # request made each product wait for the others (10× slower under load, measured).
    with threadpool_limits(limits=1):
        labels, centres, vocabulary = _cluster(distinct, [weight[t] for t in distinct], k, seed)
    by_text = dict(zip(distinct, labels, strict=True))
    members: dict[int, list[int]] = {}
    for position, text in enumerate(keyed):
        if text and text not in termless:
            members.setdefault(by_text[text], []).append(position)
    found = [
        Theme(tuple(positions), explain(centres[label], vocabulary))
        for label, positions in members.items()
    ]
    if termless:
        found.append(Theme(tuple(p for p, t in enumerate(keyed) if t in termless), ()))
    found.sort(key=lambda theme: (-len(theme.members), theme.members[0]))
    blanks = tuple(p for p, t in enumerate(keyed) if not t)
    if blanks:
        first = found[0]
        found[0] = Theme(tuple(sorted(first.members + blanks)), first.words)
    return found


def _cluster(
    distinct: list[str], weights: list[int], k: int, seed: int
) -> tuple[list[int], np.ndarray, list[str]]:
    """k-means labels of the distinct texts, the centres in TF-IDF space and its vocabulary."""
    vectorizer = TfidfVectorizer(analyzer=_analyzer, sublinear_tf=True, min_df=1)
    matrix = vectorizer.fit_transform(distinct)
    terms = list(vectorizer.get_feature_names_out())
    # Only dictionary words explain a theme: a bigram like 弱涣 reads as noise.
    words = {w for text in distinct for w in dictionary_words(text)}  # cached clause by clause
    vocabulary = [t if t in words else "" for t in terms]
    if k <= 1 or matrix.shape[1] == 0:
        labels = [0] * len(distinct)
    else:
        dimensions = min(LSA_DIMENSIONS, matrix.shape[1] - 1, len(distinct) - 1)
        reduced = matrix
        if dimensions >= 2:
            reduced = normalize(TruncatedSVD(dimensions, random_state=seed).fit_transform(matrix))
        model = KMeans(n_clusters=k, random_state=seed, n_init=10)
        labels = [int(x) for x in model.fit_predict(reduced, sample_weight=weights)]
    count = max(labels) + 1
    centres = np.zeros((count, matrix.shape[1]))
    for label in range(count):
        rows = [i for i, x in enumerate(labels) if x == label]
        if rows:
            centres[label] = np.asarray(matrix[rows].mean(axis=0)).ravel()
    return labels, centres, vocabulary


def explain(
    centre: np.ndarray, vocabulary: Sequence[str], size: int = TOP_WORDS
) -> tuple[str, ...]:
    """The heaviest terms of a centre, skipping one already inside a heavier one (场所 in 活动场所)."""
    chosen: list[str] = []
    for index in np.argsort(-centre, kind="stable"):
        if centre[index] <= 0 or len(chosen) == size:
            break
        term = vocabulary[int(index)]
        if not term or any(term in kept or kept in term for kept in chosen):
            continue
        chosen.append(term)
    return tuple(chosen)


def split(texts: Sequence[str], *, seed: int = SEED) -> tuple[Theme, Theme] | None:
    """A theme's texts in two (positions into ``texts``), or ``None`` when they cannot part."""
    if len({" ".join(t.split()) for t in texts if t.strip()}) < 2:
        return None
    parts = group(texts, themes=2, seed=seed)
    if len(parts) < 2:
        return None
    return parts[0], parts[1]


def purity(themes: Sequence[Theme], labels: Sequence[str]) -> float:
    """The share of texts whose theme's most common label is their own (1.0: no theme mixes)."""
    if not labels:
        return 1.0
    agreeing = sum(
        Counter(labels[i] for i in theme.members).most_common(1)[0][1]
        for theme in themes
        if theme.members
    )
    return agreeing / len(labels)


def link(earlier: Sequence[Sequence[str]], later: Sequence[Sequence[str]]) -> list[int | None]:
    """For each later theme, the earlier theme it continues (by position), or ``None``.

    It continues the earlier theme sharing most of its defining words, when they share at
    least ``LINK_WORDS``: a problem in it recurs if its unit had one in the earlier theme."""
    found: list[int | None] = []
    for words in later:
        mine = set(words)
        best, shared = None, LINK_WORDS - 1
        for index, other in enumerate(earlier):
            common = len(mine & set(other))
            if common > shared:
                best, shared = index, common
        found.append(best)
    return found

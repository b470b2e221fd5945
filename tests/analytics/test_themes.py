"""Grouping problem texts into themes: purity on a labelled corpus, stability, explanations."""

from __future__ import annotations

import functools
import itertools
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shuzhi.analytics import corpus, themes

LABELLED = corpus.generate(504, seed=1)
TEXTS = [item.text for item in LABELLED]
LABELS = [item.label for item in LABELLED]


@functools.cache
def grouped() -> list[themes.Theme]:
    """The corpus' themes, computed once for the tests that only read them."""
    return themes.group(TEXTS)


def partition(found: list[themes.Theme], texts: list[str]) -> set[frozenset[str]]:
    """The themes as sets of texts, so two groupings of reordered input compare."""
    return {frozenset(texts[i] for i in theme.members) for theme in found}


def test_themes_of_the_labelled_corpus_are_pure() -> None:
    found = grouped()
    purity = themes.purity(found, LABELS)
    print(f"\npurity {purity:.3f} over {len(TEXTS)} texts, {len(found)} themes")
    assert purity >= 0.85


def test_unrelated_problems_rarely_share_a_theme() -> None:
    found = grouped()
    together = apart = 0
    for theme in found:
        counts = [sum(1 for i in theme.members if LABELS[i] == label) for label in corpus.LABELS]
        together += sum(a * b for a, b in itertools.combinations(counts, 2))
    total = len(TEXTS)
    per_label = total // len(corpus.LABELS)
    apart = total * (total - 1) // 2 - len(corpus.LABELS) * per_label * (per_label - 1) // 2
    assert together / apart < 0.05


def test_near_identical_problems_land_together() -> None:
    # The same problem worded twice: another village, a full stop, a space.
    rng = random.Random(5)
    pairs = []
    for template in (p for phrasings in corpus.PHRASINGS.values() for p in phrasings):
        first = template.format(v="东坪", n=3, m=40)
        second = template.format(v=rng.choice(corpus.VILLAGES[1:]), n=5, m=60) + "。"
        pairs.append((first, " " + second))
    texts = TEXTS + [t for pair in pairs for t in pair]
    theme_of = {i: n for n, theme in enumerate(themes.group(texts)) for i in theme.members}
    base = len(TEXTS)
    same = sum(theme_of[base + 2 * k] == theme_of[base + 2 * k + 1] for k in range(len(pairs)))
    assert same / len(pairs) >= 0.9


def test_the_same_input_gives_the_same_themes() -> None:
    assert themes.group(list(TEXTS)) == grouped()


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False))
def test_the_order_of_the_problems_does_not_change_the_themes(rng: random.Random) -> None:
    texts = TEXTS[:80]
    shuffled = texts[:]
    rng.shuffle(shuffled)
    assert partition(themes.group(shuffled), shuffled) == partition(themes.group(texts), texts)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from([*TEXTS[:40], "", "  ", "abc 123"]), max_size=30))
def test_every_problem_is_in_exactly_one_theme(texts: list[str]) -> None:
    found = themes.group(texts)
    positions = sorted(i for theme in found for i in theme.members)
    assert positions == list(range(len(texts)))


def test_the_defining_words_come_from_the_theme_s_own_texts() -> None:
    for theme in grouped():
        assert theme.words, "every theme is explained"
        member_texts = " ".join(TEXTS[i] for i in theme.members)
        assert all(word in member_texts for word in theme.words)
        assert theme.name == "、".join(theme.words[:3])


def test_a_split_parts_a_theme_in_two_covering_it() -> None:
    texts = [t for t, label in zip(TEXTS, LABELS, strict=True) if label in ("党费收缴", "干部作风")]
    parts = themes.split(texts)
    assert parts is not None
    first, second = parts
    assert first.members and second.members
    assert sorted(first.members + second.members) == list(range(len(texts)))
    assert themes.purity(parts, [LABELS[TEXTS.index(t)] for t in texts]) >= 0.9


def test_one_distinct_text_cannot_be_split() -> None:
    assert themes.split(["党费收缴不及时", "党费收缴不及时 "]) is None


def test_purity_counts_each_theme_s_majority() -> None:
    found = [themes.Theme((0, 1, 2), ("a",)), themes.Theme((3,), ("b",))]
    assert themes.purity(found, ["x", "x", "y", "y"]) == 0.75


def test_texts_without_a_chinese_term_form_one_theme_without_words():
    from shuzhi.analytics.themes import group

    found = group(["abc 123", "村党支部书记履职不到位", "xyz"])
    assert sorted(theme.members for theme in found) == [(0, 2), (1,)]
    assert next(t for t in found if t.members == (0, 2)).words == ()

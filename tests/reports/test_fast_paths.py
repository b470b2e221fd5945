"""The vectorised parts of the checks give what the plain set-by-set definitions give.

Each check has a cheap formulation for the editor (numpy over the whole report, lookups of an
item's few bigrams); these tests hold it to the straightforward one on generated text.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from shuzhi.reports.checks import CheckSettings
from shuzhi.reports.checks.copying import (
    CopyIndex,
    Hasher,
    Signature,
    _coefficients,
    many_shingle_hashes,
    shingle_hashes,
)
from shuzhi.reports.checks.model import Passage, PriorItem
from shuzhi.reports.checks.pairing import distinctive, shared_bigrams
from shuzhi.reports.checks.responsiveness import (
    FILLER_GRAMS,
    Windows,
    best_answer,
    content_chars,
)

SETTINGS = CheckSettings()
# A small alphabet, so that generated texts share bigrams (and digits, filler and common
# words occur): a wide one would almost never pair anything.
WORDS = st.sampled_from(
    ["党员", "支部", "学习", "12", "不", "的", "台账", "整改", "问题", "走访", "群众", "3", "A"]
)
PUNCTUATION = st.sampled_from(["，", "。", "；", "！", "\n", " ", "、", "。。"])
TEXT = st.lists(st.one_of(WORDS, PUNCTUATION), max_size=40).map("".join)


def _plain_shared(problems: list[str], measures: list[str], common: int) -> list[list[int]]:
    grams = [distinctive(m) for m in measures]
    uses: dict[str, int] = {}
    for own in grams:
        for gram in own:
            uses[gram] = uses.get(gram, 0) + 1
    telling = [{g for g in own if uses[g] <= common} for own in grams]
    return [[len(distinctive(p) & t) for t in telling] for p in problems]


@settings(max_examples=200, deadline=None)
@given(st.lists(TEXT, max_size=8), st.lists(TEXT, max_size=8), st.integers(1, 4))
def test_shared_bigrams_equal_the_set_intersections(problems, measures, common):
    shared, wanted = shared_bigrams(problems, measures, common)
    assert shared.tolist() == _plain_shared(problems, measures, common)
    assert shared.shape == (len(problems), len(measures))
    assert wanted.tolist() == [len(distinctive(p)) for p in problems]


def _plain_windows(text: str) -> list[set[str]]:
    windows = Windows.of(text)
    chars = [content_chars(s.text) for s in windows.sentences]
    grams = [{c[i : i + 2] for i in range(len(c) - 1)} for c in chars]
    found = []
    for n in range(len(chars)):
        joined = set(grams[n])
        if n + 1 < len(chars):
            joined |= grams[n + 1]
            if chars[n] and chars[n + 1]:
                joined.add(chars[n][-1] + chars[n + 1][0])
        found.append(joined - FILLER_GRAMS)
    return found


@settings(max_examples=200, deadline=None)
@given(TEXT, TEXT)
def test_an_answer_is_the_first_window_covering_most_of_the_item(text, item):
    windows = _plain_windows(text)
    passage, recall = best_answer(PriorItem("k", "self", item), Windows.of(text))
    wanted = content_chars(item)
    grams = {wanted[i : i + 2] for i in range(len(wanted) - 1)} - FILLER_GRAMS
    recalls = [len(grams & w) / len(grams) for w in windows] if grams else []
    if not recalls or max(recalls) == 0:
        assert passage is None and recall == 0.0
        return
    best = recalls.index(max(recalls))
    assert recall == max(recalls)
    assert passage == Windows.of(text).passage(best)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet="党员支部学习，。ab1", max_size=30), min_size=1, max_size=6))
def test_shingles_of_many_texts_are_those_of_each_text(texts):
    hashes, starts = many_shingle_hashes(texts, 5)
    ends = [*starts[1:].tolist(), len(hashes)]
    for text, start, end in zip(texts, starts.tolist(), ends, strict=True):
        assert np.array_equal(np.unique(hashes[start:end]), shingle_hashes(text, 5))


@settings(max_examples=50, deadline=None)
@given(st.lists(st.text(alphabet="党员支部学习整改台账，。1", max_size=60), min_size=1, max_size=5))
def test_minhash_rows_are_the_minimum_of_each_permutation(texts):
    hasher = Hasher(SETTINGS.num_perm, SETTINGS.bands)
    rows = hasher.signatures(texts, 5)
    a, b, _ = _coefficients(hasher.num_perm, hasher.bands, hasher.seed)
    prime = np.uint64(4294967291)
    for text, row in zip(texts, rows, strict=True):
        shingles = shingle_hashes(text, 5)
        expected = ((a[:, None] * shingles[None, :] + b[:, None]) % prime).min(axis=1)
        assert row.tolist() == expected.astype(np.uint32).tolist()


def _plain_candidates(
    added: list[tuple[str, np.ndarray]], query: np.ndarray, exclude: set[str]
) -> list[tuple[int, str, int]]:
    """A dictionary of bucket lists, filled in the order reports were added, read passage by
    passage and band by band: the definition of the index's candidates."""
    buckets: dict[int, list[tuple[str, int]]] = {}
    for key, keys in added:
        for number, row in enumerate(keys.tolist()):
            for bucket in row:
                buckets.setdefault(bucket, []).append((key, number))
    found: list[tuple[int, str, int]] = []
    for ours, row in enumerate(query.tolist()):
        for bucket in row:
            for key, theirs in buckets.get(bucket, ()):
                if key not in exclude and (ours, key, theirs) not in found:
                    found.append((ours, key, theirs))
    return found


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.lists(TEXT, max_size=5), min_size=1, max_size=6),
    st.lists(TEXT, max_size=5),
    st.sets(st.integers(0, 5)),
)
def test_index_candidates_are_the_bucket_lists_read_in_order(reports, ours, excluded):
    # Few bands of few rows, so that generated passages share buckets often.
    settings_ = CheckSettings(num_perm=8, bands=4)
    hasher = Hasher(8, 4)
    index = CopyIndex(settings_)
    added = []
    for number, texts in enumerate(reports):
        rows = hasher.signatures(texts, 2)
        index.add(str(number), "", Signature([Passage(t, 0, len(t)) for t in texts], rows))
        added.append((str(number), hasher.band_keys(rows)))
    query = hasher.signatures(ours, 2)
    signature = Signature([Passage(t, 0, len(t)) for t in ours], query)
    exclude = {str(n) for n in excluded}
    found = list(index.candidates(signature, exclude))
    assert found == _plain_candidates(added, hasher.band_keys(query), exclude)

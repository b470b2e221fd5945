"""The vectorised parts of the checks give what the plain set-by-set definitions give.

Each check has a cheap formulation for the editor (numpy over the whole report, lookups of an
item's few bigrams); these tests hold it to the straightforward one on generated text.
"""

from __future__ import annotations

import re

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
from shuzhi.reports.checks.cues import CASE_CUE, PLACEHOLDER, PLACEHOLDER_CHARS
from shuzhi.reports.checks.density import (
    NUMBER,
    NUMBER_DEFINITION,
    concrete_items,
    many_concrete_items,
)
from shuzhi.reports.checks.examples import check_placeholders, mask_placeholders
from shuzhi.reports.checks.model import Category, Passage, PriorItem, ReportDocument
from shuzhi.reports.checks.pairing import distinctive, shared_bigrams
from shuzhi.reports.checks.phrases import check_phrases, generic_wording, stock_phrases
from shuzhi.reports.checks.responsiveness import (
    FILLER_GRAMS,
    Windows,
    best_answer,
    content_chars,
)
from shuzhi.reports.checks.sentences import many_text_features, shipped_model, text_features
from shuzhi.reports.checks.text import JOIN, matches_per_piece, or_join, sentences

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


# One regex pass over many pieces joined by NUL (checks/text.py) against a call per piece.
# The alphabet holds cue words, digits, item marks, lead-in colons, placeholders, place
# suffixes and numerals, and sometimes the joining character itself (the plain path is taken).
PIECE_WORDS = st.sampled_from(
    [
        "一是", "（一）", "1.", "首先", "第一，", "一年来", "已", "了", "将", "不少于", "不少",
        "原因", "问题", "3.5", "12", "０", "人次", "百分之三十", "三个", "次", "XX", "x",
        "PPTX", "×××", "某某", "○○", "青石村", "全县", "社区", "例如", "以东坪村为例",
        "扎实", "扎扎实实", "进一步", "切实", "：", "。", "；", "，", " ", "A", "\0",
    ]
)  # fmt: skip
PIECE = st.lists(PIECE_WORDS, max_size=12).map("".join)
PIECES = st.lists(PIECE, max_size=8)


@settings(max_examples=300, deadline=None)
@given(PIECES)
def test_own_text_features_of_many_units_are_those_of_each(texts):
    assert many_text_features(texts) == [text_features(t) for t in texts]


@settings(max_examples=300, deadline=None)
@given(PIECES)
def test_concrete_items_of_many_paragraphs_are_those_of_each(texts):
    assert many_concrete_items(texts) == [concrete_items(t) for t in texts]


@settings(max_examples=300, deadline=None)
@given(PIECE)
def test_numbers_by_first_character_are_the_defined_numbers(text):
    assert NUMBER.findall(text) == re.compile(NUMBER_DEFINITION).findall(text)


@settings(max_examples=300, deadline=None)
@given(PIECE)
def test_placeholder_screen_changes_no_masking(text):
    plain = PLACEHOLDER.sub(lambda m: "□" * len(m.group()), text)
    assert mask_placeholders(text) == plain
    if PLACEHOLDER.search(text):
        assert PLACEHOLDER_CHARS.search(text)


@settings(max_examples=300, deadline=None)
@given(PIECES.filter(lambda texts: all("\0" not in t for t in texts)))
def test_a_pattern_or_the_join_counts_each_piece_matches(texts):
    for pattern in (NUMBER, CASE_CUE, PLACEHOLDER, re.compile("扎实|进一步|切实")):
        counted = matches_per_piece(or_join(pattern.pattern).findall(JOIN.join(texts)), len(texts))
        assert counted == [len(pattern.findall(t)) for t in texts]


@settings(max_examples=300, deadline=None)
@given(PIECES)
def test_placeholders_found_as_unit_by_unit(texts):
    units = [(Passage(t, 0, len(t)), Category.PROBLEMS) for t in texts]
    finding = check_placeholders(units)
    expected = [u for u, _ in units if PLACEHOLDER.findall(u.text)]
    assert [p.text for p in finding.passages] == [u.text for u in expected]


def _plain_phrases(text: str, phrases: tuple[str, ...]) -> list[tuple[int, int, str]]:
    """check_phrases' passages, screened sentence by sentence."""
    screen = re.compile("|".join(map(re.escape, phrases))) if phrases else None
    hits = []
    for sentence in sentences(text):
        has_any = screen is not None and screen.search(sentence.text)
        used = [p for p in phrases if p in sentence.text] if has_any else []
        if used or generic_wording(sentence.text):
            note = "套话：" + "、".join(used) if used else "空泛表述，无数据或事例"
            hits.append((sentence.start, sentence.end, note))
    return hits


@settings(max_examples=200, deadline=None)
@given(PIECE, st.lists(st.sampled_from(["扎实", "进一步", "一年来", "", "\0", "原因"]), max_size=3))
def test_phrases_screened_at_once_are_those_screened_one_by_one(text, extra):
    document = ReportDocument(text, (), structured=False)
    finding = check_phrases(document, SETTINGS, extra)
    phrases = stock_phrases() + tuple(extra)
    assert [(p.start, p.end, p.note) for p in finding.passages] == _plain_phrases(text, phrases)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_windows_hold_each_sentences_content_in_turn(text):
    windows = Windows.of(text)
    chars = [content_chars(s.text) for s in windows.sentences]
    assert windows.content == "".join(chars)
    assert windows.owner == [n for n, c in enumerate(chars) for _ in c]
    assert windows.starts == [sum(len(c) for c in chars[:n]) for n in range(max(len(chars), 1))]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["党员", "支部", "\0", "12", "，", "台账", "整改"]), max_size=20))
def test_distinctive_keys_with_a_join_in_the_text(words):
    texts = ["".join(words), "".join(reversed(words)), "支部台账"]
    shared, wanted = shared_bigrams(texts[:1], texts[1:], 3)
    assert shared.tolist() == _plain_shared(texts[:1], texts[1:], 3)
    assert wanted.tolist() == [len(distinctive(texts[0]))]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_bigram_rows_by_table_are_the_model_index(text):
    model = shipped_model()
    char_ids, table, width = model._bigram_table()
    codes = np.array([ord(c) for c in text], dtype=np.int64)
    ids = char_ids[np.minimum(codes, len(char_ids) - 1)]
    rows = table[ids[:-1] * width + ids[1:]].tolist() if len(text) > 1 else []
    plain = [model.index.get("b" + text[i : i + 2], -1) for i in range(len(text) - 1)]
    assert rows == plain


def test_the_model_bigrams_are_looked_up_for_its_own_characters():
    # The same check on the model's own vocabulary (random text rarely meets it).
    model = shipped_model()
    names = [n for n in model.index if n[0] == "b" and len(n) == 3]
    char_ids, table, width = model._bigram_table()
    for name in names:
        assert table[char_ids[ord(name[1])] * width + char_ids[ord(name[2])]] == model.index[name]

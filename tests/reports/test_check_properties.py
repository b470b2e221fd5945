"""Invariants of the pure checks, over generated reports."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from shuzhi.reports.checks import (
    SECTIONS,
    CheckSettings,
    CopyIndex,
    Signature,
    from_sections,
    from_text,
    shares,
)
from shuzhi.reports.checks.copying import jaccard

SETTINGS = CheckSettings()
HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
BODY = st.text(alphabet=st.one_of(HAN, st.sampled_from("，。0123456789\n一、（）")), max_size=400)


@given(st.fixed_dictionaries({c.value: BODY for c in SECTIONS}))
def test_structured_shares_sum_to_one(sections):
    values = shares(from_sections(sections)).values()
    total = sum(values)
    assert all(0 <= v <= 1 for v in values)
    assert math.isclose(total, 1.0) or total == 0


@given(BODY)
def test_free_text_shares_sum_to_one(text):
    total = sum(shares(from_text(text)).values())
    assert math.isclose(total, 1.0) or total == 0


@given(
    st.text(alphabet=HAN, min_size=60, max_size=300), st.text(alphabet=HAN, min_size=0, max_size=10)
)
def test_jaccard_is_symmetric_and_bounded(a, b):
    assert jaccard(a, b, 5) == jaccard(b, a, 5)
    assert 0 <= jaccard(a, a + b, 5) <= 1
    assert jaccard(a, a, 5) == 1


@settings(max_examples=25, deadline=None)
@given(
    # Paragraphs of distinct characters: real prose repeats few 5-grams, unlike "一一一一一…".
    st.lists(
        st.lists(HAN, min_size=120, max_size=250, unique=True).map("".join),
        min_size=4,
        max_size=8,
        unique=True,
    ),
    st.integers(min_value=0, max_value=3),
    st.data(),
)
def test_a_planted_copy_is_always_found(paragraphs, which, data):
    """A paragraph copied into another report with a few characters changed is found."""
    index = CopyIndex(SETTINGS)
    for number, paragraph in enumerate(paragraphs):
        index.add(f"r{number}", f"报告{number}", Signature.of(paragraph, SETTINGS))
    source = paragraphs[which]
    position = data.draw(st.integers(min_value=0, max_value=len(source) - 1))
    planted = source[:position] + "某" + source[position + 1 :]
    signature = Signature.of("开头一句话说明本文。\n" + planted, SETTINGS)
    found = {key for _, key, _ in index.candidates(signature)}
    assert f"r{which}" in found

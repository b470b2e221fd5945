"""The pieces of a name a search index keeps, so that any part of a Chinese name is found.

A name is indexed by every pair of adjacent characters (bigram) and its last character, in
lower case: a query of two or more characters is found through any one of its bigrams (the
rarest), one of a single character through the bigrams it starts and the last character
(every occurrence of a character starts a bigram or ends the name). pg_trgm and SQLite FTS5's
trigrams cannot do this: they need three characters, and pg_trgm skips CJK under the C locale.
The code is kept whole behind ``CODE_MARK`` for an exact (case-insensitive) code match.
"""

from __future__ import annotations

CODE_MARK = "="


def name_grams(name: str, code: str) -> set[str]:
    """What the index keeps for one organisation or person."""
    text = name.lower()
    grams = {text[i : i + 2] for i in range(len(text) - 1)}
    if text:
        grams.add(text[-1])
    grams.add(CODE_MARK + code.lower())
    return grams


def query_bigrams(text: str) -> list[str]:
    """The distinct bigrams of a query of two or more characters, in order."""
    text = text.lower()
    return list(dict.fromkeys(text[i : i + 2] for i in range(len(text) - 1)))


def prefix_bounds(character: str) -> tuple[str, str]:
    """Grams starting with ``character``: ``lower <= gram < upper``."""
    lower = character.lower()
    return lower, chr(ord(lower) + 1)

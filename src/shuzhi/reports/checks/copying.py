"""Copying: passages shared with other reports, found by shingles, MinHash and LSH.

Each report is cut into passages (paragraphs, long ones split at sentence ends). A passage's
character shingles (punctuation and spaces removed, so re-punctuating hides nothing) get a
MinHash signature; signatures are banded into LSH buckets so that a new report meets only
the passages that share a bucket with it, not every passage of every report. Candidates are
confirmed by the exact Jaccard similarity of their shingle sets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache

import numpy as np

from shuzhi.reports.checks.model import Finding, Passage, PassagePair, ReportDocument, Status
from shuzhi.reports.checks.settings import CheckSettings
from shuzhi.reports.checks.text import counted_length, paragraphs, sentences

_PRIME = np.uint64(4294967291)  # the largest prime below 2**32
_MASK63 = np.uint64((1 << 63) - 1)
# How far below the threshold a MinHash estimate may fall and still be checked exactly
# (about two standard errors of the estimate at similarity 0.5 with 120 permutations).
ESTIMATE_MARGIN = 0.1
_PERMUTATIONS_AT_ONCE = 24
_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)


def normalise(text: str) -> str:
    return _NOISE.sub("", text)


def passages_of(text: str, settings: CheckSettings) -> list[Passage]:
    """Paragraphs, with long ones cut at sentence ends into pieces of at most the set length."""
    found: list[Passage] = []
    for paragraph in paragraphs(text):
        if len(paragraph.text) <= settings.passage_max_chars:
            pieces = [paragraph]
        else:
            pieces = []
            start = end = None
            for sentence in sentences(paragraph.text, paragraph.start):
                if (
                    start is not None
                    and end is not None
                    and sentence.end - start > settings.passage_max_chars
                ):
                    pieces.append(Passage(text[start:end], start, end))
                    start = None
                if start is None:
                    start = sentence.start
                end = sentence.end
            if start is not None and end is not None:
                pieces.append(Passage(text[start:end], start, end))
        found.extend(p for p in pieces if counted_length(p.text) >= settings.min_copy_chars)
    return found


def _rolling(codes: np.ndarray, size: int) -> np.ndarray:
    """The 32-bit hash of every ``size``-gram of ``codes`` (a polynomial hash, then
    splitmix64's final mix to spread it over all bits)."""
    count = len(codes) - size + 1
    value = np.zeros(count, dtype=np.uint64)
    for offset in range(size):
        value = value * np.uint64(1_000_003) + codes[offset : offset + count]
    value ^= value >> np.uint64(30)
    value *= np.uint64(0xBF58476D1CE4E5B9)
    value ^= value >> np.uint64(27)
    value *= np.uint64(0x94D049BB133111EB)
    value ^= value >> np.uint64(31)
    hashes: np.ndarray = value >> np.uint64(32)
    return hashes


def _codes(text: str, size: int) -> np.ndarray:
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(codes) < size:
        codes = np.concatenate([codes, np.zeros(size - len(codes), dtype=np.uint64)])
    return codes


def shingle_hashes(text: str, size: int) -> np.ndarray:
    """32-bit hashes of the character ``size``-grams of the normalised text (stable across runs)."""
    return np.unique(_rolling(_codes(normalise(text), size), size))


def many_shingle_hashes(texts: list[str], size: int) -> tuple[np.ndarray, np.ndarray]:
    """The shingle hashes of many texts in one pass, as (hashes, where each text's begin):
    the same values as ``shingle_hashes`` text by text, unsorted and possibly repeated (a
    MinHash does not mind), at a fraction of the cost of a numpy pass per passage."""
    codes = [_codes(normalise(t), size) for t in texts]
    lengths = np.array([len(c) for c in codes])
    counts = lengths - size + 1
    hashes = _rolling(np.concatenate(codes), size)
    # Keep the grams that lie inside one text: text k's begin where its codes do.
    begins = np.cumsum(lengths) - lengths
    inside = np.repeat(begins - (np.cumsum(counts) - counts), counts) + np.arange(counts.sum())
    return hashes[inside], np.cumsum(counts) - counts


def jaccard(a: str, b: str, size: int) -> float:
    left = set(shingle_hashes(a, size).tolist())
    right = set(shingle_hashes(b, size).tolist())
    return len(left & right) / len(left | right) if left or right else 0.0


@cache
def _coefficients(
    num_perm: int, bands: int, seed: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    a = rng.integers(1, 1 << 31, num_perm, dtype=np.uint64)
    b = rng.integers(0, 1 << 31, num_perm, dtype=np.uint64)
    mix = rng.integers(1, 1 << 62, num_perm // bands, dtype=np.uint64) | np.uint64(1)
    return a, b, mix


@dataclass(frozen=True)
class Hasher:
    """The MinHash permutations; fixed by the seed so stored signatures stay comparable."""

    num_perm: int
    bands: int
    seed: int = 20161130

    def __post_init__(self) -> None:
        if self.num_perm % self.bands:
            raise ValueError("num_perm must be a multiple of bands")

    def signatures(self, texts: list[str], size: int) -> np.ndarray:
        """One MinHash row (uint32) per text; all texts hashed in one pass."""
        if not texts:
            return np.zeros((0, self.num_perm), dtype=np.uint32)
        a, b, _ = _coefficients(self.num_perm, self.bands, self.seed)
        joined, starts = many_shingle_hashes(texts, size)
        rows = np.empty((self.num_perm, len(texts)), dtype=np.uint32)
        # A few permutations at a time, in place: the whole permutations × shingles matrix
        # would not stay in cache, and its memory traffic would cost more than the arithmetic.
        step = _PERMUTATIONS_AT_ONCE
        permuted = np.empty((step, len(joined)), dtype=np.uint64)
        quotient = np.empty_like(permuted)
        for first in range(0, self.num_perm, step):
            block = permuted[: min(step, self.num_perm - first)]
            below = quotient[: len(block)]
            np.multiply(a[first : first + step, None], joined[None, :], out=block)
            block += b[first : first + step, None]
            # The remainder as v − (v // p)·p: numpy divides by a scalar without a division
            # instruction (libdivide), its remainder does not, so this is twice as fast.
            np.floor_divide(block, _PRIME, out=below)
            below *= _PRIME
            block -= below
            rows[first : first + step] = np.minimum.reduceat(block, starts, axis=1)
        return rows.T.copy()

    def band_keys(self, signatures: np.ndarray) -> np.ndarray:
        """For each passage and band, a 63-bit bucket key (band number included)."""
        _, _, mix = _coefficients(self.num_perm, self.bands, self.seed)
        rows = self.num_perm // self.bands
        banded = signatures.astype(np.uint64).reshape(len(signatures), self.bands, rows)
        keys = (banded * mix[None, None, :]).sum(axis=2, dtype=np.uint64)
        keys += np.arange(self.bands, dtype=np.uint64)[None, :] * np.uint64(0x9E3779B97F4A7C15)
        bucket_keys: np.ndarray = (keys & _MASK63).astype(np.int64)
        return bucket_keys


def hasher_for(settings: CheckSettings) -> Hasher:
    return Hasher(settings.num_perm, settings.bands)


@dataclass
class Signature:
    """A report's passages with their MinHash rows: what is cached per report version."""

    passages: list[Passage]
    minhashes: np.ndarray

    @classmethod
    def of(cls, text: str, settings: CheckSettings) -> Signature:
        passages = passages_of(text, settings)
        rows = hasher_for(settings).signatures([p.text for p in passages], settings.shingle_size)
        return cls(passages, rows)

    def to_bytes(self) -> bytes:
        return self.minhashes.astype("<u4").tobytes()

    @classmethod
    def from_bytes(
        cls, spans: list[tuple[int, int]], text: str, data: bytes, num_perm: int
    ) -> Signature:
        rows = np.frombuffer(data, dtype="<u4").reshape(len(spans), num_perm)
        return cls([Passage(text[s:e], s, e) for s, e in spans], rows)


@dataclass(frozen=True)
class Source:
    """Another report the index holds: its label (shown beside a match) and its passages."""

    key: str
    label: str
    passages: list[Passage]
    minhashes: np.ndarray


@dataclass
class CopyIndex:
    """LSH buckets over the passages of many reports, as sorted arrays: a look-up is one
    ``searchsorted`` of a report's bucket keys, not a Python loop over its buckets' lists."""

    settings: CheckSettings
    sources: dict[str, Source] = field(default_factory=dict)
    _names: list[str] = field(default_factory=list)
    _numbers: dict[str, list[int]] = field(default_factory=dict)
    # Bucket keys, source numbers and passage numbers of every entry, in the order added;
    # sorted by bucket (stably, so a bucket keeps the order its entries came in) when needed.
    _added: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = field(default_factory=list)
    _sorted: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
    # One more than the highest passage number of any entry (computed with the sort: a pass
    # over every entry cost more than the rest of a look-up).
    _width: int = 1

    def add(self, key: str, label: str, signature: Signature) -> None:
        self.sources[key] = Source(key, label, signature.passages, signature.minhashes)
        keys = hasher_for(self.settings).band_keys(signature.minhashes)
        passages, bands = keys.shape
        self._added.append(
            (
                keys.ravel(),
                np.full(passages * bands, len(self._names), dtype=np.int64),
                np.repeat(np.arange(passages, dtype=np.int64), bands),
            )
        )
        self._numbers.setdefault(key, []).append(len(self._names))
        self._names.append(key)
        self._sorted = None

    def _entries(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if self._sorted is None:
            if self._added:
                buckets, owners, passages = (
                    np.concatenate(c) for c in zip(*self._added, strict=True)
                )
            else:
                buckets = owners = passages = np.zeros(0, dtype=np.int64)
            order = np.argsort(buckets, kind="stable")
            self._sorted = (buckets[order], owners[order], passages[order])
            self._added = [self._sorted]
            self._width = int(passages.max()) + 1 if len(passages) else 1
        return self._sorted

    def candidates(
        self, signature: Signature, exclude: Iterable[str] = ()
    ) -> Iterator[tuple[int, str, int]]:
        """(our passage, their report, their passage) sharing at least one bucket: for each
        of our passages and each of its bands in turn, the bucket's entries in the order they
        were added, each triple once."""
        buckets, owners, passages = self._entries()
        keys = hasher_for(self.settings).band_keys(signature.minhashes)
        if not len(keys) or not len(buckets):
            return iter(())
        query = keys.ravel()
        # Looked up in sorted order (each search then starts near the one before, instead of
        # a cold walk down the whole array), and put back in the order asked.
        order = np.argsort(query)
        ordered = query[order]
        low = np.empty_like(order)
        low[order] = np.searchsorted(buckets, ordered, side="left")
        counts = np.empty_like(order)
        counts[order] = np.searchsorted(buckets, ordered, side="right")
        counts -= low
        total = int(counts.sum())
        if not total:
            return iter(())
        met = np.repeat(np.arange(len(query)), counts)
        first = np.cumsum(counts) - counts
        at = low[met] + np.arange(total) - first[met]
        ours, owner, theirs = met // keys.shape[1], owners[at], passages[at]
        # A key added more than once has entries under each of its numbers.
        skip = [n for key in set(exclude) for n in self._numbers.get(key, ())]
        if skip:
            kept = owner != skip[0] if len(skip) == 1 else ~np.isin(owner, skip)
            ours, owner, theirs = ours[kept], owner[kept], theirs[kept]
        # Each triple at its first place.
        width = self._width
        triple = (ours * len(self._names) + owner) * width + theirs
        _, where = np.unique(triple, return_index=True)
        where.sort()
        names = self._names
        return (
            (o, names[k], t)
            for o, k, t in zip(
                ours[where].tolist(), owner[where].tolist(), theirs[where].tolist(), strict=True
            )
        )


def confirmed_pairs(
    signature: Signature,
    candidates: Iterable[tuple[int, str, int]],
    sources: dict[str, Source],
    settings: CheckSettings,
) -> list[PassagePair]:
    """Candidates whose exact shingle Jaccard reaches the threshold, most similar first.

    The MinHash estimate screens candidates first (a vector comparison), so the exact
    Jaccard is computed only for the few that may reach the threshold.
    """
    pairs = []
    floor = settings.copy_threshold - ESTIMATE_MARGIN
    shingles: dict[tuple[str, int], set[int]] = {}

    def shingle_set(key: str, number: int, passage: Passage) -> set[int]:
        if (key, number) not in shingles:
            hashes = shingle_hashes(passage.text, settings.shingle_size)
            shingles[key, number] = set(hashes.tolist())
        return shingles[key, number]

    for ours, key, theirs in candidates:
        estimate = float(np.mean(signature.minhashes[ours] == sources[key].minhashes[theirs]))
        if estimate < floor:
            continue
        mine = signature.passages[ours]
        other = sources[key].passages[theirs]
        left = shingle_set("\0ours", ours, mine)
        right = shingle_set(key, theirs, other)
        similarity = len(left & right) / len(left | right) if left or right else 0.0
        if similarity >= settings.copy_threshold:
            pairs.append(PassagePair(mine, other, sources[key].label, round(similarity, 3)))
    pairs.sort(key=lambda p: (-p.similarity, p.ours.start))
    return pairs


def check_copying(
    document: ReportDocument, signature: Signature, pairs: list[PassagePair]
) -> Finding:
    """The finding for copied passages found by ``confirmed_pairs`` (or by the database)."""
    del signature
    copied = {(p.ours.start, p.ours.end) for p in pairs}
    copied_chars = sum(counted_length(document.text[s:e]) for s, e in copied)
    size = counted_length(document.text) or 1
    share = copied_chars / size
    if not pairs:
        return Finding(
            "copying",
            "雷同内容",
            Status.PASS,
            "未发现与其他报告雷同的段落。",
            figures={"copied_share": 0.0},
        )
    sources = sorted({p.source for p in pairs})
    status = Status.FAIL if share >= 0.1 else Status.WARN
    message = (
        f"{len(copied)} 段与其他报告雷同（占全文 {share:.0%}），涉及：{'、'.join(sources[:5])}"
        + (f" 等 {len(sources)} 份" if len(sources) > 5 else "")
    )
    return Finding(
        "copying",
        "雷同内容",
        status,
        message + "。",
        tuple(p.ours for p in pairs),
        tuple(pairs),
        figures={"copied_share": round(share, 4), "pairs": len(pairs)},
    )

"""Exact and near-duplicate detection: a normalised-text hash, and MinHash over word shingles.

Wire copies of one story differ by a headline, a byline or a trimmed last paragraph, so an
exact hash misses them. MinHash estimates the Jaccard similarity of two texts' sets of word
5-grams; locality-sensitive hashing (16 bands of 4 minima) finds the candidates with an
indexed lookup, and a candidate joins the story when its estimated similarity reaches the
threshold. With 16x4 bands a pair at Jaccard 0.7 becomes a candidate with probability 0.99.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

import numpy as np

__all__ = [
    "BANDS",
    "NEAR_DUPLICATE_THRESHOLD",
    "Signature",
    "band_hashes",
    "normalised_text",
    "similarity",
    "signature",
    "text_hash",
]

PERMUTATIONS = 64
BANDS = 16
ROWS = PERMUTATIONS // BANDS
SHINGLE_WORDS = 5
NEAR_DUPLICATE_THRESHOLD = 0.7

_MERSENNE = np.uint64((1 << 61) - 1)
_MAX32 = np.uint64(0xFFFFFFFF)
_random = np.random.RandomState(1)  # fixed: signatures must be stable across runs
_A = _random.randint(1, (1 << 61) - 1, size=PERMUTATIONS, dtype=np.uint64)
_B = _random.randint(0, (1 << 61) - 1, size=PERMUTATIONS, dtype=np.uint64)
_WORD = re.compile(r"\w+")


def normalised_text(text: str) -> str:
    """Case-, width- and whitespace-folded text: what "the same text" means for dedup."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def text_hash(text: str) -> str:
    return hashlib.sha256(normalised_text(text).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Signature:
    """64 MinHash minima (uint32), or empty for a text without words."""

    values: bytes

    @property
    def empty(self) -> bool:
        return not self.values


def _shingle_hashes(text: str) -> np.ndarray:
    words = _WORD.findall(normalised_text(text))
    width = min(SHINGLE_WORDS, len(words))
    shingles = {" ".join(words[i : i + width]) for i in range(len(words) - width + 1)} if words else set()
    hashes = [
        int.from_bytes(hashlib.blake2b(s.encode("utf-8"), digest_size=4).digest(), "little")
        for s in shingles
    ]
    return np.fromiter(hashes, dtype=np.uint64, count=len(hashes))


def signature(text: str) -> Signature:
    """The MinHash signature of ``text`` (permutations ``(a*h + b) mod p``, as datasketch)."""
    hashes = _shingle_hashes(text)
    if hashes.size == 0:
        return Signature(b"")
    with np.errstate(over="ignore"):  # uint64 wrap-around is part of the hash family
        permuted = ((hashes[:, None] * _A[None, :] + _B[None, :]) % _MERSENNE) & _MAX32
    return Signature(permuted.min(axis=0).astype("<u4").tobytes())


def similarity(left: Signature, right: Signature) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets."""
    if left.empty or right.empty:
        return 0.0
    a = np.frombuffer(left.values, dtype="<u4")
    b = np.frombuffer(right.values, dtype="<u4")
    return float(np.count_nonzero(a == b)) / PERMUTATIONS


def band_hashes(sig: Signature) -> tuple[int, ...]:
    """One signed 63-bit hash per band (SQLite integers are signed 64-bit)."""
    if sig.empty:
        return ()
    row_bytes = 4 * ROWS
    return tuple(
        int.from_bytes(
            hashlib.blake2b(sig.values[i * row_bytes : (i + 1) * row_bytes], digest_size=8).digest(),
            "little",
        )
        >> 1
        for i in range(BANDS)
    )

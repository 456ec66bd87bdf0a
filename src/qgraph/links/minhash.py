"""MinHash signatures of word 3-shingles and their LSH band keys, vectorised with numpy.

* A word is hashed with CRC-32 of its UTF-8 bytes (stable across runs and machines, unlike
  Python's salted ``hash``); a shingle of three consecutive words ``(u, v, w)`` gets the 32-bit
  hash ``(u·C1 + v·C2 + w·C3 mod 2⁶⁴) >> 32``.
* Permutation ``i`` (``NUM_PERM`` of them) is the multiply-add-shift hash
  ``h_i(x) = (a_i·x + b_i mod 2⁶⁴) >> 32`` (strongly universal for 32-bit keys), with ``a_i``,
  ``b_i`` taken from BLAKE2b of ``"qgraph-minhash-{i}"``: fixed forever, no random generator
  whose stream could change with a numpy version.
* The signature is the minimum of each permutation over the text's shingles (duplicates do not
  change a minimum, so the shingle multiset need not be made a set).
* LSH: ``BANDS`` bands of ``ROWS`` values (37 × 3, what datasketch's ``MinHashLSH`` picks for
  Jaccard 0.3 and 128 permutations: probability of sharing a band 1 − (1 − J³)³⁷, 0.64 at
  J = 0.3, 0.03 at J = 0.1); each band is folded into one 64-bit key. Two texts are LSH
  candidates when one band key is equal.

One text costs a Python list of word hashes plus a few numpy operations on a
(shingles × 128) array; signatures of many texts are computed in chunks of texts at once.
"""

from __future__ import annotations

import hashlib
import zlib
from collections import Counter
from collections.abc import Sequence

import numpy as np

from qgraph.links.params import BANDS, NUM_PERM, ROWS

_U64 = np.uint64
_C = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9], dtype=_U64)
_SHIFT = _U64(32)


def _coefficients() -> tuple[np.ndarray, np.ndarray]:
    a, b = [], []
    for i in range(NUM_PERM):
        digest = hashlib.blake2b(f"qgraph-minhash-{i}".encode(), digest_size=16).digest()
        a.append(int.from_bytes(digest[:8], "little") | 1)
        b.append(int.from_bytes(digest[8:], "little"))
    return np.array(a, dtype=_U64), np.array(b, dtype=_U64)


_A, _B = _coefficients()
STATS: Counter[str] = Counter()  # signatures computed in this process (tests count them)
def shingle_hashes(cleaned: str) -> np.ndarray:
    """32-bit hashes (as uint64) of the word 3-shingles of a cleaned text of ≥ 3 words."""
    # a cleaned text is ASCII: its bytes split as its characters do, without a str per word
    w = np.fromiter(map(zlib.crc32, cleaned.encode().split()), dtype=_U64)
    if len(w) < 3:
        raise ValueError("a text of at least 3 words is needed")
    return (w[:-2] * _C[0] + w[1:-1] * _C[1] + w[2:] * _C[2]) >> _SHIFT


def signatures(texts: Sequence[str], chunk_cells: int = 1 << 20) -> np.ndarray:
    """MinHash signatures (``len(texts)`` × ``NUM_PERM``, uint32) of cleaned texts of ≥ 3 words."""
    out = np.empty((len(texts), NUM_PERM), dtype=np.uint32)
    STATS["signatures"] += len(texts)
    hashes = [shingle_hashes(t) for t in texts]
    start = 0
    while start < len(hashes):  # several texts per numpy pass, a bounded array (8 MB) per pass
        end, cells = start, 0
        while end < len(hashes) and (end == start or cells + len(hashes[end]) * NUM_PERM <= chunk_cells):
            cells += len(hashes[end]) * NUM_PERM
            end += 1
        h = np.concatenate(hashes[start:end])
        offsets = np.cumsum([0] + [len(x) for x in hashes[start:end - 1]])
        # permutations × shingles: the minima are taken along rows, 2× faster than along columns
        permuted = _A[:, None] * h
        permuted += _B[:, None]
        # x ↦ x >> 32 keeps order, so the shift is applied to the minima only
        out[start:end] = (np.minimum.reduceat(permuted, offsets, axis=1) >> _SHIFT).T
        start = end
    return out


def band_keys(sigs: np.ndarray) -> np.ndarray:
    """One 64-bit key per LSH band (``n`` × ``BANDS``, uint64) of ``n`` signatures."""
    s = sigs[:, :BANDS * ROWS].astype(_U64).reshape(len(sigs), BANDS, ROWS)
    return (s[:, :, 0] * _C[0]) ^ (s[:, :, 1] * _C[1]) ^ ((s[:, :, 2] + _U64(0x5BD1E995)) * _C[2])


def estimated_jaccard(sigs: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    """The share of equal signature values of each pair of rows (``pairs``: k × 2 indices)."""
    out = np.zeros(len(pairs))
    for start in range(0, len(pairs), 10_000):  # bounded memory: 12 MB of rows per pass
        chunk = pairs[start:start + 10_000]
        out[start:start + len(chunk)] = (sigs[chunk[:, 0]] == sigs[chunk[:, 1]]).mean(axis=1)
    return out

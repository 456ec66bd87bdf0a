"""Re-asked questions: a later question, in a later legislature, that repeats an earlier one.

Method (``qg:method`` ``"minhash-lsh/char-ngram-cosine"``):

1. **Cleaning** (``links.text.clean_text``): the author/minister opening is dropped, case and
   accents folded, only words kept. Texts shorter than ``MIN_WORDS`` words are left out.
2. **Candidates**: MinHash signatures (``NUM_PERM`` permutations, ``links.minhash``) of the word
   3-shingles, cut into LSH bands tuned for Jaccard ≥ 0.3; two questions are candidates when they
   share a band bucket. No all-pairs comparison: the work grows with the number of questions
   plus the number of candidate pairs. Buckets larger than ``MAX_BUCKET`` (boilerplate shared
   by hundreds of texts) are skipped, and so are pairs whose signatures agree on fewer than
   ``MIN_JACCARD`` (0.15) of their values: with 37 bands of 3, pairs of unrelated texts
   (Jaccard ≈ 0.02–0.1) still share a band by chance, about one in a thousand — at 100,000
   questions a million chance candidates, each costing a cosine. The LSH itself finds a pair of
   Jaccard 0.15 only 12 % of the time (0.3: 64 %, 0.5: 99 %), so the filter mostly removes luck.
3. **Verification**: cosine of the two texts' character 3–5-gram count vectors (n-grams taken
   inside words padded with spaces, like scikit-learn's ``char_wb``). Plain term counts, not
   TF-IDF: a pair measure needs no corpus statistics, so a pair's score does not change when
   unrelated questions are ingested — which is what lets ``links.refresh`` keep the scores of
   unchanged pairs and score only the pairs of new or changed questions.
4. **Decision**, for pairs whose later question is in a later legislature:

   * same author (one deputy IRI in common) and score ≥ ``REASKED_MIN`` (0.80): ``qg:reasked``
     (a reworded, re-dated, renumbered copy by the same deputy scores 0.85–1.0; the same
     deputy on another subject scores well below 0.6);
   * other authors and score ≥ ``REASKED_BY_MIN`` (0.90): ``qg:reaskedBy`` — near-identical
     texts only (a question taken up by a colleague, or a shared template); other deputies'
     questions on the same subject, written independently, score about 0.5–0.75.

   Authors are not part of the score: pairs scoring ≥ ``REASKED_MIN`` are kept, and the
   decision is taken with the authors the store holds at the time (a page's author may become
   an AN deputy when AMO data arrives).

The thresholds are checked by ``tests/test_links_reasked.py`` on pairs the tests build.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from qgraph.links.minhash import band_keys, estimated_jaccard, signatures
from qgraph.links.params import (
    MAX_BUCKET,
    METHOD,
    MIN_JACCARD,
    MIN_WORDS,
    NUM_PERM,
    REASKED_BY_MIN,
    REASKED_MIN,
)
from qgraph.links.text import clean_text, word_count

__all__ = ["MAX_BUCKET", "METHOD", "MIN_JACCARD", "MIN_WORDS", "NUM_PERM", "REASKED_BY_MIN",
           "REASKED_MIN", "Buckets", "Link", "QuestionText", "Scorer", "decide",
           "find_links", "similarity"]


@dataclass(frozen=True)
class QuestionText:
    """What the detector needs of one question; ``authors`` are deputy IRIs."""

    uid: str
    legislature: int
    text: str
    authors: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Link:
    earlier: str
    later: str
    score: float
    same_author: bool
    deputy: str | None  # the common author (same_author) or the later question's author

    @property
    def relation(self) -> str:
        return "reasked" if self.same_author else "reaskedBy"


def char_ngrams(cleaned: str) -> Counter[str]:
    """Counts of the character 3-, 4- and 5-grams of each space-padded word."""
    grams: list[str] = []
    for word in cleaned.split():  # one list, counted once in C: 3x faster than Counter.update per n
        padded = f" {word} "
        size = len(padded)
        grams += [padded[i:i + 3] for i in range(size - 2)]
        grams += [padded[i:i + 4] for i in range(size - 3)]
        grams += [padded[i:i + 5] for i in range(size - 4)]
    return Counter(grams)


def _cosine(ca: Counter[str], na: float, cb: Counter[str], nb: float) -> float:
    if len(ca) > len(cb):
        ca, cb = cb, ca
    dot = sum(v * cb[k] for k, v in ca.items() if k in cb)
    return dot / (na * nb) if na and nb else 0.0


def _norm(c: Counter[str]) -> float:
    return math.sqrt(sum(v * v for v in c.values()))


def similarity(a: str, b: str) -> float:
    """Cosine of the character 3–5-gram count vectors of two cleaned texts (0…1)."""
    ca, cb = char_ngrams(a), char_ngrams(b)
    return _cosine(ca, _norm(ca), cb, _norm(cb))


# A cleaned text is words of [a-z0-9] joined by single spaces: its n-grams (3 ≤ n ≤ 5, inside
# space-padded words) are coded as integers in base 38, one digit per character (1…37), so
# grams of different lengths never share a code and a 5-gram fits in 32 bits.
_ALPHABET = " abcdefghijklmnopqrstuvwxyz0123456789"
_DIGIT = np.zeros(256, dtype=np.uint32)
_DIGIT[np.frombuffer(_ALPHABET.encode(), dtype=np.uint8)] = np.arange(1, len(_ALPHABET) + 1, dtype=np.uint32)
_Vector = tuple[np.ndarray, np.ndarray, float]  # sorted gram codes, their counts, the norm


def gram_vector(cleaned: str) -> _Vector | None:
    """``char_ngrams`` of a cleaned text as sorted integer codes and counts (about 20× less
    memory than the Counter, and faster); None for a text with other characters or spacing."""
    if not cleaned:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64), 0.0
    padded = f" {cleaned} "
    if not padded.isascii() or "  " in padded:
        return None
    digits = _DIGIT[np.frombuffer(padded.encode("ascii"), dtype=np.uint8)]
    if not digits.all():
        return None
    spaces = np.concatenate(([0], np.cumsum(digits == 1)))
    codes = []
    for n in (3, 4, 5):
        m = len(digits) - n + 1
        if m <= 0:
            continue
        code = np.zeros(m, dtype=np.uint32)
        for k in range(n):
            code = code * 38 + digits[k:k + m]
        inside = spaces[n - 1:n - 1 + m] - spaces[1:1 + m] == 0  # no space but at the ends: one word
        codes.append(code[inside])
    keys, counts = np.unique(np.concatenate(codes), return_counts=True)
    counts = counts.astype(np.int64)
    return keys.astype(np.uint64), counts, math.sqrt(int((counts ** 2).sum()))


def _vector_cosine(a: _Vector, b: _Vector) -> float:
    (ka, ca, na), (kb, cb, nb) = a, b
    if not (na and nb):
        return 0.0
    if len(ka) > len(kb):
        ka, ca, kb, cb = kb, cb, ka, ca
    at = np.minimum(np.searchsorted(kb, ka), len(kb) - 1)
    same = kb[at] == ka
    dot = int((ca[same] * cb[at[same]]).sum())
    return dot / (na * nb)


class Scorer:
    """Pair scores (rounded to 4 places) with each text's n-gram counts computed once and
    dropped after its last pair (:meth:`score_all`)."""

    def __init__(self, cleaned: Mapping[str, str]) -> None:
        self.cleaned = cleaned
        self._vectors: dict[str, _Vector] = {}
        self._other_grams: dict[str, int] = {}  # codes of grams with characters outside _ALPHABET

    def _code(self, gram: str) -> int:
        code = 0
        for char in gram:
            digit = _ALPHABET.find(char) + 1
            if not digit:
                return self._other_grams.setdefault(gram, (1 << 32) + len(self._other_grams))
            code = code * 38 + digit
        return code

    def _vector(self, uid: str) -> _Vector:
        v = self._vectors.get(uid)
        if v is None:
            v = gram_vector(self.cleaned[uid])
            if v is None:  # not a text of clean_text: coded gram by gram
                counts = char_ngrams(self.cleaned[uid])
                coded = sorted((self._code(g), c) for g, c in counts.items())
                v = (np.array([k for k, _c in coded], dtype=np.uint64),
                     np.array([c for _k, c in coded], dtype=np.int64), _norm(counts))
            self._vectors[uid] = v
        return v

    def score(self, a: str, b: str) -> float:
        return round(_vector_cosine(self._vector(a), self._vector(b)), 4)

    def score_all(self, pairs: Sequence[tuple[str, str]]) -> list[float]:
        """The scores of ``pairs``, in order; a text's vector is freed after its last pair
        (tens of thousands of texts take part in a refresh at 600,000 questions)."""
        uses = Counter(u for p in pairs for u in p)
        out = []
        for a, b in pairs:
            out.append(self.score(a, b))
            for u in (a, b):
                uses[u] -= 1
                if not uses[u]:
                    self._vectors.pop(u, None)
        return out


_PAIRS_AT_ONCE = 20_000_000  # raw candidate pairs gathered before deduplicating (160 MB)


class Buckets:
    """The LSH buckets of ``n`` items given their band keys (``n`` × bands, uint64): per band,
    the buckets of two items or more (the others give no pair), each as a run of its members.

    Most items are alone in their bucket of a band: keeping every bucket took ~3 MB per band
    at 100,000 questions, 118 MB for the 37 bands, at the ingest's memory peak (BENCHMARKS.md)."""

    def __init__(self, keys: np.ndarray) -> None:
        self.keys = keys
        # per band: members (run after run), each run's key, start in ``members``, size
        self._bands: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
        n = len(keys)
        for band in range(keys.shape[1]):
            col = keys[:, band]
            order = np.argsort(col)  # the order inside a bucket does not matter
            sk = col[order]
            starts = np.flatnonzero(np.r_[True, sk[1:] != sk[:-1]]) if n else np.zeros(0, dtype=np.int64)
            sizes = np.diff(np.r_[starts, n]).astype(np.int64)
            shared = sizes >= 2
            starts, sizes = starts[shared], sizes[shared]
            members = order[np.repeat(starts, sizes) + _ranks(sizes)]
            self._bands.append((members, sk[starts], np.cumsum(sizes) - sizes, sizes))

    def pairs(self, fresh: np.ndarray, departed: Sequence[Counter[int]] | None = None) -> np.ndarray:
        """Candidate pairs (k × 2 rows, ``i < j``, sorted): pairs sharing a bucket of
        2…``MAX_BUCKET`` items one of which is ``fresh`` (new or changed), plus every pair of a
        bucket that held more than ``MAX_BUCKET`` items before the old versions of the fresh
        items (``departed[band]``: old key → count) left it.

        With every item fresh these are all the candidates; with a few fresh, the candidates
        gained since the fresh items changed (pairs lost are found with ``shared_small``)."""
        n = len(self.keys)
        found: list[np.ndarray] = []  # pairs coded as i * n + j (i < j): 1-D, cheap to sort
        pending: list[np.ndarray] = []
        pending_size = 0
        fresh_i = fresh.astype(np.int64)
        for band, (order, bucket_keys, starts, sizes) in enumerate(self._bands):
            if not len(order):
                continue
            n_fresh = np.add.reduceat(fresh_i[order], starts)
            n_gone = np.zeros(len(starts), dtype=np.int64)
            gone = departed[band] if departed else None
            if gone:
                gone_keys = np.array(sorted(gone), dtype=np.uint64)
                gone_counts = np.array([gone[k] for k in sorted(gone)], dtype=np.int64)
                at = np.minimum(np.searchsorted(gone_keys, bucket_keys), len(gone_keys) - 1)
                hit = gone_keys[at] == bucket_keys
                n_gone[hit] = gone_counts[at[hit]]
            was_big = sizes - n_fresh + n_gone > MAX_BUCKET
            small = sizes <= MAX_BUCKET
            for r in np.flatnonzero(small & ((n_fresh > 0) | was_big)):
                members = order[starts[r]:starts[r] + sizes[r]].astype(np.int64)
                left = members if was_big[r] else members[fresh[members]]
                a, b = np.repeat(left, len(members)), np.tile(members, len(left))
                lo, hi = np.minimum(a, b), np.maximum(a, b)
                distinct = lo != hi
                code = lo[distinct] * n + hi[distinct]
                pending.append(code)
                pending_size += len(code)
            if pending_size > _PAIRS_AT_ONCE:  # the same pair comes from many bands: dedupe as we go
                found, pending, pending_size = [np.unique(np.concatenate(found + pending))], [], 0
        codes = np.unique(np.concatenate(found + pending)) if found or pending else np.zeros(0, dtype=np.int64)
        return np.column_stack([codes // n, codes % n]) if n else np.zeros((0, 2), dtype=np.int64)

    def shared_small(self, pairs: np.ndarray) -> np.ndarray:
        """Which pairs (k × 2 rows) share a bucket of at most ``MAX_BUCKET`` items."""
        out = np.zeros(len(pairs), dtype=bool)
        if len(pairs) == 0:
            return out
        a, b = pairs[:, 0], pairs[:, 1]
        for band, (_order, bucket_keys, _starts, sizes) in enumerate(self._bands):
            if not len(sizes):
                continue
            same = self.keys[a, band] == self.keys[b, band]
            run = np.searchsorted(bucket_keys, self.keys[a, band])
            out |= same & (sizes[np.minimum(run, len(sizes) - 1)] <= MAX_BUCKET)
        return out


def _ranks(sizes: np.ndarray) -> np.ndarray:
    """0, 1, …, size − 1 for each size, end to end."""
    return np.arange(int(sizes.sum())) - np.repeat(np.cumsum(sizes) - sizes, sizes)


def decide(earlier: str, later: str, score: float, earlier_authors: frozenset[str],
           later_authors: frozenset[str]) -> Link | None:
    """The link between two questions of different legislatures (``earlier`` first), if any."""
    common = earlier_authors & later_authors
    if score < (REASKED_MIN if common else REASKED_BY_MIN):
        return None
    deputy = min(common) if common else (min(later_authors) if later_authors else None)
    return Link(earlier, later, score, bool(common), deputy)


def find_links(items: Iterable[QuestionText]) -> list[Link]:
    """The re-ask links among ``items``, sorted by (earlier, later): the whole method in memory
    (``links.refresh`` runs the same steps incrementally on a store)."""
    meta: dict[str, QuestionText] = {}
    cleaned: dict[str, str] = {}
    for item in items:
        text = clean_text(item.text)
        if word_count(text) < MIN_WORDS or item.uid in meta:
            continue
        meta[item.uid] = item
        cleaned[item.uid] = text
    uids = sorted(meta)
    sigs = signatures([cleaned[u] for u in uids])
    candidates = Buckets(band_keys(sigs)).pairs(np.ones(len(uids), dtype=bool))
    candidates = candidates[estimated_jaccard(sigs, candidates) >= MIN_JACCARD]
    scorer = Scorer(cleaned)
    links: list[Link] = []
    for i, j in candidates.tolist():
        a, b = meta[uids[i]], meta[uids[j]]
        if a.legislature == b.legislature:
            continue
        if a.legislature > b.legislature:
            a, b = b, a
        link = decide(a.uid, b.uid, scorer.score(a.uid, b.uid), a.authors, b.authors)
        if link:
            links.append(link)
    return sorted(links, key=lambda k: (k.earlier, k.later))

"""Re-asked questions: a later question, in a later legislature, that repeats an earlier one.

Method (``qg:method`` ``"minhash-lsh/char-ngram-cosine"``):

1. **Cleaning** (``links.text.clean_text``): the author/minister opening is dropped, case and
   accents folded, only words kept. Texts shorter than ``MIN_WORDS`` words are left out.
2. **Candidates**: MinHash signatures (``NUM_PERM`` permutations) of the word 3-shingles go
   into a MinHash LSH index tuned for Jaccard ≥ ``LSH_THRESHOLD``; two questions are candidates
   when they share a band bucket. No all-pairs comparison: the work grows with the number of
   questions plus the number of candidate pairs. Buckets larger than ``MAX_BUCKET`` (boilerplate
   shared by hundreds of texts) are skipped.
3. **Verification**: cosine of the two texts' character 3–5-gram count vectors (n-grams taken
   inside words padded with spaces, like scikit-learn's ``char_wb``). Plain term counts, not
   TF-IDF: a pair measure needs no corpus statistics, so a pair's score does not change when
   unrelated questions are ingested (and the ingest does not pay for importing scikit-learn).
4. **Decision**, for pairs whose later question is in a later legislature:

   * same author (one deputy IRI in common) and score ≥ ``REASKED_MIN`` (0.80): ``qg:reasked``
     (a reworded, re-dated, renumbered copy by the same deputy scores 0.85–1.0; the same
     deputy on another subject scores well below 0.6);
   * other authors and score ≥ ``REASKED_BY_MIN`` (0.90): ``qg:reaskedBy`` — near-identical
     texts only (a question taken up by a colleague, or a shared template); other deputies'
     questions on the same subject, written independently, score about 0.5–0.75.

The thresholds are checked by ``tests/test_links_reasked.py`` on pairs the tests build.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from datasketch import MinHash, MinHashLSH

from qgraph.links.text import clean_text, shingles

METHOD = "minhash-lsh/char-ngram-cosine"
NUM_PERM = 128
LSH_THRESHOLD = 0.3
MIN_WORDS = 15
MAX_BUCKET = 500
REASKED_MIN = 0.80
REASKED_BY_MIN = 0.90


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
    counts: Counter[str] = Counter()
    for word in cleaned.split():
        padded = f" {word} "
        for n in (3, 4, 5):
            counts.update(padded[i:i + n] for i in range(len(padded) - n + 1))
    return counts


def similarity(a: str, b: str) -> float:
    """Cosine of the character 3–5-gram count vectors of two cleaned texts (0…1)."""
    ca, cb = char_ngrams(a), char_ngrams(b)
    if len(ca) > len(cb):
        ca, cb = cb, ca
    dot = sum(v * cb[k] for k, v in ca.items() if k in cb)
    norm = math.sqrt(sum(v * v for v in ca.values())) * math.sqrt(sum(v * v for v in cb.values()))
    return dot / norm if norm else 0.0


def _signature(cleaned: str) -> MinHash:
    mh = MinHash(num_perm=NUM_PERM, seed=1)
    mh.update_batch([s.encode() for s in shingles(cleaned)])
    return mh


def candidate_pairs(lsh: MinHashLSH) -> Iterator[tuple[str, str]]:
    """Every pair of keys sharing an LSH bucket, each pair once."""
    seen: set[tuple[str, str]] = set()
    for table in lsh.hashtables:
        for bucket_key in table.keys():
            bucket = sorted(table.get(bucket_key))
            if len(bucket) < 2 or len(bucket) > MAX_BUCKET:
                continue
            for i, a in enumerate(bucket):
                for b in bucket[i + 1:]:
                    if (a, b) not in seen:
                        seen.add((a, b))
                        yield a, b


def find_links(items: Iterable[QuestionText]) -> list[Link]:
    """The re-ask links among ``items``, sorted by (earlier, later)."""
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    meta: dict[str, tuple[int, frozenset[str], str]] = {}
    for item in items:
        cleaned = clean_text(item.text)
        if len(cleaned.split()) < MIN_WORDS or item.uid in meta:
            continue
        meta[item.uid] = (item.legislature, item.authors, cleaned)
        lsh.insert(item.uid, _signature(cleaned))
    links: list[Link] = []
    for a, b in candidate_pairs(lsh):
        (leg_a, auth_a, text_a), (leg_b, auth_b, text_b) = meta[a], meta[b]
        if leg_a == leg_b:
            continue
        if leg_a > leg_b:
            a, b, auth_a, auth_b = b, a, auth_b, auth_a
        common = auth_a & auth_b
        score = similarity(text_a, text_b)
        if score >= (REASKED_MIN if common else REASKED_BY_MIN):
            deputy = min(common) if common else (min(auth_b) if auth_b else None)
            links.append(Link(a, b, round(score, 4), bool(common), deputy))
    return sorted(links, key=lambda k: (k.earlier, k.later))

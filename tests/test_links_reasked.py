"""Re-asked question detection on texts the tests build: reworded, re-dated, renumbered copies
are found; decoys on the same subject by other deputies and other subjects by the same deputy
are not; near-verbatim copies by another deputy are the weaker qg:reaskedBy."""

from __future__ import annotations

import random
import time

import pytest

from fixture_store import (
    DECOY_SUBJECT,
    DECOY_SUBJECT2,
    OTHER_SUBJECT,
    REASK_TEXT,
    SEED_TEXT,
    verbatim_copy,
)
from qgraph.links import QuestionText, clean_text, find_links, similarity
from qgraph.links.reasked import REASKED_BY_MIN, REASKED_MIN

A, B, C, D = (f"<https://w3id.org/qgraph/id/person/PA{n}>" for n in (1, 2, 3, 4))

pytestmark = pytest.mark.skipif(not SEED_TEXT, reason="the seed page is absent")


def q(uid: str, leg: int, text: str, *authors: str) -> QuestionText:
    return QuestionText(uid, leg, text, frozenset(authors))


def test_clean_text_drops_the_author_and_minister_formula() -> None:
    assert clean_text(SEED_TEXT).startswith("l attribution du projet emc2 a microsoft azure")
    assert clean_text("Mme Anne Dupont attire l'attention de Mme la ministre de la santé sur "
                      "l'hébergement des données. Elle demande à M. le ministre ce qu'il compte faire.") \
        == "l hebergement des donnees elle demande a ce qu il compte faire"


def _reference_clean_text(text: str) -> str:
    """clean_text as first written (regex word scan): the cached signatures depend on its output."""
    import re

    from qgraph.links.text import _OPENING, fold
    folded = _OPENING.sub("", fold(text), count=1)
    folded = re.sub(r"\b(?:m|mme|monsieur|madame)\.?\s+(?:le|la)\s+(?:premier\s+)?"
                    r"(?:ministre|secretaire\s+d\s?etat)\b", " ", folded)
    return " ".join(re.findall(r"[a-z0-9]+", folded))


def test_fast_clean_text_gives_the_words_of_the_regex_version() -> None:
    from collections import Counter

    from qgraph.links.reasked import char_ngrams
    rng = random.Random(7)
    alphabet = "aeimnorstléèçœ’'.-_ 0123456789MLİﬁ²½\u0301\u00a0\n"
    texts = [SEED_TEXT, REASK_TEXT, DECOY_SUBJECT, "M. le ministre", "mme  la  secrétaire d’État x",
             "Madame la Premier ministre", "", "İstanbul ﬁnance ½"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80))) for _ in range(3000)]
    for text in texts:
        assert clean_text(text) == _reference_clean_text(text), text
        words = clean_text(text).split()
        expected: Counter[str] = Counter()
        for word in words:
            padded = f" {word} "
            for n in (3, 4, 5):
                expected.update(padded[i:i + n] for i in range(len(padded) - n + 1))
        assert char_ngrams(clean_text(text)) == expected


def test_a_renumbered_redated_copy_with_a_new_minister_scores_one() -> None:
    later = SEED_TEXT.replace("alerte M. le Premier ministre", "appelle l'attention de Mme la ministre de la santé")
    links = find_links([q("QANR5L16QE15221", 16, SEED_TEXT, A), q("QANR5L17QE9", 17, later, A)])
    assert [(k.earlier, k.later, k.relation, k.score) for k in links] == \
        [("QANR5L16QE15221", "QANR5L17QE9", "reasked", 1.0)]


def test_reworded_reask_by_the_same_deputy_only() -> None:
    items = [q("QANR5L16QE15221", 16, SEED_TEXT, A), q("QANR5L17QE4242", 17, REASK_TEXT, A),
             q("QANR5L17QE4300", 17, DECOY_SUBJECT, B), q("QANR5L17QE4301", 17, DECOY_SUBJECT2, C),
             q("QANR5L17QE4400", 17, OTHER_SUBJECT, A)]
    links = find_links(items)
    assert [(k.earlier, k.later, k.relation, k.deputy) for k in links] == \
        [("QANR5L16QE15221", "QANR5L17QE4242", "reasked", A)]
    assert links[0].score > 0.95


def test_thresholds_separate_the_cases_with_a_margin() -> None:
    seed = clean_text(SEED_TEXT)
    assert similarity(seed, clean_text(REASK_TEXT)) > REASKED_MIN + 0.1
    for decoy in (DECOY_SUBJECT, DECOY_SUBJECT2):
        assert similarity(seed, clean_text(decoy)) < REASKED_MIN - 0.05
    assert similarity(seed, clean_text(OTHER_SUBJECT)) < REASKED_MIN - 0.2
    assert similarity(seed, clean_text(verbatim_copy("M. X interroge M. le ministre"))) > REASKED_BY_MIN


def test_a_near_verbatim_copy_by_another_deputy_is_reasked_by() -> None:
    links = find_links([q("QANR5L16QE15221", 16, SEED_TEXT, A),
                        q("QANR5L17QE4500", 17, verbatim_copy("M. Paul Copie interroge M. le ministre"), D)])
    assert [(k.relation, k.same_author, k.deputy) for k in links] == [("reaskedBy", False, D)]


def test_same_legislature_and_short_texts_are_not_linked() -> None:
    assert find_links([q("QANR5L16QE1", 16, SEED_TEXT, A), q("QANR5L16QE2", 16, SEED_TEXT, A)]) == []
    short = "M. X interroge M. le ministre sur les routes."
    assert find_links([q("QANR5L16QE1", 16, short, A), q("QANR5L17QE2", 17, short, A)]) == []


def test_earlier_is_the_lower_legislature_whatever_the_input_order() -> None:
    links = find_links([q("QANR5L17QE4242", 17, REASK_TEXT, A), q("QANR5L16QE15221", 16, SEED_TEXT, A)])
    assert [(k.earlier, k.later) for k in links] == [("QANR5L16QE15221", "QANR5L17QE4242")]


def test_candidates_come_from_lsh_not_all_pairs() -> None:
    rng = random.Random(7)
    vocab = [f"mot{i}" for i in range(5000)]
    items = [q(f"QANR5L{15 + i % 3}QE{i}", 15 + i % 3, " ".join(rng.choices(vocab, k=120)), A)
             for i in range(1500)]
    items += [q("QANR5L16QE15221", 16, SEED_TEXT, A), q("QANR5L17QE4242", 17, REASK_TEXT, A)]
    start = time.perf_counter()
    links = find_links(items)
    assert [(k.earlier, k.later) for k in links] == [("QANR5L16QE15221", "QANR5L17QE4242")]
    assert time.perf_counter() - start < 30


def _reference_signature(cleaned: str) -> list[int]:
    """The MinHash signature as minhash.py's docstring defines it, in plain Python integers."""
    import zlib

    from qgraph.links.minhash import _A, _B, _C
    from qgraph.links.params import NUM_PERM
    mask = (1 << 64) - 1
    w = [zlib.crc32(word.encode()) for word in cleaned.split()]
    c0, c1, c2 = (int(c) for c in _C)
    shingles = [((u * c0 + v * c1 + x * c2) & mask) >> 32 for u, v, x in zip(w, w[1:], w[2:], strict=False)]
    return [min(((int(_A[i]) * s + int(_B[i])) & mask) >> 32 for s in shingles) for i in range(NUM_PERM)]


@pytest.mark.parametrize("chunk_cells", [1, 5_000, 1 << 20])
def test_signatures_follow_their_definition_whatever_the_chunking(chunk_cells: int) -> None:
    from qgraph.links.minhash import signatures
    rng = random.Random(11)
    words = clean_text(SEED_TEXT + " " + REASK_TEXT).split()
    texts = [" ".join(rng.choice(words) for _ in range(rng.randint(3, 120))) for _ in range(25)]
    texts += [clean_text(SEED_TEXT), "a b c"]
    got = signatures(texts, chunk_cells=chunk_cells)
    assert got.shape == (len(texts), 128)
    for row, text in zip(got, texts, strict=True):
        assert row.tolist() == _reference_signature(text)

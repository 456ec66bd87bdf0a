"""The folding of question texts for re-ask comparison: the table path (Windows-1252 texts)
gives what the whole-text NFKD definition gives, character by character and in mixed texts."""

from __future__ import annotations

import random
import re
import unicodedata

import pytest

from qgraph.links import text as links_text
from qgraph.links.text import fold


def nfkd_fold(text: str) -> str:
    """The definition, over the whole text at once (what cached signatures were made with)."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'").replace("\u0153", "oe"))
    return re.sub("[\u0300-\u036f]+", "", text).lower()


CP1252 = "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256))
OUTSIDE = "\u0301\u0323\u0327µ½ΣσςİıﬁǄ\u2044αβ\U0001f600\ud7ff\u1e9e"


def test_every_windows_1252_character_folds_as_defined() -> None:
    assert len(set(CP1252)) == 256
    for char in CP1252:
        assert fold(char) == nfkd_fold(char), repr(char)
        assert fold(f"É{char}e\u0301") == nfkd_fold(f"É{char}e\u0301"), repr(char)


def test_mixed_texts_fold_as_defined() -> None:
    rng = random.Random(11)
    alphabet = CP1252 + OUTSIDE + "aeéE ’'œŒ…"
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        assert fold(text) == nfkd_fold(text), repr(text)
    assert fold("Œuvre d’État… 25 µg, ½ dose, CO₂") == nfkd_fold("Œuvre d’État… 25 µg, ½ dose, CO₂")


def test_a_french_text_is_folded_by_the_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(text: str) -> str:
        raise AssertionError(f"folded by the definition: {text!r}")
    monkeypatch.setattr(links_text, "_fold_unicode", refuse)
    text = ("M. Jean Dupont attire l’attention de Mme la ministre sur l’hébergement des données "
            "de santé « sensibles » chez Microsoft… Les cœurs battent ; 3 000 € — à ÉVITER ™.")
    assert fold(text) == nfkd_fold(text) == (
        "m. jean dupont attire l'attention de mme la ministre sur l'hebergement des donnees "
        "de sante « sensibles » chez microsoft... les coeurs battent ; 3 000 € — a eviter tm.")


def test_word_count_counts_the_words_of_cleaned_texts_as_split_does() -> None:
    from qgraph.links.text import clean_text, word_count

    rng = random.Random(5)
    alphabet = CP1252 + OUTSIDE + "  \n\t'’-"
    texts = ["", " ", "M. X attire l'attention de Mme la ministre sur le cloud.", "Un seul"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(5000)]
    counts = [word_count(clean_text(t)) for t in texts]
    assert counts == [len(clean_text(t).split()) for t in texts]
    assert counts[:4] == [0, 0, 2, 2] and max(counts) > 5

"""Question texts cleaned for comparison across legislatures.

A re-asked question is the same text under a new number, date, minister and sometimes
author formula; what differs is mostly the opening ("M. X attire l'attention de Mme la
ministre de … sur …"). ``clean_text`` drops that opening, folds case and accents, and keeps
words only, so that re-dating, renumbering and minister changes do not count.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

CLEANING = 2  # bump when clean_text changes what it returns: cached signatures are then redone

# "M. Philippe Latombe alerte M. le Premier ministre sur …", "Mme X interroge Mme la ministre
# de la santé sur …", "M. X appelle l'attention de M. le ministre … sur …": everything up to
# the first "sur"/"au sujet de"/"concernant" after one of these verbs is the formula.
_OPENING = re.compile(
    r"^\s*(?:m|mme|monsieur|madame)\.?\s.{0,80}?\b"
    r"(?:attire|appelle|alerte|interroge|questionne|sollicite|saisit|souhaite\s+interroger)\b"
    r".{0,250}?\b(?:sur|au\s+sujet\s+d[eu']|concernant|quant\s+a|a\s+propos\s+d[eu'])\s",
    re.DOTALL)
# Titles and civilities anywhere in the text ("M. le ministre", "Mme la secrétaire d'État").
_CIVILITY = re.compile(r"\bm(?:me|onsieur|adame)?\.?\s+(?:le|la)\s+(?:premier\s+)?"
                       r"(?:ministre|secretaire\s+d\s?etat)\b")
# Words are runs of [a-z0-9]: every other byte of the ASCII-encoded text becomes a space (the
# same words as re.findall("[a-z0-9]+"), in half the time).
_WORD_BYTES = bytes(c if (48 <= c <= 57 or 97 <= c <= 122) else 32 for c in range(256))
_MARKS = re.compile("[\u0300-\u036f]+")


def fold(text: str) -> str:
    """Lower case without accents; typographic apostrophes made plain. Accents are the marks of
    the Combining Diacritical Marks block (U+0300–U+036F) left by the NFKD decomposition: all
    that Latin letters use.

    A text written in the characters of Windows-1252 (French texts are) is folded by tables,
    in a third of the instructions; the others by :func:`_fold_unicode`, the definition. Both
    give the same result: NFKD decomposes each character on its own, and those of Windows-1252
    decompose into characters that are never reordered, except accents that are dropped anyway
    (``tests/test_links_text.py`` checks every character and mixed texts)."""
    if text.isascii():
        return text.lower()
    original = text
    for char, folded in _LONGER:
        if char in text:
            text = text.replace(char, folded)
    try:
        encoded = codecs.charmap_encode(text, "strict", _CP1252_MAP)[0]
    except UnicodeEncodeError:  # a character outside Windows-1252, or one folded outside it
        return _fold_unicode(original)
    return codecs.charmap_decode(encoded.translate(_FOLD_BYTES), "strict", _CP1252)[0].lower()


def _fold_unicode(text: str) -> str:
    return _unaccented(text).lower()


def _unaccented(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("’", "'").replace("\u0153", "oe"))
    return _MARKS.sub("", text)


def _fold_tables() -> tuple[str, bytes, tuple[tuple[str, str], ...]]:
    """Windows-1252 as a 256-character table (its five unassigned bytes as the C1 controls of
    Latin-1), the byte of each character's fold, and the characters whose fold is not one
    character of the table (replaced by their fold before encoding: "œ" → "oe", "µ" → "μ"; a fold
    outside the table then sends the text to :func:`_fold_unicode`)."""
    table = "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256))
    fold_bytes = bytearray(range(256))
    longer: list[tuple[str, str]] = []
    for b, char in enumerate(table):
        folded = _unaccented(char)
        if len(folded) == 1 and folded in table:
            fold_bytes[b] = table.index(folded)
        elif folded != char:
            longer.append((char, folded))
    return table, bytes(fold_bytes), tuple(longer)


_CP1252, _FOLD_BYTES, _LONGER = _fold_tables()
_CP1252_MAP = codecs.charmap_build(_CP1252)


def clean_text(text: str) -> str:
    """The words of a question text without its author/minister opening, folded."""
    folded = fold(text)
    folded = _OPENING.sub("", folded, count=1)
    if "ministre" in folded or "secretaire" in folded:  # the civility regex is slow to fail
        folded = _CIVILITY.sub(" ", folded)
    return " ".join(folded.encode("ascii", "replace").translate(_WORD_BYTES).decode("ascii").split())


def word_count(cleaned: str) -> int:
    """The words of a text :func:`clean_text` returned (words joined by single spaces), counted
    without splitting it."""
    return cleaned.count(" ") + 1 if cleaned else 0


def shingles(cleaned: str, size: int = 3) -> set[str]:
    """Word ``size``-grams of a cleaned text (the whole text when it is shorter)."""
    words = cleaned.split()
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + size]) for i in range(len(words) - size + 1)}

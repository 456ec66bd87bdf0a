"""Text folding and tokens shared by the matchers.

``fold`` maps every character to exactly one character (accents dropped, typographic
apostrophes and spaces made plain), so offsets in the folded text are offsets in the original.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

_SPECIAL = {
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'", "`": "'", "\u00b4": "'",
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
}
TOKEN = re.compile(r"\w+|[^\w\s]")


def _fold_char(c: str) -> str:
    if c in _SPECIAL:
        return _SPECIAL[c]
    base = unicodedata.normalize("NFD", c)[0]
    return base if unicodedata.category(base)[0] in "LN" else c


@cache
def _table() -> dict[int, str]:
    table = {}
    for code in range(0x80, 0x250):
        c = chr(code)
        f = _fold_char(c)
        if f != c:
            table[code] = f
    for c, f in _SPECIAL.items():
        table[ord(c)] = f
    return table


def fold(text: str) -> str:
    """Accents dropped, apostrophes/dashes/spaces normalised; same length as ``text``."""
    return text.translate(_table())


def fold_lower(text: str) -> str:
    """:func:`fold` then lower-case, keeping the length (characters whose lower form is longer
    are kept as they are)."""
    folded = fold(text)
    lowered = folded.lower()
    if len(lowered) == len(folded):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in folded)


def tokens(text: str) -> list[tuple[str, int, int]]:
    """``(token, start, end)`` for words and single punctuation marks."""
    return [(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text)]


def token_key(label: str) -> tuple[str, ...]:
    """The folded tokens of a label, case kept."""
    return tuple(t for t, _, _ in tokens(fold(label)))

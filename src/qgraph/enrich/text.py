"""Text folding and tokens shared by the matchers.

``fold`` maps every character to exactly one character (accents dropped, typographic
apostrophes and spaces made plain), so offsets in the folded text are offsets in the original.

Speed: a question text is folded once into three :class:`Views` of the same length (folded,
folded lower-case, and lower-case words with everything else blanked) by encoding it to cp1252
(where French text lives) and translating bytes through 256-entry tables: a few nanoseconds per
character, against ~130 for ``str.translate`` with a dict.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from encodings.cp1252 import decoding_table as _DECODING_TABLE
from encodings.cp1252 import encoding_table as _ENCODING_TABLE
from functools import cache

_SPECIAL = {
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'", "`": "'", "\u00b4": "'",
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
}
TOKEN = re.compile(r"\w+|[^\w\s]")
_CODEC = "cp1252"
_ERRORS = "qgraph-fold"
# Stand-ins, in the views only, for characters whose folded form is not in cp1252: same class
# (\w, \s or other) for the regexes, and in no gazetteer name or theme term.
_STAND_IN_WORD, _STAND_IN_SPACE, _STAND_IN_OTHER = "\u00aa", "\x1c", "\u00a4"


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


def _is_word_char(c: str) -> bool:
    """``c`` matches ``\\w`` (what ``re`` uses: alphanumeric or underscore)."""
    return c.isalnum() or c == "_"


def _fold_slow(text: str) -> str:
    return text.translate(_table())


def _fold_lower_slow(text: str) -> str:
    folded = _fold_slow(text)
    lowered = folded.lower()
    if len(lowered) == len(folded):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in folded)


def _byte_table(convert) -> bytes:
    """A ``bytes.translate`` table applying ``convert`` to each cp1252 character."""
    out = bytearray(range(256))
    for b in range(256):
        try:
            c = bytes([b]).decode(_CODEC)
        except UnicodeDecodeError:
            continue  # undefined in cp1252: never produced by encoding
        encoded = convert(c).encode(_CODEC)
        assert len(encoded) == 1, (c, convert(c))
        out[b] = encoded[0]
    return bytes(out)


_FOLD = _byte_table(_fold_slow)
_FOLD_LOWER = _byte_table(_fold_lower_slow)
_WORDS = _byte_table(lambda c: f if _is_word_char(f := _fold_lower_slow(c)) else " ")


def _encode_error(exc: UnicodeError) -> tuple[bytes, int]:
    """One byte per character cp1252 lacks: its folded form if cp1252 has it, else a stand-in
    of the same class."""
    assert isinstance(exc, UnicodeEncodeError)
    out = bytearray()
    for c in exc.object[exc.start:exc.end]:
        f = _fold_slow(c)
        try:
            encoded = f.encode(_CODEC)
        except UnicodeEncodeError:
            encoded = b""
        if len(encoded) != 1:
            stand_in = (_STAND_IN_WORD if _is_word_char(f) else
                        _STAND_IN_SPACE if f.isspace() else _STAND_IN_OTHER)
            encoded = stand_in.encode(_CODEC)
        out += encoded
    return bytes(out), exc.end


codecs.register_error(_ERRORS, _encode_error)


def fold(text: str) -> str:
    """Accents dropped, apostrophes/dashes/spaces normalised; same length as ``text``."""
    try:
        return _decode(codecs.charmap_encode(text, "strict", _ENCODING_TABLE)[0].translate(_FOLD))
    except UnicodeEncodeError:
        return _fold_slow(text)


def fold_lower(text: str) -> str:
    """:func:`fold` then lower-case, keeping the length (characters whose lower form is longer
    are kept as they are)."""
    try:
        encoded = codecs.charmap_encode(text, "strict", _ENCODING_TABLE)[0]
        return _decode(encoded.translate(_FOLD_LOWER))
    except UnicodeEncodeError:
        return _fold_lower_slow(text)


class Views:
    """A text folded once for matching; ``folded[i]``, ``lower[i]`` and ``words[i + 1]`` stand
    for ``text[i]``.

    ``words`` is `` `` + the lower-case folded text with every non-word character made a space
    + `` ``, so each word is preceded and followed by a space. Characters cp1252 cannot hold
    (after folding) are replaced in all three by a stand-in of the same class (word, space,
    other), which no gazetteer name or theme term contains. In ``words`` only, the word
    characters of cp1252's 0x80–0x9F range (œ, ƒ, ˆ) appear as the C1 control code points of
    the same bytes (decoding as latin-1 is much faster), which no anchor contains either.
    ``folded`` is only computed when first read.
    """

    __slots__ = ("_encoded", "_folded", "lower", "words")

    def __init__(self, encoded: bytes) -> None:
        self._encoded = encoded
        self._folded: str | None = None
        self.lower: str = _decode(encoded.translate(_FOLD_LOWER))
        self.words: str = (b" " + encoded.translate(_WORDS) + b" ").decode("latin-1")

    @property
    def folded(self) -> str:
        if self._folded is None:
            self._folded = _decode(self._encoded.translate(_FOLD))
        return self._folded


def _encode(text: str) -> bytes:
    return codecs.charmap_encode(text, _ERRORS, _ENCODING_TABLE)[0]


def _decode(data: bytes) -> str:
    return codecs.charmap_decode(data, "strict", _DECODING_TABLE)[0]


def views(text: str) -> Views:
    return Views(_encode(text))


def word_view(lower: str) -> str:
    """The ``words`` view of an already folded lower-case text."""
    return (b" " + _encode(lower).translate(_WORDS) + b" ").decode("latin-1")


def tokens(text: str) -> list[tuple[str, int, int]]:
    """``(token, start, end)`` for words and single punctuation marks."""
    return [(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text)]


def token_key(label: str) -> tuple[str, ...]:
    """The folded tokens of a label, case kept."""
    return tuple(t for t, _, _ in tokens(fold(label)))


def token_before(v: Views, pos: int) -> tuple[str, int] | None:
    """The :data:`TOKEN` token of ``v.lower`` that ends last at or before ``pos`` (``pos`` being
    a token start), and its start; None at the start of the text."""
    lower = v.lower
    end = pos
    while end > 0:  # skip whitespace back, a window at a time
        lo = max(0, end - 32)
        kept = len(lower[lo:end].rstrip())
        if kept:
            end = lo + kept
            break
        end = lo
    if end == 0:
        return None
    if v.words[end] == " ":  # words[i + 1] stands for text[i]: not a word character
        return lower[end - 1], end - 1
    start = v.words.rfind(" ", 0, end)  # the space before the word, at words[start]
    return lower[start:end], start


def token_after(v: Views, pos: int) -> tuple[str, int] | None:
    """The :data:`TOKEN` token of ``v.lower`` that starts first at or after ``pos`` (``pos``
    being a token end), and its end; None at the end of the text."""
    lower = v.lower
    size = len(lower)
    start = pos
    while start < size:  # skip whitespace, a window at a time
        hi = start + 32
        chunk = lower[start:hi]
        skipped = len(chunk) - len(chunk.lstrip())
        if skipped < len(chunk):
            start += skipped
            break
        start = hi
    if start >= size:
        return None
    if v.words[start + 1] == " ":
        return lower[start], start + 1
    end = v.words.find(" ", start + 1) - 1  # the space after the word, at words[end + 1]
    return lower[start:end], end

"""N-Triples/N-Quads term writing.

Mappers produce triples of already-serialised terms (``"<iri>"``, ``'"lit"^^<dt>'``) because
writing N-Quads text and bulk-loading it is the fastest path into Oxigraph (see
BENCHMARKS.md); it also keeps every mapper free of any store object.
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import quote

from qgraph.records.strings import without_surrogates

Triple = tuple[str, str, str]

XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_STRING = f"<{XSD}string>"

_ESCAPE_PAIRS = (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r"))  # backslash first
# What may not appear raw in an IRI in N-Triples: ASCII controls, space and delimiters, code
# points outside RFC 3987's ucschar (private use, non-characters, surrogates), and a "%" that
# does not start a %XX escape.
_NONCHARS = "".join(chr(plane * 0x10000 + 0xFFFE) + chr(plane * 0x10000 + 0xFFFF) for plane in range(1, 15))
_IRI_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f-\x9f\ud800-\udfff\ue000-\uf8ff\ufdd0-\ufdef'
                         r'\ufff0-\uffff\U000e0000-\U000e0fff\U000f0000-\U0010ffff' + _NONCHARS + r']'
                         r'|%(?![0-9A-Fa-f]{2})')


_ASCII_UNSAFE = frozenset('\x7f<>"{}|^`\\%' + "".join(chr(c) for c in range(0x21)))


def iri(value: str) -> str:
    """An IRI term; characters illegal in IRIs are percent-encoded."""
    if value.isascii() and _ASCII_UNSAFE.isdisjoint(value):
        return f"<{value}>"  # the common case, without the (slow) full regex
    if _IRI_UNSAFE.search(value):
        value = _IRI_UNSAFE.sub(lambda m: quote(m.group(0), safe="", errors="surrogatepass"), value)
    return f"<{value}>"


def checked_iri(value: str) -> str | None:
    """An IRI term for an address found in a source (e.g. a web page URL), or None when it is
    not an absolute IRI even once encoded (a bad host, no scheme): such a value is dropped."""
    from pyoxigraph import NamedNode

    term = iri(value.strip())
    try:
        NamedNode(term[1:-1])
    except ValueError:
        return None
    return term if re.match(r"<[A-Za-z][A-Za-z0-9+.-]*:", term) else None


def id_segment(value: str) -> str:
    """Make an official identifier safe as one IRI path segment (no ``/``, ``#``, ``?``)."""
    value = value.strip()
    if value.isascii() and value.isalnum():
        return value  # uids and AN ids: nothing to quote
    return quote(value, safe="-._~", errors="surrogatepass")  # a lone surrogate: %ED%A0%80


def _clean(text: str) -> str:
    # Hot path (every literal; texts of several KB): str.translate with a dict and a regex scan
    # cost ~400 µs on a 2 KB accented text; a strict encode (fails only on lone surrogates)
    # and str.replace for the four escaped characters cost ~5 µs.
    text = without_surrogates(text)
    for char, escaped in _ESCAPE_PAIRS:
        if char in text:
            text = text.replace(char, escaped)
    return text


def lit(value: str, lang: str | None = None) -> str:
    """A plain string literal (or a language-tagged one)."""
    if lang:
        return f'"{_clean(value)}"@{lang}'
    return f'"{_clean(value)}"'


def typed(value: str, datatype: str) -> str:
    return f'"{_clean(value)}"^^<{datatype}>'


def integer(value: int) -> str:
    return f'"{int(value)}"^^<{XSD}integer>'


def decimal(value: float) -> str:
    return f'"{value:.4f}"^^<{XSD}decimal>'


def boolean(value: bool) -> str:
    return f'"{"true" if value else "false"}"^^<{XSD}boolean>'


def xsd_date(value: date) -> str:
    return f'"{value.isoformat()}"^^<{XSD}date>'


def datetime_lit(value: str) -> str:
    return f'"{value}"^^<{XSD}dateTime>'


def nquad(triple: Triple, graph: str) -> str:
    s, p, o = triple
    return f"{s} {p} {o} {graph} .\n"

"""N-Triples/N-Quads term writing.

Mappers produce triples of already-serialised terms (``"<iri>"``, ``'"lit"^^<dt>'``) because
writing N-Quads text and bulk-loading it is the fastest path into Oxigraph (see
BENCHMARKS.md); it also keeps every mapper free of any store object.
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import quote

Triple = tuple[str, str, str]

XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_STRING = f"<{XSD}string>"

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_SURROGATES = re.compile("[\ud800-\udfff]")
# Characters that may not appear raw in an IRI in N-Triples (and a few we never want).
_IRI_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f-\x9f]')


def iri(value: str) -> str:
    """An IRI term; characters illegal in IRIs are percent-encoded."""
    if _IRI_UNSAFE.search(value):
        value = _IRI_UNSAFE.sub(lambda m: quote(m.group(0), safe=""), value)
    return f"<{value}>"


def id_segment(value: str) -> str:
    """Make an official identifier safe as one IRI path segment (no ``/``, ``#``, ``?``)."""
    return quote(value.strip(), safe="-._~")


def _clean(text: str) -> str:
    if _SURROGATES.search(text):
        text = _SURROGATES.sub("\ufffd", text)
    return text.translate(_ESCAPES)


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

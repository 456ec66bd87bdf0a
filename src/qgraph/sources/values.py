"""Cleaning helpers shared by every reader: the AN's JSON/XML quirks, dates, ints, HTML text.

All helpers are total: a value of an unexpected shape gives ``None`` (or ``()``), never an
exception, so one odd optional field cannot sink a whole record.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from html import unescape
from html.parser import HTMLParser
from typing import Any

from qgraph.records.strings import without_surrogates

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:$|[T ]|[+-]\d{2}:?\d{2}$|Z$)")
_FR_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_DANGLING_TAG = re.compile(r"<[A-Za-z/!][^<>]*$")  # "…mouvements.)<b": a tag cut off at the end
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_INT = re.compile(r"^[+-]?\d+$")


def scalar(value: Any) -> Any:
    """Unwrap the JSON-from-XML shapes: ``{"#text": x}`` → x, ``{"@xsi:nil": "true"}`` → None."""
    if type(value) is not dict:  # the common case, kept fast
        return value
    if "#text" in value:
        return scalar(value["#text"])
    nil = value.get("@xsi:nil")  # every object passes here: most have no such key
    if nil is not None and str(nil).lower() == "true":
        return None
    return value


def obj(value: Any) -> dict[str, Any]:
    """A mapping, or ``{}`` for null, nil-markers and anything that is not an object."""
    value = scalar(value)
    return value if isinstance(value, dict) else {}


def get(value: Any, *keys: str) -> Any:
    """Walk nested objects: ``get(q, "auteur", "identite", "acteurRef")``; None when absent."""
    for key in keys:
        value = obj(value).get(key)
    return scalar(value)


def as_list(value: Any) -> list[Any]:
    """A repeated element: one object or a list of them (or null) → a list without nulls."""
    value = scalar(value)
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [item for item in (scalar(i) for i in items) if item is not None]


def clean_str(value: Any) -> str | None:
    """A stripped string with lone surrogates replaced by U+FFFD; None for empty/absent.

    Numbers become their decimal form; objects and lists (unexpected shapes) give None.
    """
    if type(value) is not str:  # ids, dates and labels are strings: that case comes first
        value = scalar(value)
        if value is None or isinstance(value, (dict, list, bool)):
            return None
        if type(value) is not str:
            value = str(value)
    text = value.strip()
    return without_surrogates(text) if text else None


def clean_int(value: Any) -> int | None:
    """An int from ``"5610"``, ``5610`` or ``" 52 "``; None for anything else."""
    value = scalar(value)
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = clean_str(value)
    if text is None or not _INT.match(text) or len(text) > 18:
        return None
    return int(text)


def clean_date(value: Any) -> date | None:
    """A date from ISO ``YYYY-MM-DD`` (time or zone suffix ignored) or ``DD/MM/YYYY``."""
    text = clean_str(value)
    if text is None:
        return None
    if m := _ISO_DATE.match(text):
        year, month, day = (int(g) for g in m.groups())
    elif m := _FR_DATE.match(text):
        day, month, year = (int(g) for g in m.groups())
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def prefixed(value: Any, prefix: str) -> str | None:
    """A legacy numeric id with its open-data prefix: ``923`` → ``"PA923"``; kept if prefixed."""
    text = clean_str(value)
    if text is None:
        return None
    return text if text.upper().startswith(prefix) else f"{prefix}{text}"


def dates(values: Iterable[Any]) -> tuple[date, ...]:
    """The parseable dates among ``values``, in order."""
    return tuple(d for d in (clean_date(v) for v in values) if d is not None)


_BLOCK_TAGS = frozenset(
    "br p div tr li ul ol table h1 h2 h3 h4 h5 h6 blockquote center section article".split()
)
_SKIP_TAGS = frozenset({"script", "style"})
_CELL_TAGS = frozenset({"td", "th"})


class _TextExtractor(HTMLParser):
    """Collects text, turning block-level tags into line breaks and dropping scripts."""

    def __init__(self, markup: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0
        self._markup = markup  # in HTML, a newline in the source is just a space

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skip += 1
        else:
            self.parts.append(_tag_text(tag))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.parts.append(_tag_text(tag, empty=True))

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
        else:
            self.parts.append(_tag_text(tag))

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data.replace("\n", " ") if self._markup else data)


def _tag_text(tag: str, empty: bool = False) -> str:
    """What a tag leaves in the text: a line break for a block tag, a space for a table cell's
    start or end (not for an empty ``<td/>``), nothing for the others."""
    if tag in _BLOCK_TAGS:
        return "\n"
    return " " if tag in _CELL_TAGS and not empty else ""


# A well-formed tag whose attribute values hold no "<" or ">": HTMLParser reads it as one tag.
_SIMPLE_TAG = re.compile(
    r"<(/?)([A-Za-z][A-Za-z0-9]*)"
    r"((?:\s+[A-Za-z_:][-A-Za-z0-9_:.]*(?:\s*=\s*(?:\"[^\"<>]*\"|'[^'<>]*'|[^\s\"'<>=`]+))?)*)"
    r"\s*(/?)>")


def _simple_markup_text(text: str, markup: bool) -> str | None:
    """What :class:`_TextExtractor` collects from ``text``, without HTMLParser, when every
    ``<`` opens a simple tag (:data:`_SIMPLE_TAG`) and no script or style is in it; None
    otherwise. The AN's debates and answers are such texts (``<br>``, ``<p>``, ``<strong>``…),
    and this reads them 2× faster (``tests/test_sources_html.py`` holds both to the same
    output)."""
    if "\x00" in text:
        return None
    parts: list[str] = []
    pos = 0
    for m in _SIMPLE_TAG.finditer(text):
        data = text[pos:m.start()]
        if "<" in data:
            return None
        parts.append(_data(data, markup))
        closing, name, attrs, empty = m.groups()
        name = name.lower()
        if name in _SKIP_TAGS or (closing and (attrs or empty)):
            return None
        if name in _CELL_TAGS and m.group(0).endswith("/>"):
            return None  # start-end or start tag: HTMLParser decides on the attributes
        parts.append(_tag_text(name))
        pos = m.end()
    tail = text[pos:]
    if "<" in tail:
        return None
    parts.append(_data(tail, markup))
    return "".join(parts)


def _data(raw: str, markup: bool) -> str:
    data = unescape(raw) if "&" in raw else raw
    return data.replace("\n", " ") if markup else data


def html_to_text(value: Any) -> str | None:
    """Plain text from an HTML fragment: tags removed, entities decoded, whitespace normalised.

    Block tags (``<br>``, ``<p>``, table rows…) become line breaks, and so do newlines in a
    text without any tag; each line is collapsed to single spaces (non-breaking spaces
    included) and empty lines are dropped.

    >>> html_to_text("43,5 M&#8364; <i>(Applaudissements.)</i><br><br>Suite")
    '43,5 M€ (Applaudissements.)\\nSuite'
    """
    text = clean_str(value)  # no lone surrogate from here on: html.unescape makes none either
    if text is None:
        return None
    if "<" not in text and "&" not in text:
        return _spaces_normalised(text)
    markup = bool(_TAG.search(text))
    whole = _DANGLING_TAG.sub("", text)
    simple = _simple_markup_text(whole, markup)
    if simple is not None:
        return _spaces_normalised(simple)
    parser = _TextExtractor(markup)
    try:
        parser.feed(whole)
        parser.close()
    except Exception:  # HTMLParser is lenient; this is a last resort for odd markup
        return _spaces_normalised(text)
    return _spaces_normalised("".join(parser.parts))


def normalise_space(text: str) -> str | None:
    """Collapse whitespace inside lines, drop empty lines; None when nothing is left."""
    return _spaces_normalised(without_surrogates(text))


def _spaces_normalised(text: str) -> str | None:
    lines = (" ".join(line.split()) for line in text.splitlines())
    out = "\n".join(line for line in lines if line)
    return out or None

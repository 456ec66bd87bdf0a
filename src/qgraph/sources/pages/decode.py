"""Bytes of a saved page to text: UTF-8 first, then the page's declared charset, then cp1252.

Old questions.assemblee-nationale.fr pages were served as windows-1252/iso-8859-1 with a
``<meta charset>``; every newer page and every text rendering seen is UTF-8.
"""

from __future__ import annotations

import codecs
import re

_META_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first 4 KB, if Python knows it."""
    m = _META_CHARSET.search(data[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii", "replace")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_page(data: bytes) -> str:
    """Decode ``data`` (never fails: undecodable bytes become U+FFFD)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", "replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    charset = declared_charset(data)
    if charset in ("iso8859-1", "ascii"):  # browsers read both labels as windows-1252
        charset = "cp1252"
    if charset and not charset.startswith(("utf-8", "utf-16", "utf-32")):
        try:
            return data.decode(charset)
        except (UnicodeDecodeError, LookupError):
            pass
    return data.decode("cp1252", "replace")

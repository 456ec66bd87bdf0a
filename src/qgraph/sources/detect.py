"""Sniff a source's format from its first bytes, whatever its name says."""

from __future__ import annotations

import codecs
import re
from typing import Literal

Kind = Literal["empty", "zip", "json", "xml", "html", "text", "binary"]

SNIFF_BYTES = 4096
"""How many leading bytes :func:`sniff` needs to decide."""

UTF8_BOM = b"\xef\xbb\xbf"
_HTML = re.compile(rb"<\s*(!doctype\s+html|html|head|body|meta|div|p|h1|title)\b", re.I)
_PROLOG = re.compile(rb"^(?:\s+|<\?xml[^>]*\?>|<!--.*?-->)+", re.S)
_JSON_ARRAY = re.compile(rb'^\[\s*([{\["\]0-9-]|true|false|null|$)')
_XML_START = re.compile(rb"<(\?xml|!--|!DOCTYPE|[A-Za-z_])")
_CONTROL = bytes(c for c in range(32) if c not in (9, 10, 12, 13))


def sniff(prefix: bytes) -> Kind:
    """The kind of content that starts with ``prefix`` (at least :data:`SNIFF_BYTES` if any).

    >>> sniff(b'  {"question": {}}'), sniff(b"PK\\x03\\x04..."), sniff(b"<html><body>")
    ('json', 'zip', 'html')
    """
    if prefix.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if prefix.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return sniff(prefix.decode("utf-16", "ignore").encode("utf-8"))
    stripped = prefix.removeprefix(UTF8_BOM).lstrip()
    if not stripped:
        return "empty"
    if stripped[:1] == b"{" or _JSON_ARRAY.match(stripped):
        return "json"
    if _HTML.match(_PROLOG.sub(b"", stripped)):
        return "html"
    if _XML_START.match(stripped):
        return "xml"
    if b"\x00" in prefix or sum(prefix.count(c) for c in _CONTROL) > len(prefix) // 100:
        return "binary"
    return "text"


def is_utf8(data: bytes) -> bool:
    """Whether ``data`` decodes as UTF-8."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True

"""Lone surrogates, the one string rule readers and the N-Quads writer share (here, among the
reader files, so that changing it makes re-ingests read files again): Python strings may hold
them (JSON ``\\ud800`` escapes), UTF-8 and N-Quads cannot, so both replace them."""

from __future__ import annotations

import re

_SURROGATES = re.compile("[\ud800-\udfff]")


def without_surrogates(text: str) -> str:
    """``text`` with lone surrogates replaced by U+FFFD. ``isascii`` reads a flag, and a strict
    encode finds none in most texts far faster than the regex scan."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATES.sub("\ufffd", text)
    return text

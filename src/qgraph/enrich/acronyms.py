"""Acronyms a text defines for itself, resolved to gazetteer organisations.

Two forms are recognised, the long form being a gazetteer match:

- ``l'Agence européenne des médicaments (Ema)`` — long form, then the acronym in brackets;
- ``le HDH (« Health Data Hub »)`` — acronym, then the long form in brackets.

From its definition on, every occurrence of the acronym (case as written, whole token) is a
mention of that organisation (method ``acronym``). A definition in the text beats a gazetteer
acronym with the same letters ("Centers for Disease Control (CDC)").
"""

from __future__ import annotations

import re

from qgraph.enrich.model import Mention, with_context
from qgraph.enrich.text import fold

ACRONYM_CONFIDENCE = 0.9
_ACRONYM = r"[A-Z][A-Za-z0-9&\-]{1,11}"
_QUOTES = r"[\s«»\"“”*_]*"
# "<long form>" then " (ACR)"
_AFTER = re.compile(rf"\s*\({_QUOTES}({_ACRONYM}){_QUOTES}\)")
# "ACR (" ... the long form is matched by the gazetteer inside the brackets
_BEFORE = re.compile(rf"(?<![\w'])({_ACRONYM})\s*\({_QUOTES}$")
_CLOSE = re.compile(rf"{_QUOTES}\)")


def _plausible(acronym: str, long_form: str, labels: list[str]) -> bool:
    """At least two capitals or a capital then lower-case letters, and an initial shared with the
    long form or one of the organisation's names (cheap guard against "(Paris)")."""
    if sum(c.isupper() for c in acronym) < 2 and not acronym[1:].isalpha():
        return False
    initial = acronym[0].lower()
    words = " ".join([long_form, *labels])
    return any(w[:1].lower() == initial for w in fold(words).split())


def definitions(text: str, mentions: list[Mention], labels_of) -> list[tuple[str, str, int]]:
    """``(acronym, org_key, position)`` for each acronym the text defines."""
    found: list[tuple[str, str, int]] = []
    for m in mentions:
        after = _AFTER.match(text, m.end)
        if after and after.group(1) != m.exact:
            acr = after.group(1)
            if _plausible(acr, m.exact, labels_of(m.org_key)):
                found.append((acr, m.org_key, m.start))
        window = max(0, m.start - 20)
        # _BEFORE needs a "(" in the window: test that first, it is much cheaper
        before = _BEFORE.search(text, window, m.start) if "(" in text[window:m.start] else None
        if before and _CLOSE.match(text, m.end) and before.group(1) != m.exact:
            acr = before.group(1)
            if _plausible(acr, m.exact, labels_of(m.org_key)):
                found.append((acr, m.org_key, before.start(1)))
    return found


def occurrences(word: str, text: str) -> list[tuple[int, int]]:
    """Spans of ``word`` as a whole word in ``text`` (as ``finditer`` of
    ``(?<!\\w)word(?!\\w)`` finds them). The literal comes first in the regex so that ``re``
    can search for it quickly; the start boundary is checked here."""
    regex = re.compile(re.escape(word) + r"(?!\w)")
    out = []
    pos = 0
    while (m := regex.search(text, pos)) is not None:
        start = m.start()
        if start and (text[start - 1].isalnum() or text[start - 1] == "_"):
            pos = start + 1
            continue
        out.append((start, m.end()))
        pos = m.end()
    return out


def resolve(text: str, mentions: list[Mention], labels_of) -> list[Mention]:
    """The gazetteer mentions plus acronym mentions, longest/defined first, sorted."""
    defs = definitions(text, mentions, labels_of)
    if not defs:
        return mentions
    by_span = {(m.start, m.end): m for m in mentions}
    for acr, org, position in defs:
        for span in occurrences(acr, text):
            if span[0] < position:
                continue
            old = by_span.get(span)
            if old and old.org_key == org:
                continue
            if not old and any(s < span[1] and span[0] < e for s, e in by_span):
                continue
            prefix, suffix = with_context(text, *span)
            by_span[span] = Mention(org, span[0], span[1], acr, "acronym", ACRONYM_CONFIDENCE,
                                    prefix, suffix)
    return sorted(by_span.values(), key=lambda m: m.sort_key)

"""Names and constituencies as pages write them.

"M. Philippe Latombe" → civility, first name, last name (a last name in capitals, as in
"M. Jean-Paul LE GAC", starts the last name; otherwise the first word is the first name).
"Vendée (1re circonscription) - Démocrate (MoDem et Indépendants)" → department, number,
group; the group is everything after the first " - " that follows the parenthesis, so group
names holding " - " ("Gauche démocrate et républicaine - NUPES") stay whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qgraph.records.model import PersonName
from qgraph.sources.pages.dates import fold

_CIVILITY = re.compile(
    r"^(?P<civ>m\.|mme\.?|mlle\.?|monsieur|madame|mademoiselle)(?:\s+|$)", re.IGNORECASE
)
_CIVILITIES = {"m.": "M.", "monsieur": "M.", "mme": "Mme", "mme.": "Mme", "madame": "Mme",
               "mlle": "Mlle", "mlle.": "Mlle", "mademoiselle": "Mlle"}
_CIRCO = re.compile(
    r"^(?P<dept>.+?)\s*\(\s*(?P<num>\d{1,2})\s*(?:e|er|re|ere|eme|ieme)?\s*"
    r"circonscription\s*\)\s*(?:[-\u2013\u2014]\s*(?P<group>.*?))?\s*$"
)


@dataclass(frozen=True)
class Constituency:
    department: str
    number: int
    group: str | None


def parse_person(text: str, last_first: bool = False) -> PersonName | None:
    """A person's name, with or without civility; ``last_first`` for "Cornut-Gentille François"."""
    text = text.split(" (", 1)[0].strip(" ,;")
    civility = None
    m = _CIVILITY.match(text)
    if m:
        civility = _CIVILITIES[m["civ"].lower()]
        text = text[m.end():]
    words = text.split()
    if not words:
        return PersonName(civility=civility) if civility else None
    if len(words) == 1:
        return PersonName(civility, None, words[0])
    if last_first:
        return PersonName(civility, words[-1], " ".join(words[:-1]))
    split = next((i for i, w in enumerate(words[1:], 1) if _is_capitals(w)), 1)
    return PersonName(civility, " ".join(words[:split]), " ".join(words[split:]))


def _is_capitals(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def looks_like_name(line: str) -> bool:
    """A short line that could be a deputy's name (NosDéputés header)."""
    words = line.split()
    return (
        2 <= len(words) <= 6
        and len(line) <= 60
        and line[:1].isupper()
        and not any(c.isdigit() or c in ":()[]|/" for c in line)
    )


def parse_constituency(text: str) -> Constituency | None:
    """"{Département} ({N}e circonscription) - {group}", or ``None``."""
    m = _CIRCO.match(fold(text))
    if not m:
        return None
    group = text[m.start("group"):m.end("group")].strip() if m["group"] else None
    return Constituency(text[: m.end("dept")].strip(), int(m["num"]), group or None)

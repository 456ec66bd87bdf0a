"""French dates as question pages write them, to ``datetime.date``.

Accepted: "13 février 2024", "1er mars 2024", "13 fevrier 2024" (accents optional, any case,
common abbreviations such as "févr." or "sept."), "07/01/2014" (DD/MM/YYYY, also with "-" or
"."), and ISO "2024-02-13". Anything else, or an impossible date (31/02/2024), gives ``None``.

>>> parse_date("1er mars 2024")
datetime.date(2024, 3, 1)
>>> find_dates("renouvelée le 15/04/2014 puis le 22 juillet 2014")
(datetime.date(2014, 4, 15), datetime.date(2014, 7, 22))
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

MONTHS: dict[str, int] = {
    "janvier": 1, "janv": 1, "jan": 1,
    "fevrier": 2, "fevr": 2, "fev": 2,
    "mars": 3,
    "avril": 4, "avr": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7, "juil": 7,
    "aout": 8,
    "septembre": 9, "sept": 9, "sep": 9,
    "octobre": 10, "oct": 10,
    "novembre": 11, "nov": 11,
    "decembre": 12, "dec": 12,
}

_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_WORDS = re.compile(
    rf"(?<!\d)(?P<d>\d{{1,2}})\s*(?:er)?\s+(?P<m>{_MONTH_ALT})\.?\s+(?P<y>\d{{4}})(?!\d)"
)
_NUMERIC = re.compile(r"(?<!\d)(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})(?!\d)")
_ISO = re.compile(r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?!\d)")


def fold(text: str) -> str:
    """Lower-case ``text`` and drop its accents, keeping its length (one char per char)."""
    out = []
    for c in text:
        base = unicodedata.normalize("NFKD", c)[:1].lower()
        out.append(base if len(base) == 1 else c)
    return "".join(out)


def _make(y: str, m: str | int, d: str) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


def _matches(text: str) -> list[tuple[int, int, date | None]]:
    folded = fold(text)
    found: list[tuple[int, int, date | None]] = []
    for m in _WORDS.finditer(folded):
        found.append((m.start(), m.end(), _make(m["y"], MONTHS[m["m"]], m["d"])))
    for pattern in (_NUMERIC, _ISO):
        for m in pattern.finditer(folded):
            if not any(s <= m.start() < e for s, e, _ in found):
                found.append((m.start(), m.end(), _make(m["y"], m["m"], m["d"])))
    return sorted(found, key=lambda f: f[0])


def find_dates(text: str) -> tuple[date, ...]:
    """Every valid date written in ``text``, in order of appearance."""
    return tuple(d for _, _, d in _matches(text) if d is not None)


def find_date(text: str) -> date | None:
    """The first valid date written in ``text``, or ``None``."""
    dates = find_dates(text)
    return dates[0] if dates else None


def parse_date(text: str) -> date | None:
    """``text`` as a date when it is one date and nothing else (an optional "le" before it)."""
    stripped = re.sub(r"^\s*le\s+", "", text, flags=re.IGNORECASE).strip().rstrip(".,;")
    found = _matches(stripped)
    if len(found) == 1 and found[0][0] == 0 and found[0][1] == len(stripped):
        return found[0][2]
    return None

"""How nodes look and when they exist: colours and sizes per type (GEXF ``viz``, the HTML
view) and the dates of each legislature (GEXF spells)."""

from __future__ import annotations

import math
import re

COLOURS = {
    "question": "#4e79a7",
    "deputy": "#f28e2b",
    "group": "#e15759",
    "ministry": "#76b7b2",
    "organisation": "#59a14f",
    "theme": "#edc948",
    "legislature": "#b07aa1",
}
OTHER_COLOUR = "#9c9c9c"

# Classes of the ontology (and of schema.org) → the categorical node type of exports.
CLASS_TYPES = {
    "Question": "question", "WrittenQuestion": "question", "GovernmentQuestion": "question",
    "OralQuestion": "question", "Deputy": "deputy", "Person": "deputy",
    "ParliamentaryGroup": "group", "Ministry": "ministry", "Organisation": "organisation",
    "Organization": "organisation", "Theme": "theme", "Legislature": "legislature",
}

# Legislatures of the Fifth Republic: first and last day (None: still running). Used for
# GEXF spells, so that Gephi's timeline shows real dates.
LEGISLATURE_DATES: dict[int, tuple[str, str | None]] = {
    11: ("1997-06-12", "2002-06-18"),
    12: ("2002-06-19", "2007-06-19"),
    13: ("2007-06-20", "2012-06-19"),
    14: ("2012-06-20", "2017-06-20"),
    15: ("2017-06-21", "2022-06-21"),
    16: ("2022-06-22", "2024-06-09"),
    17: ("2024-07-18", None),
}

_HEX = re.compile(r"^#?([0-9A-Fa-f]{6})$")


def type_name(value: str) -> str:
    """A node type from a plain word (``deputy``) or a class IRI (``qg:ParliamentaryGroup``)."""
    local = re.split(r"[#/]", value.rstrip("/#"))[-1] if ("/" in value or "#" in value) else value
    if local in CLASS_TYPES:
        return CLASS_TYPES[local]
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", local).lower() or "node"


def colour(node_type: str, own: object = None) -> str:
    """``#rrggbb``: the node's own colour (a group's) if it has a valid one, else its type's."""
    if isinstance(own, str) and (m := _HEX.match(own.strip())):
        return f"#{m.group(1).lower()}"
    return COLOURS.get(node_type, OTHER_COLOUR)


def rgb(hex_colour: str) -> dict[str, int]:
    h = hex_colour.lstrip("#")
    return {"r": int(h[0:2], 16), "g": int(h[2:4], 16), "b": int(h[4:6], 16)}


def size(degree: int) -> float:
    """Node size growing with the log of its degree (4 for an isolated node)."""
    return round(4.0 + 4.0 * math.log2(1 + degree), 2)


def spells(legislatures: set[int]) -> list[tuple[str, str | None]]:
    """One (start, end) spell per legislature with known dates, in order."""
    return [LEGISLATURE_DATES[n] for n in sorted(legislatures) if n in LEGISLATURE_DATES]

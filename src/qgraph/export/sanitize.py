"""The one place where attribute values are made safe for every writer.

GraphML has no null, GEXF no list values, XML no control characters, and a file that must be
byte-identical between runs cannot hold values whose text depends on the platform. Every
writer receives attributes that went through :func:`safe_attrs` and a graph that went through
:func:`unify_types`, and nothing else.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

import networkx as nx

Scalar = str | int | float | bool

LIST_SEPARATOR = ";"
FLOAT_DIGITS = 10

# Names the writers read as structure (GEXF id/start/end/spells/viz, node-link source/target…),
# never as a plain attribute: a custom query binding one of them gets it renamed.
RESERVED = frozenset({"id", "key", "source", "target", "viz", "spells", "start", "end", "pid",
                      "parents", "slices", "links", "edges", "nodes", "name"})

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_KEY_CHARS = re.compile(r"[^A-Za-z0-9_-]+")


def safe_value(value: Any) -> Scalar | None:
    """A scalar that every format can hold, or None to drop the attribute.

    None, NaN and empty collections → None; lists, tuples and sets → their sorted, de-duplicated
    items joined with ``;``; dates → ISO 8601; floats rounded to 10 decimals; strings cleaned
    of characters XML forbids.
    """
    if value is None:
        return None
    if isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        return None if not math.isfinite(value) else round(value, FLOAT_DIGITS)
    if isinstance(value, str):
        return _XML_ILLEGAL.sub("", value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Iterable) and not isinstance(value, Mapping | bytes):
        items = sorted({str(v) for v in (safe_value(x) for x in value) if v is not None},
                       key=_natural)
        return LIST_SEPARATOR.join(items) if items else None
    return _XML_ILLEGAL.sub("", str(value))


def _natural(text: str) -> tuple[int, int | str]:
    """Numbers in numeric order (9 before 10), then strings."""
    return (0, int(text)) if text.isdigit() else (1, text)


def safe_key(key: str) -> str:
    key = _KEY_CHARS.sub("_", key).strip("_") or "attr"
    return f"{key}_" if key in RESERVED else key


def safe_attrs(attrs: Mapping[str, Any], keep: Iterable[str] = ()) -> dict[str, Scalar]:
    """Attributes with safe keys and values, sorted by key, None dropped. Keys in ``keep``
    (label, type…) are kept as they are."""
    kept = set(keep)
    out: dict[str, Scalar] = {}
    for key in sorted(attrs):
        value = safe_value(attrs[key])
        if value is not None:
            out[key if key in kept else safe_key(key)] = value
    return out


def unify_types(graph: nx.Graph) -> None:
    """Give each attribute one type across all nodes (and across all edges), as GraphML and
    GEXF declare one type per key: int and float mix as float, anything else as str."""
    for items in (list(graph.nodes.values()), [d for *_e, d in graph.edges(data=True)]):
        kinds: dict[str, set[type]] = {}
        for data in items:
            for key, value in data.items():
                kinds.setdefault(key, set()).add(type(value))
        for key, found in kinds.items():
            if len(found) < 2:
                continue
            to: type = float if found <= {int, float} else str
            for data in items:
                if key in data:
                    data[key] = _as(to, data[key])


def _as(to: type, value: Scalar) -> Scalar:
    if to is str and isinstance(value, bool):
        return "true" if value else "false"
    return float(value) if to is float else str(value)

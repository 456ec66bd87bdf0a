"""Named queries: the ``.rq`` files of ``queries/`` and their comment headers.

Each file starts with a comment block::

    # title: Question card
    # description: One row describing a question ...
    # param: uid string required — the question uid, e.g. QANR5L17QE1173
    # param: legislature integer — restrict to one legislature
    # example: qgraph query question-card --param uid=QANR5L16QE15221

A parameter is a SPARQL variable of the query; its value is bound as an RDF term through
pyoxigraph's substitutions (never pasted into the text). An optional parameter left out stays
an unbound variable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pyoxigraph as ox

from qgraph.errors import QueryError
from qgraph.resources import queries_dir

XSD = "http://www.w3.org/2001/XMLSchema#"
TYPES = ("string", "integer", "decimal", "date", "iri", "boolean")
_PARAM = re.compile(r"^#\s*param:\s*(\w+)\s+(\w+)(\s+required)?\s*(?:[—-]+\s*(.*))?$")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    required: bool
    doc: str


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    text: str
    title: str = ""
    description: str = ""
    example: str = ""
    params: tuple[Param, ...] = field(default_factory=tuple)


def parse_header(name: str, path: Path, text: str) -> NamedQuery:
    meta: dict[str, str] = {}
    params: list[Param] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        m = _PARAM.match(line.strip())
        if m:
            ptype = m.group(2)
            if ptype not in TYPES:
                raise QueryError(f"{path.name}: parameter {m.group(1)} has unknown type {ptype}")
            params.append(Param(m.group(1), ptype, bool(m.group(3)), (m.group(4) or "").strip()))
            continue
        km = re.match(r"^#\s*(title|description|example):\s*(.*)$", line.strip())
        if km:
            key = km.group(1)
            meta[key] = (meta.get(key, "") + " " + km.group(2)).strip()
    return NamedQuery(name, path, text, meta.get("title", ""), meta.get("description", ""),
                      meta.get("example", ""), tuple(params))


def list_queries(folder: Path | None = None) -> list[NamedQuery]:
    folder = folder or queries_dir()
    return [parse_header(p.stem, p, p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.rq"))]


def load_query(name_or_path: str, stdin_text: str | None = None) -> NamedQuery:
    """A named query, a ``.rq`` file, or ``-`` (the text given as ``stdin_text``)."""
    if name_or_path == "-":
        return parse_header("-", Path("-"), stdin_text or "")
    candidate = Path(name_or_path)
    if name_or_path.endswith(".rq") and candidate.is_file():
        return parse_header(candidate.stem, candidate, candidate.read_text(encoding="utf-8"))
    named = queries_dir() / f"{name_or_path}.rq"
    if named.is_file():
        return parse_header(name_or_path, named, named.read_text(encoding="utf-8"))
    known = ", ".join(q.name for q in list_queries())
    raise QueryError(f"no query named {name_or_path!r} (known: {known})")


def to_term(param: Param, value: str) -> ox.NamedNode | ox.Literal:
    """Turn a command-line value into the RDF term of the parameter's declared type."""
    try:
        if param.type == "integer":
            return ox.Literal(str(int(value)), datatype=ox.NamedNode(f"{XSD}integer"))
        if param.type == "decimal":
            return ox.Literal(str(float(value)), datatype=ox.NamedNode(f"{XSD}decimal"))
        if param.type == "date":
            return ox.Literal(date.fromisoformat(value).isoformat(), datatype=ox.NamedNode(f"{XSD}date"))
        if param.type == "boolean":
            if value.lower() not in ("true", "false"):
                raise ValueError(value)
            return ox.Literal(value.lower(), datatype=ox.NamedNode(f"{XSD}boolean"))
        if param.type == "iri":
            return ox.NamedNode(value.strip("<>"))
    except ValueError:
        raise QueryError(f"parameter {param.name} expects {param.type}, got {value!r}") from None
    return ox.Literal(value)


def bind(query: NamedQuery, values: dict[str, str]) -> dict[str, ox.NamedNode | ox.Literal]:
    """Check the given parameters against the header and turn them into RDF terms."""
    declared = {p.name: p for p in query.params}
    out: dict[str, ox.NamedNode | ox.Literal] = {}
    for key, value in values.items():
        if key not in declared:
            if query.params or query.name != "-":
                names = ", ".join(declared) or "none"
                raise QueryError(f"query {query.name} has no parameter {key!r} (parameters: {names})")
        param = declared.get(key, Param(key, "string", False, ""))
        out[key] = to_term(param, value)
    missing = [p.name for p in query.params if p.required and p.name not in values]
    if missing:
        raise QueryError(f"query {query.name} needs --param {missing[0]}=VALUE")
    return out

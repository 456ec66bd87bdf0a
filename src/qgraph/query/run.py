"""Run a query on the store and write its results (table, csv, tsv, json)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from qgraph.errors import QueryError
from qgraph.query.named import NamedQuery, bind
from qgraph.query.values import bind_in_text
from qgraph.store.graphstore import GraphStore

FORMATS = ("table", "csv", "tsv", "json")


@dataclass
class Result:
    """A SELECT result as plain Python values (``None`` for unbound)."""

    variables: list[str]
    rows: list[list[ox.NamedNode | ox.Literal | ox.BlankNode | None]]

    def values(self) -> Iterator[dict[str, str | None]]:
        for row in self.rows:
            yield {v: (t.value if t is not None else None) for v, t in zip(self.variables, row, strict=True)}


def _query(store: GraphStore, text: str, subs: dict[str, ox.NamedNode | ox.Literal]
           ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """Parameters are substituted (pyoxigraph) and also stated as ``VALUES`` in the text (written
    by pyoxigraph): Oxigraph plans a pattern on a ``VALUES``-bound variable as an index lookup,
    while a substituted one is joined in after the pattern is evaluated in full (seconds instead
    of milliseconds on 100k questions). Should the rewritten text not parse, substitution alone
    gives the same rows."""
    if subs:
        try:
            return store.query(bind_in_text(text, subs), subs)
        except SyntaxError:
            pass
    return store.query(text, subs)


def execute(store: GraphStore, query: NamedQuery, params: dict[str, str] | None = None) -> Result:
    subs = bind(query, params or {})
    try:
        sols = _query(store, query.text, subs)
    except SyntaxError as err:
        raise QueryError(f"{query.name}: SPARQL syntax error: {str(err).splitlines()[0]}") from None
    except OSError as err:
        raise QueryError(f"{query.name}: {str(err).splitlines()[0]}") from None
    except RuntimeError as err:
        if "does not contains variable" in str(err):
            raise QueryError(f"{query.name}: each parameter must be a variable of the SELECT "
                             "clause (parameters are bound by substitution)") from None
        raise QueryError(f"{query.name}: {str(err).splitlines()[0]}") from None
    if isinstance(sols, ox.QueryBoolean):
        return Result(["result"], [[ox.Literal(str(bool(sols)).lower())]])
    if isinstance(sols, ox.QueryTriples):
        rows = [[t.subject, t.predicate, t.object] for t in sols]
        return Result(["subject", "predicate", "object"], rows)  # type: ignore[arg-type]
    names = [v.value for v in sols.variables]
    return Result(names, [[row[i] for i in range(len(names))] for row in sols])


def _json_term(t: ox.NamedNode | ox.Literal | ox.BlankNode) -> dict[str, str]:
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    out = {"type": "literal", "value": t.value}
    if t.language:
        out["xml:lang"] = t.language
    elif t.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = t.datatype.value
    return out


def to_sparql_json(result: Result) -> dict[str, object]:
    """The W3C SPARQL 1.1 Query Results JSON document."""
    bindings = [{v: _json_term(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
                for row in result.rows]
    return {"head": {"vars": result.variables}, "results": {"bindings": bindings}}


def render(result: Result, fmt: str) -> str:
    import json

    if fmt == "json":
        return json.dumps(to_sparql_json(result), ensure_ascii=False, indent=1) + "\n"
    values = [[("" if v is None else v) for v in row.values()] for row in result.values()]
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(result.variables)
        writer.writerows(values)
        return buf.getvalue()
    widths = [min(60, max([len(v)] + [len(r[i]) for r in values])) for i, v in enumerate(result.variables)]

    def line(cells: list[str]) -> str:
        return "  ".join((c if len(c) <= w else c[: w - 1] + "…").ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()
    out = [line(result.variables), line(["-" * w for w in widths])] + [line(r) for r in values]
    return "\n".join(out) + "\n"

"""Projection queries → an aggregated graph (nodes and edges with scalar attributes).

Query results are consumed as a stream and folded into one entry per node and one per
(source, target, type) edge, so memory follows the size of the projection, not of the store.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx
import pyoxigraph as ox

from qgraph.errors import QueryError, UsageError
from qgraph.export.projections import PROJECTIONS, Part, Projection, render
from qgraph.export.style import type_name
from qgraph.store.graphstore import GraphStore

XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGERS = {f"{XSD}{t}" for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                                  "positiveInteger", "negativeInteger", "nonPositiveInteger",
                                  "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}
DECIMALS = {f"{XSD}{t}" for t in ("decimal", "double", "float")}
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL_PREDICATES = {"http://www.w3.org/2000/01/rdf-schema#label",
                    "http://www.w3.org/2004/02/skos/core#prefLabel",
                    "http://xmlns.com/foaf/0.1/name"}
EDGE_VARS = frozenset({"source", "target", "weight", "source_label", "target_label",
                       "source_type", "target_type", "type", "legislature"})
NODE_VARS = frozenset({"node", "label", "node_type", "legislature"})


@dataclass(frozen=True)
class ExportOptions:
    """What to export: a named projection (default ``overview``) restricted to some
    legislatures and themes, or a custom SPARQL SELECT/CONSTRUCT query."""

    projection: str | None = None
    legislatures: tuple[int, ...] = ()
    themes: tuple[str, ...] = ()
    query: str | None = None
    query_name: str = "custom"
    analytics: bool = True

    def validate(self) -> None:
        if self.query is not None and self.projection is not None:
            raise UsageError("give either --projection or --query, not both")
        if self.query is not None and (self.legislatures or self.themes):
            raise UsageError("--legislature and --theme apply to named projections; "
                             "restrict a --query in its own SPARQL")
        for theme in self.themes:
            if not theme or any(c in theme for c in '<>"{}|^`\\ '):
                raise UsageError(f"--theme expects a theme key or IRI, got {theme!r}")
        if self.projection is not None and self.projection not in PROJECTIONS:
            raise UsageError(f"unknown projection {self.projection!r} "
                             f"(known: {', '.join(PROJECTIONS)})")

    @property
    def name(self) -> str:
        return self.query_name if self.query is not None else (self.projection or "overview")


class GraphBuilder:
    """Folds rows into nodes and edges. Conflicting values keep the smallest (so the result does
    not depend on row order); ``weight`` adds up; ``legislatures`` collects."""

    def __init__(self) -> None:
        self.nodes: dict[str, dict[str, Any]] = {}
        self.edges: dict[tuple[str, str, str], dict[str, Any]] = {}

    def add_row(self, row: Mapping[str, Any], defaults: Mapping[str, Any] = {}) -> None:
        values = {**defaults, **{k: v for k, v in row.items() if v is not None}}
        if "source" in values and "target" in values:
            self._edge(values)
        elif "node" in values:
            attrs = {k: v for k, v in values.items() if k not in NODE_VARS}
            attrs["label"] = values.get("label")
            attrs["type"] = _type(values.get("node_type"))
            if "legislature" in values:
                attrs["legislature"] = values["legislature"]
                attrs["legislatures"] = {values["legislature"]}
            self._node(str(values["node"]), attrs)

    def _node(self, node_id: str, attrs: Mapping[str, Any]) -> None:
        current = self.nodes.setdefault(node_id, {})
        for key, value in attrs.items():
            if value is None:
                continue
            if key == "legislatures":
                current.setdefault(key, set()).update(value)
            elif key not in current:
                current[key] = value
            else:
                current[key] = min(current[key], value, key=_order)

    def _edge(self, v: dict[str, Any]) -> None:
        source, target = str(v["source"]), str(v["target"])
        legs = {v["legislature"]} if "legislature" in v else set()
        for end in ("source", "target"):
            self._node(str(v[end]), {"label": v.get(f"{end}_label"),
                                     "type": _type(v.get(f"{end}_type")), "legislatures": legs})
        weight = v.get("weight", 1)
        if isinstance(weight, bool) or not isinstance(weight, int | float):
            raise QueryError(f"?weight must be a number, got {weight!r}")
        edge = self.edges.setdefault((source, target, str(v.get("type") or "link")),
                                     {"weight": 0, "legislatures": set()})
        edge["weight"] += weight
        edge["legislatures"].update(legs)
        for key, value in v.items():
            if key not in EDGE_VARS:
                edge[key] = value if key not in edge else min(edge[key], value, key=_order)


def _type(value: Any) -> str | None:
    return type_name(str(value)) if value is not None else None


def _order(value: Any) -> tuple[str, str]:
    return (type(value).__name__, str(value))


def term_value(term: Any) -> Any:
    """An RDF term as a Python scalar: IRIs as strings, typed numbers and booleans as such."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        dt = term.datatype.value
        try:
            if dt in INTEGERS:
                return int(term.value)
            if dt in DECIMALS:
                return float(term.value)
        except ValueError:
            return term.value
        if dt == f"{XSD}boolean":
            return term.value in ("true", "1")
        return term.value
    return str(term)


def local_name(iri: str) -> str:
    return iri.rstrip("/#").replace("#", "/").rsplit("/", 1)[-1]


def _solutions(store: GraphStore, sparql: str, what: str) -> Any:
    try:
        return store.query(sparql)
    except SyntaxError as err:
        raise QueryError(f"{what} is not valid SPARQL: {str(err).splitlines()[0]}") from None
    except (OSError, ValueError, RuntimeError) as err:
        raise QueryError(f"{what} failed: {str(err).splitlines()[0]}") from None


def rows_of(result: Any, what: str) -> Iterator[dict[str, Any]]:
    """Rows of a SELECT, or rows made from the triples of a CONSTRUCT: ``rdf:type`` → node type,
    a label (rdfs:label, skos:prefLabel, foaf:name) → label, another literal → node attribute
    named after the predicate, an IRI or blank node → an edge typed by the predicate."""
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        if not ({"source", "target"} <= set(names) or "node" in names):
            raise QueryError(f"{what} must bind ?source and ?target (or ?node); "
                             f"it binds {', '.join('?' + n for n in names) or 'nothing'}")
        for sol in result:
            yield {n: term_value(sol[n]) for n in names}
    elif isinstance(result, ox.QueryTriples):
        for t in result:
            s, p, o = term_value(t.subject), t.predicate.value, t.object
            if p == RDF_TYPE:
                yield {"node": s, "node_type": term_value(o)}
            elif isinstance(o, ox.Literal):
                key = "label" if p in LABEL_PREDICATES else local_name(p)
                yield {"node": s, key: term_value(o)}
            else:
                yield {"source": s, "target": term_value(o), "type": type_name(local_name(p))}
    else:
        raise QueryError(f"{what} must be a SELECT or CONSTRUCT query (not ASK)")


def collect(store: GraphStore, opts: ExportOptions) -> tuple[GraphBuilder, bool]:
    """Run the projection's queries (or the custom one) into a builder; also say whether the
    projection is directed."""
    opts.validate()
    builder = GraphBuilder()
    if opts.query is not None:
        what = f"the query {opts.query_name}"
        for row in rows_of(_solutions(store, opts.query, what), what):
            builder.add_row(row)
        return builder, True
    projection: Projection = PROJECTIONS[opts.projection or "overview"]
    for i, part in enumerate(projection.parts):
        _run_part(store, builder, part, opts, f"query {i + 1} of projection {projection.name}")
    return builder, projection.directed


def _run_part(store: GraphStore, builder: GraphBuilder, part: Part, opts: ExportOptions,
              what: str) -> None:
    sparql = render(part, opts.legislatures, opts.themes)
    for row in rows_of(_solutions(store, sparql, what), what):
        builder.add_row(row, part.defaults)


def to_networkx(builder: GraphBuilder, directed: bool, name: str) -> nx.MultiGraph:
    """The builder's nodes and edges as a networkx multigraph, sorted (nodes by id, edges by
    source, target, type) and with edge keys ``e0``, ``e1``… in that order."""
    graph: nx.MultiGraph = nx.MultiDiGraph() if directed else nx.MultiGraph()
    graph.graph["name"] = name
    for node_id in sorted(builder.nodes):
        attrs = dict(builder.nodes[node_id])
        attrs.setdefault("label", local_name(node_id) or node_id)
        attrs.setdefault("type", "node")
        if node_id.startswith(("http://", "https://", "urn:")):
            attrs["iri"] = node_id
        graph.add_node(node_id, **attrs)
    for i, (s, t, edge_type) in enumerate(sorted(builder.edges)):
        graph.add_edge(s, t, key=f"e{i}", type=edge_type, **builder.edges[(s, t, edge_type)])
    return graph

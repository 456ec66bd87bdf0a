"""Graph exports: named projections of the store (or a custom SPARQL query) as GraphML, GEXF,
node-link JSON, Cytoscape.js JSON or a self-contained HTML explorer.

=============  =========================  ==============================================
step           module                     turns … into …
=============  =========================  ==============================================
projections    ``export.projections``     a projection name → SPARQL SELECT queries
build          ``export.build``           streamed query rows → aggregated networkx graph
analytics      ``export.analytics``       graph → degree, PageRank, community per node
sanitize       ``export.sanitize``        any attribute value → a safe scalar (one place)
writers        ``export.writers``,        graph → bytes in each format
               ``export.html``
=============  =========================  ==============================================

Example::

    with open_store("qgraph-store", read_only=True) as store:
        result = export_graph(store, "gexf", ExportOptions(projection="deputy-ministry"))
    Path("deputies.gexf").write_bytes(result.data)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import networkx as nx

from qgraph.export.build import ExportOptions, collect, to_networkx
from qgraph.export.projections import PROJECTIONS
from qgraph.export.writers import prepare, to_cytoscape, to_gexf, to_graphml, to_node_link
from qgraph.store.graphstore import GraphStore


def _html(graph: nx.MultiGraph) -> bytes:
    from qgraph.export.html import to_html
    return to_html(graph)


WRITERS: dict[str, Callable[[nx.MultiGraph], bytes]] = {
    "graphml": to_graphml,
    "gexf": to_gexf,
    "cytoscape": to_cytoscape,
    "node-link": to_node_link,
    "html": _html,
}
FORMATS = tuple(WRITERS)
DEFAULT_OPTIONS = ExportOptions()


@dataclass(frozen=True)
class ExportResult:
    data: bytes
    nodes: int
    edges: int


def build_graph(store: GraphStore, opts: ExportOptions = DEFAULT_OPTIONS) -> nx.MultiGraph:
    """The projection as a prepared networkx multigraph (sorted, analytics added, safe
    attributes): nodes keyed by IRI, edges keyed ``e0``, ``e1``…"""
    builder, directed = collect(store, opts)
    graph = to_networkx(builder, directed, opts.name)
    del builder
    return prepare(graph, analytics=opts.analytics)


def export_graph(store: GraphStore, fmt: str, opts: ExportOptions = DEFAULT_OPTIONS) -> ExportResult:
    """Export a projection of ``store`` in ``fmt`` (one of :data:`FORMATS`). The output is
    byte-identical for the same store and options."""
    if fmt not in WRITERS:
        from qgraph.errors import UsageError
        raise UsageError(f"unknown export format {fmt!r} (known: {', '.join(FORMATS)})")
    graph = build_graph(store, opts)
    return ExportResult(WRITERS[fmt](graph), graph.number_of_nodes(), graph.number_of_edges())


__all__ = ["ExportOptions", "ExportResult", "FORMATS", "PROJECTIONS", "build_graph", "export_graph"]

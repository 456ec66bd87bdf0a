"""Writers: a prepared graph → GraphML, GEXF, node-link JSON, Cytoscape.js JSON (bytes).

:func:`prepare` adds the analytics and the display attributes (``color``, ``size``) and sends
every attribute through :mod:`qgraph.export.sanitize`; the writers then only lay the values
out, in the graph's (sorted) order, with nothing that changes between runs.
"""

from __future__ import annotations

import io
import json
from typing import Any

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

from qgraph import __version__
from qgraph.export.analytics import add_analytics
from qgraph.export.sanitize import LIST_SEPARATOR, safe_attrs, unify_types
from qgraph.export.style import colour, rgb, size, spells

KEEP = ("label", "type", "iri", "weight", "legislatures")


def prepare(graph: nx.MultiGraph, analytics: bool = True) -> nx.MultiGraph:
    """Add analytics, colours and sizes, then make every attribute safe (in place)."""
    if analytics:
        add_analytics(graph)
    degrees = dict(graph.degree()) if not analytics else {}
    for node, data in graph.nodes(data=True):
        data["color"] = colour(str(data.get("type")), data.get("color"))
        data["size"] = size(int(data.get("degree", degrees.get(node, 0))))
        _replace(data, safe_attrs(data, keep=KEEP))
    for *_edge, data in graph.edges(data=True):
        _replace(data, safe_attrs(data, keep=KEEP))
    unify_types(graph)
    return graph


def _replace(data: dict[str, Any], new: dict[str, Any]) -> None:
    data.clear()
    data.update(new)


def legislatures(data: dict[str, Any]) -> set[int]:
    """The legislatures a node or edge belongs to, from its ``legislatures`` attribute."""
    value = data.get("legislatures")
    if isinstance(value, int) and not isinstance(value, bool):
        return {value}
    if isinstance(value, str):
        return {int(x) for x in value.split(LIST_SEPARATOR) if x.strip().isdigit()}
    return set()


def to_graphml(graph: nx.MultiGraph) -> bytes:
    return ("\n".join(nx.generate_graphml(graph, prettyprint=True)) + "\n").encode("utf-8")


def to_gexf(graph: nx.MultiGraph) -> bytes:
    """GEXF 1.2 with ``viz`` colours and sizes and one spell per legislature (dates), as Gephi
    reads them. GEXF's edge ``type`` means directed/undirected, so an edge's type is written as
    its ``label`` and its ``edge_type`` attribute."""
    g = graph.copy()
    for _node, data in g.nodes(data=True):
        data["viz"] = {"color": {**rgb(str(data["color"])), "a": 1.0}, "size": data["size"]}
        if found := spells(legislatures(data)):
            data["spells"] = found
    for *_edge, data in g.edges(data=True):
        edge_type = data.pop("type", "link")
        data["label"] = edge_type
        data["edge_type"] = edge_type
        if found := spells(legislatures(data)):
            data["spells"] = found
    writer = GEXFWriter(version="1.2draft")
    meta = writer.xml.find("meta")
    if meta is not None:  # networkx stamps today's date here: not reproducible
        meta.attrib.pop("lastmodifieddate", None)
        creator = meta.find("creator")
        if creator is not None:
            creator.text = f"qgraph {__version__}"
    writer.add_graph(g)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def to_node_link(graph: nx.MultiGraph) -> bytes:
    data = nx.node_link_data(graph, edges="edges")
    return _json(data)


def cytoscape_elements(graph: nx.MultiGraph, positions: dict[Any, tuple[float, float]] | None = None
                       ) -> dict[str, list[dict[str, Any]]]:
    """Cytoscape.js elements: ``{"nodes": [{"data": {"id": …}}], "edges": [{"data": {"id",
    "source", "target", …}}]}``, nodes with a ``position`` when ``positions`` has one."""
    nodes = [{"data": {"id": str(n), **d}} for n, d in graph.nodes(data=True)]
    if positions:
        for node, (n, _d) in zip(nodes, graph.nodes(data=True), strict=True):
            if n in positions:
                node["position"] = {"x": positions[n][0], "y": positions[n][1]}
    edges = [{"data": {"id": str(k), "source": str(u), "target": str(v), **d}}
             for u, v, k, d in graph.edges(keys=True, data=True)]
    return {"nodes": nodes, "edges": edges}


def to_cytoscape(graph: nx.MultiGraph) -> bytes:
    return _json({"data": {"name": graph.graph.get("name", ""), "directed": graph.is_directed()},
                  "elements": cytoscape_elements(graph)})


def _json(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")

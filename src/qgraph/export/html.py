"""The offline explorer: one HTML file holding the graph, Cytoscape.js (vendored in
``export/vendor``) and a small viewer (``export/web``); nothing is fetched from the network."""

from __future__ import annotations

import html
import json
import re
from importlib import resources

import networkx as nx

from qgraph import __version__
from qgraph.export.writers import cytoscape_elements

_SLOT = re.compile(r"\{\{(VERSION|TITLE|CSS|DATA|CYTOSCAPE|APP)\}\}")


def _asset(*parts: str) -> str:
    return (resources.files("qgraph.export").joinpath(*parts)).read_text(encoding="utf-8")


def _inline_script(code: str, what: str) -> str:
    if re.search(r"</script|<!--", code, re.IGNORECASE):
        raise ValueError(f"{what} cannot be inlined in a <script> element")
    return code


LAYOUT_MAX_NODES = 5000


def layout(graph: nx.MultiGraph) -> dict[object, tuple[float, float]]:
    """Node positions (Fruchterman-Reingold, fixed seed, rounded) computed here rather than in
    the browser, whose force layout is quadratic; none above :data:`LAYOUT_MAX_NODES` nodes
    (the page then arranges nodes in rings by degree)."""
    n = graph.number_of_nodes()
    if n == 0 or n > LAYOUT_MAX_NODES:
        return {}
    simple = nx.Graph()
    simple.add_nodes_from(graph)
    simple.add_edges_from((u, v) for u, v in graph.edges() if u != v)
    pos = nx.spring_layout(simple, seed=42, iterations=60)
    scale = 40.0 * max(n, 4) ** 0.5
    return {node: (round(float(x) * scale, 1), round(float(y) * scale, 1))
            for node, (x, y) in pos.items()}


def to_html(graph: nx.MultiGraph) -> bytes:
    """A self-contained, deterministic HTML explorer of ``graph`` (a prepared graph)."""
    data = {"data": {"name": graph.graph.get("name", ""), "directed": graph.is_directed()},
            "elements": cytoscape_elements(graph, layout(graph))}
    # "<" only ever occurs inside JSON strings, where \u003c means the same: no "</script>".
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    payload = payload.replace("<", "\\u003c")
    slots = {
        "VERSION": html.escape(__version__),
        "TITLE": html.escape(f"qgraph — {graph.graph.get('name', '')}"),
        "CSS": _asset("web", "explorer.css"),
        "DATA": payload,
        "CYTOSCAPE": _inline_script(_asset("vendor", "cytoscape.min.js"), "cytoscape.min.js"),
        "APP": _inline_script(_asset("web", "explorer.js"), "explorer.js"),
    }
    page = _SLOT.sub(lambda m: slots[m.group(1)], _asset("web", "explorer.html"))
    return page.encode("utf-8")

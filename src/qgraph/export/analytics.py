"""networkx analytics added as node attributes: ``degree`` (distinct neighbours),
``pagerank`` (weighted, along the edges' direction) and ``community`` (Louvain, fixed seed;
communities numbered by decreasing size)."""

from __future__ import annotations

import networkx as nx

SEED = 42


def _collapsed(graph: nx.MultiGraph, directed: bool) -> nx.Graph:
    """One edge per node pair, weights summed, self-loops dropped; nodes in the graph's order."""
    simple: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    simple.add_nodes_from(graph)
    for u, v, w in graph.edges(data="weight", default=1):
        if u == v:
            continue
        w = float(w) if w and w > 0 else 1.0
        if simple.has_edge(u, v):
            simple[u][v]["weight"] += w
        else:
            simple.add_edge(u, v, weight=w)
    return simple


def add_analytics(graph: nx.MultiGraph) -> None:
    """Set ``degree``, ``pagerank`` and ``community`` on every node of ``graph``."""
    if graph.number_of_nodes() == 0:
        return
    undirected = _collapsed(graph, directed=False)
    for node, degree in undirected.degree():
        graph.nodes[node]["degree"] = int(degree)
    try:
        ranks = nx.pagerank(_collapsed(graph, graph.is_directed()), weight="weight")
    except nx.PowerIterationFailedConvergence:
        ranks = {}
    for node, rank in ranks.items():
        graph.nodes[node]["pagerank"] = rank
    communities = nx.community.louvain_communities(undirected, weight="weight", seed=SEED)
    ordered = sorted(communities, key=lambda c: (-len(c), min(c)))
    for number, members in enumerate(ordered):
        for node in members:
            graph.nodes[node]["community"] = number

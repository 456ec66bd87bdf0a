"""What ``qgraph info`` prints: versions and the ingest log."""

from __future__ import annotations

import json
from typing import Any

from qgraph import __version__
from qgraph.rdf import iris
from qgraph.rdf.vocab import QG
from qgraph.store.graphstore import STORE_FORMAT, STORE_INFO, GraphStore


def store_info(store: GraphStore) -> dict[str, Any]:
    meta: dict[str, str] = {}
    for s in store.select(f"SELECT ?p ?o WHERE {{ GRAPH {iris.META_GRAPH} {{ {STORE_INFO} ?p ?o }} }}",
                         union=False):
        meta[str(s["p"]).rsplit("#", 1)[-1].rstrip(">")] = s["o"].value
    side = store.sidecar
    return {
        "store": str(store.path),
        "store_format": int(meta.get("storeFormat", STORE_FORMAT)),
        "written_by_qgraph": meta.get("qgraphVersion"),
        "ontology_version": meta.get("ontologyVersion"),
        "this_qgraph": __version__,
        "records": {k: side.count(k) for k in ("question", "page", "acteur", "mandat", "organe")},
        "ingests": [{"started": a, "ended": b, "qgraph": v, "summary": json.loads(s) if s else None}
                    for a, b, v, s in side.ingests()],
        "graph_prefix": QG.base,
    }

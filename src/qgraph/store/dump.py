"""Dump a store as N-Quads, TriG or Turtle (the union of its graphs)."""

from __future__ import annotations

from typing import IO

import pyoxigraph as ox

from qgraph.rdf.vocab import PREFIXES
from qgraph.store.graphstore import GraphStore

FORMATS = {"nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG, "turtle": ox.RdfFormat.TURTLE}


def dump_store(store: GraphStore, output: IO[bytes], fmt: str) -> None:
    rdf_format = FORMATS[fmt]
    if fmt == "turtle":
        triples = store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }", union=False)
        ox.serialize(triples, output, format=rdf_format, prefixes=PREFIXES)  # type: ignore[arg-type]
    elif fmt == "trig":
        ox.serialize(store.quads(), output, format=rdf_format, prefixes=PREFIXES)
    else:
        store.ox.dump(output, format=rdf_format)

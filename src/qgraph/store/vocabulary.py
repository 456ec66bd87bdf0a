"""The vocabulary graph: the ontology, the organisation gazetteer and the theme scheme, loaded
into the store so that queries can read labels, types, parents and Wikidata ids."""

from __future__ import annotations

import hashlib

import pyoxigraph as ox

from qgraph.rdf import iris
from qgraph.resources import ontology_file
from qgraph.store.graphstore import GraphStore

FILES = ("qgraph.ttl", "organisations.ttl", "themes.ttl")


def ensure_vocabulary(store: GraphStore) -> bool:
    """(Re)load the vocabulary graph when the shipped files changed; True when it did."""
    present = [ontology_file(name) for name in FILES if ontology_file(name).is_file()]
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in present)).hexdigest()
    if store.sidecar.get_state("vocabulary") == digest:
        return False
    graph = ox.NamedNode(iris.VOCABULARY_GRAPH[1:-1])
    store.drop_graphs([iris.VOCABULARY_GRAPH])
    for path in present:
        store.ox.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=graph)
    store.sidecar.set_state("vocabulary", digest)
    store.sidecar.commit()
    return True

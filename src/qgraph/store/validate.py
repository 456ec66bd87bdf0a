"""SHACL validation of a store with pySHACL and ``ontology/shapes.ttl``."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
import rdflib

from qgraph.resources import ontology_file
from qgraph.store.graphstore import GraphStore


@dataclass(frozen=True)
class Validation:
    conforms: bool
    report: str
    violations: int


def store_graph(store: GraphStore) -> rdflib.Graph:
    """The union of the store's named graphs as one rdflib graph (via N-Triples)."""
    triples = store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }", union=False)
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)  # type: ignore[arg-type]
    graph = rdflib.Graph()
    graph.parse(data=data, format="nt")
    return graph


def validate_store(store: GraphStore) -> Validation:
    from pyshacl import validate

    shapes = rdflib.Graph().parse(ontology_file("shapes.ttl"))
    ontology = rdflib.Graph().parse(ontology_file("qgraph.ttl"))
    conforms, results, text = validate(store_graph(store), shacl_graph=shapes, ont_graph=ontology,
                                       inference="none", advanced=True)
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    violations = len(list(results.subjects(rdflib.RDF.type, sh.ValidationResult)))
    return Validation(bool(conforms), str(text), violations)

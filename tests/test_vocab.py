"""The vocabulary module and ontology/qgraph.ttl declare the same qg: terms."""

from __future__ import annotations

import pytest
import rdflib
from rdflib.namespace import OWL, RDFS, SKOS

from qgraph.rdf.vocab import QG, QG_BASE
from qgraph.resources import ontology_file


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ontology_file("qgraph.ttl"))


def declared(graph: rdflib.Graph) -> set[str]:
    return {str(s)[len(QG_BASE):] for s in graph.subjects(RDFS.isDefinedBy, None)
            if str(s).startswith(QG_BASE)}


def test_every_vocab_term_is_declared_in_the_ontology(ontology: rdflib.Graph) -> None:
    assert QG.terms - declared(ontology) == set()


def test_every_ontology_term_is_in_the_vocab_module(ontology: rdflib.Graph) -> None:
    assert declared(ontology) - QG.terms == set()


def test_every_term_has_french_and_english_labels_and_definitions(ontology: rdflib.Graph) -> None:
    for name in sorted(QG.terms):
        node = rdflib.URIRef(QG_BASE + name)
        for prop in (RDFS.label, SKOS.definition):
            langs = {o.language for o in ontology.objects(node, prop)}
            assert {"fr", "en"} <= langs, f"qg:{name} lacks a fr/en {prop}"


def test_terms_are_typed(ontology: rdflib.Graph) -> None:
    kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, SKOS.Concept}
    for name in sorted(QG.terms):
        types = set(ontology.objects(rdflib.URIRef(QG_BASE + name), rdflib.RDF.type))
        assert types & kinds, f"qg:{name} has no OWL/SKOS type"


def test_undeclared_term_is_an_error() -> None:
    with pytest.raises(AttributeError, match="not a declared term of qg"):
        QG.authr  # noqa: B018
    assert QG.author == f"<{QG_BASE}author>"


def test_shapes_parse_and_only_use_declared_terms() -> None:
    shapes = rdflib.Graph().parse(ontology_file("shapes.ttl"))
    used = {str(t)[len(QG_BASE):] for triple in shapes for t in triple
            if isinstance(t, rdflib.URIRef) and str(t).startswith(QG_BASE)}
    assert used and used <= QG.terms

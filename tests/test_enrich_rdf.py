"""Enrichment as RDF: Web Annotation mentions, themes, sovereignty; vocabulary triples."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

from qgraph.enrich import enrich_question, enrich_text
from qgraph.enrich.model import Enrichment, Mention
from qgraph.rdf import iris
from qgraph.rdf.enrichment import map_enrichment, vocabulary_triples
from qgraph.rdf.vocab import QG_BASE
from test_enrich_seed import SEED_ORGS, seed_record

OA = Namespace("http://www.w3.org/ns/oa#")
QG = Namespace(QG_BASE)


def to_graph(triples) -> Graph:
    g = Graph()
    g.parse(data="".join(f"{s} {p} {o} .\n" for s, p, o in triples), format="nt")
    return g


@pytest.fixture(scope="module")
def seed_graph():
    record = seed_record()
    e = enrich_question(record, ner=False)
    return record, e, to_graph(map_enrichment(record.uid, e))


def test_one_annotation_per_mention(seed_graph):
    _, e, g = seed_graph
    annotations = set(g.subjects(RDF.type, OA.Annotation))
    assert len(annotations) == len(e.mentions) == len(set(g.subjects(RDF.type, QG.Mention)))


def test_selectors_slice_the_text(seed_graph):
    record, _, g = seed_graph
    text = record.question_text
    q = URIRef(iris.question(record.uid)[1:-1])
    for ann in g.subjects(RDF.type, OA.Annotation):
        target = g.value(ann, OA.hasTarget)
        assert g.value(target, OA.hasSource) == q
        selectors = list(g.objects(target, OA.hasSelector))
        quote = next(s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in g)
        pos = next(s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in g)
        start, end = g.value(pos, OA.start).toPython(), g.value(pos, OA.end).toPython()
        assert text[start:end] == str(g.value(quote, OA.exact))
        assert len(str(g.value(quote, OA.prefix))) <= 32
        assert g.value(ann, OA.motivatedBy) == OA.identifying
        assert str(g.value(ann, QG.method)) in {"gazetteer", "acronym"}


def test_question_mentions_each_organisation_once(seed_graph):
    record, _, g = seed_graph
    q = URIRef(iris.question(record.uid)[1:-1])
    orgs = {str(o).rsplit("/", 1)[1] for o in g.objects(q, QG.mentions)}
    assert orgs == SEED_ORGS


def test_themes_and_sovereignty(seed_graph):
    record, e, g = seed_graph
    q = URIRef(iris.question(record.uid)[1:-1])
    assert g.value(q, QG.sovereigntyRelated) == Literal(True)
    themes = {str(t).rsplit("/", 1)[1] for t in g.objects(q, QG.theme)}
    assert {"digital-sovereignty", "health-data"} <= themes
    assignments = list(g.objects(q, QG.themeAssignment))
    assert len(assignments) == len(e.themes)
    for a in assignments:
        assert 0 < g.value(a, QG.score).toPython() <= 1
        assert list(g.objects(a, QG.evidence))


def test_mapping_is_deterministic(seed_graph):
    record, e, _ = seed_graph
    assert map_enrichment(record.uid, e) == map_enrichment(record.uid, e)
    numbered = map_enrichment(record.uid, e)
    first = iris.question_part(record.uid, "mention/1")
    exact = [o for s, p, o in numbered if s.startswith(first[:-1] + "/target/quote")
             and p.endswith("#exact>")]
    assert exact == ['"Microsoft Azure"']  # the first mention by position


def test_ner_candidate_gets_a_provisional_node():
    text = "La société Zorglub Industries a racheté l'usine."
    m = Mention("ner-zorglub-industries", 11, 29, text[11:29], "ner", 0.5)
    e = Enrichment((m,), (), False, labels={m.org_key: m.exact})
    g = to_graph(map_enrichment("X1", e))
    org = URIRef(iris.organisation("ner-zorglub-industries")[1:-1])
    assert g.value(org, QG.provisional) == Literal(True)
    assert str(g.value(org, QG.orgType)) == "ner-candidate"
    assert g.value(URIRef(iris.question("X1")[1:-1]), QG.sovereigntyRelated) == Literal(False)


def test_answer_text_is_the_source_for_a_qg():
    e = enrich_text("EDF et RTE", source="answer", ner=False)
    g = to_graph(map_enrichment("QANR5L16QG1", e))
    sources = set(g.objects(None, OA.hasSource))
    assert sources == {URIRef(iris.question_part("QANR5L16QG1", "answer")[1:-1])}


def test_vocabulary_triples_parse():
    g = to_graph(vocabulary_triples())
    assert len(set(g.subjects(RDF.type, QG.Organisation))) >= 300
    assert len(set(g.subjects(RDF.type, QG.Theme))) >= 13

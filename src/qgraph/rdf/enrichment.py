"""Enrichment → RDF: W3C Web Annotations for organisation mentions, theme assignments, and the
sovereignty flag; plus the gazetteer and theme scheme as vocabulary triples.

For question ``uid`` (``Q`` = ``iris.question(uid)``):

- mention *n* (numbered from 1 by start, end, organisation): ``Q/mention/n`` a ``oa:Annotation``,
  ``qg:Mention``; ``oa:motivatedBy oa:identifying``; ``oa:hasBody`` the organisation;
  ``oa:hasTarget Q/mention/n/target`` (``oa:SpecificResource``, ``oa:hasSource`` the question —
  or its answer ``Q/answer`` when the text was the answer — and two selectors
  ``…/target/quote`` (``oa:TextQuoteSelector``: exact, prefix, suffix) and ``…/target/position``
  (``oa:TextPositionSelector``: start, end)); ``qg:method``, ``qg:confidence``;
- ``Q qg:mentions <org>`` once per organisation; an NER-only organisation gets a provisional
  node (``qg:Organisation``, ``skos:prefLabel``, ``qg:provisional true``,
  ``qg:orgType "ner-candidate"``);
- each reported theme: ``Q/theme/{key}`` a ``qg:ThemeAssignment`` (``qg:theme``, ``qg:score``,
  ``qg:evidence``), linked by ``Q qg:themeAssignment``; ``Q qg:theme <theme>`` when the score
  reaches the threshold;
- ``Q qg:sovereigntyRelated true|false``.
"""

from __future__ import annotations

from qgraph.enrich.model import Enrichment
from qgraph.enrich.themes import THEME_THRESHOLD
from qgraph.rdf import iris
from qgraph.rdf.nt import Triple, boolean, decimal, integer, iri, lit, typed
from qgraph.rdf.vocab import OA, QG, RDF, SKOS


def map_enrichment(uid: str, enrichment: Enrichment) -> list[Triple]:
    """Triples for one question's enrichment (deterministic for equal input)."""
    q = iris.question(uid)
    source = iris.question_part(uid, "answer") if enrichment.source == "answer" else q
    out: list[Triple] = []
    mentioned: dict[str, None] = {}
    for n, m in enumerate(sorted(enrichment.mentions, key=lambda m: m.sort_key), start=1):
        ann = iris.question_part(uid, f"mention/{n}")
        target = iris.question_part(uid, f"mention/{n}/target")
        quote = iris.question_part(uid, f"mention/{n}/target/quote")
        position = iris.question_part(uid, f"mention/{n}/target/position")
        org = iris.organisation(m.org_key)
        out += [
            (ann, RDF.type, OA.Annotation), (ann, RDF.type, QG.Mention),
            (ann, OA.motivatedBy, OA.identifying), (ann, OA.hasBody, org),
            (ann, OA.hasTarget, target), (ann, QG.method, lit(m.method)),
            (ann, QG.confidence, decimal(m.confidence)),
            (target, RDF.type, OA.SpecificResource), (target, OA.hasSource, source),
            (target, OA.hasSelector, quote), (target, OA.hasSelector, position),
            (quote, RDF.type, OA.TextQuoteSelector), (quote, OA.exact, lit(m.exact)),
            (quote, OA.prefix, lit(m.prefix)), (quote, OA.suffix, lit(m.suffix)),
            (position, RDF.type, OA.TextPositionSelector),
            (position, OA.start, integer(m.start)), (position, OA.end, integer(m.end)),
        ]
        if m.org_key not in mentioned:
            mentioned[m.org_key] = None
            out.append((q, QG.mentions, org))
            if m.method == "ner":
                label = enrichment.labels.get(m.org_key, m.exact)
                out += [(org, RDF.type, QG.Organisation), (org, SKOS.prefLabel, lit(label)),
                        (org, QG.provisional, boolean(True)),
                        (org, QG.orgType, lit("ner-candidate"))]
    for t in enrichment.themes:
        node = iris.question_part(uid, f"theme/{t.theme_key}")
        theme = iris.theme(t.theme_key)
        out += [(q, QG.themeAssignment, node), (node, RDF.type, QG.ThemeAssignment),
                (node, QG.theme, theme), (node, QG.score, decimal(t.score))]
        out += [(node, QG.evidence, lit(e)) for e in t.evidence]
        if t.score >= THEME_THRESHOLD:
            out.append((q, QG.theme, theme))
    out.append((q, QG.sovereigntyRelated, boolean(enrichment.sovereignty_related)))
    return out


def vocabulary_triples() -> list[Triple]:
    """The gazetteer (``organisations.ttl``) and theme scheme (``themes.ttl``) as triples, for
    the vocabulary graph (sorted, so the output is stable)."""
    from rdflib import BNode, Graph, Literal, URIRef

    from qgraph.resources import ontology_file

    graph = Graph()
    for name in ("organisations.ttl", "themes.ttl"):
        graph.parse(str(ontology_file(name)), format="turtle")

    def term(node) -> str:
        if isinstance(node, URIRef):
            return iri(str(node))
        if isinstance(node, BNode):
            return f"_:{node}"
        assert isinstance(node, Literal)
        if node.language:
            return lit(str(node), node.language)
        if node.datatype:
            return typed(str(node), str(node.datatype))
        return lit(str(node))

    return sorted((term(s), term(p), term(o)) for s, p, o in graph)

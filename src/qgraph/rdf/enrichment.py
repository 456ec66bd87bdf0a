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

from functools import lru_cache

from qgraph.enrich.model import Enrichment
from qgraph.enrich.themes import THEME_THRESHOLD
from qgraph.rdf import iris
from qgraph.rdf.nt import Triple, boolean, decimal, integer, iri, lit, typed
from qgraph.rdf.vocab import OA, QG, RDF, SKOS

# Terms resolved once (each vocabulary attribute access builds a new string).
_TYPE, _ANNOTATION, _MENTION = RDF.type, OA.Annotation, QG.Mention
_MOTIVATED_BY, _IDENTIFYING, _HAS_BODY, _HAS_TARGET = (
    OA.motivatedBy, OA.identifying, OA.hasBody, OA.hasTarget)
_METHOD, _CONFIDENCE, _SPECIFIC, _HAS_SOURCE, _HAS_SELECTOR = (
    QG.method, QG.confidence, OA.SpecificResource, OA.hasSource, OA.hasSelector)
_QUOTE, _EXACT, _PREFIX, _SUFFIX = OA.TextQuoteSelector, OA.exact, OA.prefix, OA.suffix
_POSITION, _START, _END = OA.TextPositionSelector, OA.start, OA.end
_MENTIONS, _ORGANISATION, _PREF_LABEL, _PROVISIONAL, _ORG_TYPE = (
    QG.mentions, QG.Organisation, SKOS.prefLabel, QG.provisional, QG.orgType)
_THEME_ASSIGNMENT, _ASSIGNMENT, _THEME, _SCORE, _EVIDENCE, _SOVEREIGNTY = (
    QG.themeAssignment, QG.ThemeAssignment, QG.theme, QG.score, QG.evidence,
    QG.sovereigntyRelated)
_TRUE, _NER_CANDIDATE = boolean(True), lit("ner-candidate")
_METHODS = {m: lit(m) for m in ("gazetteer", "acronym", "ner")}

_organisation = lru_cache(maxsize=4096)(iris.organisation)
_theme = lru_cache(maxsize=256)(iris.theme)
_decimal = lru_cache(maxsize=4096)(decimal)


def map_enrichment(uid: str, enrichment: Enrichment) -> list[Triple]:
    """Triples for one question's enrichment (deterministic for equal input)."""
    q = iris.question(uid)
    # iris.question_part(uid, part) for parts made of safe characters (mention/1, theme/energy)
    part = q[:-1] + "/"
    source = part + "answer>" if enrichment.source == "answer" else q
    out: list[Triple] = []
    mentioned: dict[str, None] = {}
    for n, m in enumerate(sorted(enrichment.mentions, key=lambda m: m.sort_key), start=1):
        ann = f"{part}mention/{n}>"
        target = f"{part}mention/{n}/target>"
        quote = f"{part}mention/{n}/target/quote>"
        position = f"{part}mention/{n}/target/position>"
        org = _organisation(m.org_key)
        out += [
            (ann, _TYPE, _ANNOTATION), (ann, _TYPE, _MENTION),
            (ann, _MOTIVATED_BY, _IDENTIFYING), (ann, _HAS_BODY, org),
            (ann, _HAS_TARGET, target),
            (ann, _METHOD, _METHODS.get(m.method) or lit(m.method)),
            (ann, _CONFIDENCE, _decimal(m.confidence)),
            (target, _TYPE, _SPECIFIC), (target, _HAS_SOURCE, source),
            (target, _HAS_SELECTOR, quote), (target, _HAS_SELECTOR, position),
            (quote, _TYPE, _QUOTE), (quote, _EXACT, lit(m.exact)),
            (quote, _PREFIX, lit(m.prefix)), (quote, _SUFFIX, lit(m.suffix)),
            (position, _TYPE, _POSITION),
            (position, _START, integer(m.start)), (position, _END, integer(m.end)),
        ]
        if m.org_key not in mentioned:
            mentioned[m.org_key] = None
            out.append((q, _MENTIONS, org))
            if m.method == "ner":
                label = enrichment.labels.get(m.org_key, m.exact)
                out += [(org, _TYPE, _ORGANISATION), (org, _PREF_LABEL, lit(label)),
                        (org, _PROVISIONAL, _TRUE), (org, _ORG_TYPE, _NER_CANDIDATE)]
    for t in enrichment.themes:
        node = f"{part}theme/{t.theme_key}>"
        theme = _theme(t.theme_key)
        out += [(q, _THEME_ASSIGNMENT, node), (node, _TYPE, _ASSIGNMENT),
                (node, _THEME, theme), (node, _SCORE, _decimal(t.score))]
        out += [(node, _EVIDENCE, lit(e)) for e in t.evidence]
        if t.score >= THEME_THRESHOLD:
            out.append((q, _THEME, theme))
    out.append((q, _SOVEREIGNTY, boolean(enrichment.sovereignty_related)))
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

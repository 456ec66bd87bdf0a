"""Counts of what a store holds (``qgraph stats``)."""

from __future__ import annotations

from typing import Any

from qgraph.rdf.vocab import FOAF, QG, RDF
from qgraph.store.graphstore import GraphStore


def _count(store: GraphStore, where: str) -> int:
    rows = list(store.select(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {where} }}"))
    return int(rows[0]["n"].value)


def compute_stats(store: GraphStore) -> dict[str, Any]:
    """Integer counts: questions, deputies, groups, ministries, organisations, triples, and per
    legislature and per question type."""
    stats: dict[str, Any] = {
        "questions": _count(store, f"?x {RDF.type} {QG.Question}"),
        "deputies": _count(store, f"?x {RDF.type} {QG.Deputy}"),
        "persons": _count(store, f"?x {RDF.type} {FOAF.Person}"),
        "groups": _count(store, f"?x {RDF.type} {QG.ParliamentaryGroup}"),
        "ministries": _count(store, f"?x {RDF.type} {QG.Ministry}"),
        "governments": _count(store, f"?x {RDF.type} {QG.Government}"),
        "mandates": _count(store, f"?x {RDF.type} {QG.Mandate}"),
        "organisations": _count(store, f"?q {QG.mentions} ?x"),
        "answered": _count(store, f"?x {QG.status} {QG.StatusAnswered}"),
        "withdrawn": _count(store, f"?x {QG.status} {QG.StatusWithdrawn}"),
        "sovereignty_related": _count(store, f'?x {QG.sovereigntyRelated} true'),
        "triples": store.triple_count(),
        "graphs": sum(1 for _ in store.ox.named_graphs()),
    }
    by_leg: dict[str, int] = {}
    by_type: dict[str, int] = {}
    for s in store.select(f"""SELECT ?leg ?t (COUNT(DISTINCT ?q) AS ?n) WHERE {{
            ?q {RDF.type} {QG.Question} ; {QG.questionType} ?t ; {QG.legislature}/{QG.legislatureNumber} ?leg
        }} GROUP BY ?leg ?t ORDER BY ?leg ?t"""):
        leg, qtype, n = s["leg"].value, s["t"].value, int(s["n"].value)
        by_leg[leg] = by_leg.get(leg, 0) + n
        by_type[qtype] = by_type.get(qtype, 0) + n
    stats["by_legislature"] = by_leg
    stats["by_type"] = by_type
    return stats

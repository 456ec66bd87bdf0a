"""Pages merged with open data.

A page record lives in the sidecar and its facts in the graph ``graph/page/{uid}``, rebuilt
after every ingest so that the result does not depend on the order files arrive in:

* its author resolves to the AN deputy (PA id) when AMO data knows a deputy of that name with a
  mandate in that legislature (and constituency, when the page gives it); otherwise to a
  provisional node keyed by the name, the same across legislatures;
* its group resolves to the GP body of that legislature with that name;
* where the official record of the same question is in the store, the official facts win:
  the page keeps only what the official record does not state.
"""

from __future__ import annotations

import pyoxigraph as ox

from qgraph.rdf import iris
from qgraph.rdf.nt import Triple, lit, nquad
from qgraph.rdf.questions import Identity, map_question, name_key
from qgraph.rdf.vocab import DCTERMS, QG
from qgraph.records import QuestionRecord
from qgraph.records.codec import question_from_json
from qgraph.store.graphstore import GraphStore


def page_graph(uid: str) -> str:
    return iris.record_graph("page", uid)


def _one(store: GraphStore, sparql: str, subs: dict[str, ox.NamedNode | ox.Literal]) -> str | None:
    rows = {str(s["x"]) for s in store.select(sparql, subs)}
    return rows.pop() if len(rows) == 1 else None


def resolve_identity(store: GraphStore, rec: QuestionRecord) -> Identity:
    a = rec.author
    author = group = None
    if not a.acteur_ref and a.name and a.name.full:
        key = ox.Literal(name_key(a.name.full))
        leg = ox.NamedNode(iris.legislature(rec.legislature)[1:-1])
        author = _one(store, f"""SELECT DISTINCT ?x ?key ?leg WHERE {{
            ?x {QG.nameKey} ?key ; {QG.anId} ?id .
            ?m <http://www.w3.org/ns/org#member> ?x ; {QG.legislature} ?leg ; {QG.organeType} "ASSEMBLEE" .
        }}""", {"key": key, "leg": leg})
        if author is None:
            author = _one(store, f"SELECT DISTINCT ?x ?key WHERE {{ ?x {QG.nameKey} ?key ; {QG.anId} ?id }}",
                          {"key": key})
    if not a.group_ref and a.group_name:
        leg = ox.NamedNode(iris.legislature(rec.legislature)[1:-1])
        target = name_key(a.group_name)
        for s in store.select(f"""SELECT DISTINCT ?x ?label ?leg WHERE {{
                ?x {QG.organeType} "GP" ; {QG.legislature} ?leg ;
                   <http://www.w3.org/2000/01/rdf-schema#label> ?label }}""", {"leg": leg}):
            if name_key(s["label"].value) == target:
                group = str(s["x"])
                break
    return Identity(author=author, group=group)


def _official_predicates(store: GraphStore, uid: str) -> set[str]:
    g = iris.question_graph(uid)
    q = iris.question(uid)
    return {str(s["p"]) for s in store.select(
        f"SELECT DISTINCT ?p WHERE {{ GRAPH {g} {{ {q} ?p ?o }} }}", union=False)}


def merge_with_official(triples: list[Triple], question: str, official: set[str]) -> list[Triple]:
    """Drop the page's statements the official record already makes, then what is left dangling."""
    kept = [t for t in triples if not (t[0] == question and t[1] in official and t[1] != DCTERMS.source)]
    reachable = {question}
    changed = True
    while changed:
        changed = False
        for s, _p, o in kept:
            if s in reachable and o.startswith("<") and o not in reachable:
                reachable.add(o)
                changed = True
    return [t for t in kept if t[0] in reachable]


def page_triples(store: GraphStore, rec: QuestionRecord) -> list[Triple]:
    identity = resolve_identity(store, rec)
    q = iris.question(rec.uid)
    triples = map_question(rec, identity)
    official = _official_predicates(store, rec.uid)
    if official:
        triples = merge_with_official(triples, q, official)
    g = page_graph(rec.uid)
    triples += [(g, DCTERMS.source, lit(rec.origin.describe())), (g, QG.sourceKind, lit("page")),
                (g, QG.checksum, lit(rec.origin.checksum))]
    return triples


def refresh_pages(store: GraphStore) -> int:
    """Rebuild every page graph against what the store now holds; returns how many."""
    uids = sorted(store.sidecar.page_uids())
    for uid in uids:
        text = store.sidecar.page(uid)
        if text is None:
            continue
        rec = question_from_json(text)
        g = page_graph(uid)
        data = "".join(nquad(t, g) for t in page_triples(store, rec)).encode()
        store.drop_graphs([g])
        store.load_nquads(data)
    return len(uids)

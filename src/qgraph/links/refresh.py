"""Rebuild the graph ``graph/links`` from what the store holds (called after every ingest).

The graph holds derived, cross-question and cross-legislature facts only: re-ask links (see
``links.reasked``) and group successors (see ``links.identities``). It is dropped and rebuilt
whole, so the result never depends on the order files were ingested in.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from qgraph.links.identities import group_successors
from qgraph.links.reasked import METHOD, Link, QuestionText, find_links
from qgraph.rdf import iris
from qgraph.rdf.nt import Triple, decimal, id_segment, iri, lit, nquad
from qgraph.rdf.vocab import QG, RDF
from qgraph.store.graphstore import GraphStore


@dataclass(frozen=True)
class LinksReport:
    reasked: int
    reasked_by: int
    successor_groups: int


def link_node(earlier: str, later: str) -> str:
    return iri(f"{iris.ID}link/{id_segment(earlier)}/{id_segment(later)}")


def question_texts(store: GraphStore) -> Iterator[QuestionText]:
    """Every question with a text, with its legislature and author IRIs, read from the store."""
    # The legislature number is read from the legislature IRI: joining on the legislature node's
    # qg:legislatureNumber would repeat each row once per question graph stating it.
    rows = store.query(f"""SELECT ?uid ?leg ?text ?author WHERE {{
        ?q {QG.questionText} ?text ; {QG.uid} ?uid ; {QG.legislature} ?leg .
        OPTIONAL {{ ?q {QG.author} ?author }} }}""")
    seen: dict[str, tuple[int, str, set[str]]] = {}
    for s in rows:  # type: ignore[union-attr]
        uid = s["uid"].value
        leg = s["leg"].value.rsplit("/", 1)[-1]
        if not leg.isdigit():
            continue
        entry = seen.setdefault(uid, (int(leg), s["text"].value, set()))
        if s["author"] is not None:
            entry[2].add(str(s["author"]))
    for uid, (leg, text, authors) in seen.items():
        yield QuestionText(uid, leg, text, frozenset(authors))


def link_triples(link: Link) -> list[Triple]:
    earlier, later = iris.question(link.earlier), iris.question(link.later)
    node = link_node(link.earlier, link.later)
    relation = QG.reasked if link.same_author else QG.reaskedBy
    return [(earlier, relation, later), (node, RDF.type, QG.ReaskLink),
            (node, QG.earlierQuestion, earlier), (node, QG.laterQuestion, later),
            (node, QG.linkRelation, relation), (node, QG.similarity, decimal(link.score)),
            (node, QG.method, lit(METHOD))]


def refresh_links(store: GraphStore) -> LinksReport:
    """Recompute re-ask links and group successors into ``graph/links``."""
    links = find_links(question_texts(store))
    successors = group_successors(store)
    triples = [t for link in links for t in link_triples(link)] + successors
    store.drop_graphs([iris.LINKS_GRAPH])
    store.load_nquads("".join(nquad(t, iris.LINKS_GRAPH) for t in triples).encode())
    same = sum(1 for k in links if k.same_author)
    return LinksReport(same, len(links) - same, len(successors))

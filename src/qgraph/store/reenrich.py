"""Re-run the enrichment over the questions already in the store (``qgraph enrich``), after
the gazetteer or the theme scheme changed. Each question's enrichment graph is replaced."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import cast

import pyoxigraph as ox

from qgraph.rdf import iris
from qgraph.rdf.nt import nquad
from qgraph.rdf.vocab import DCTERMS, QG, SKOS
from qgraph.records import Origin, QuestionRecord
from qgraph.records.model import QuestionType
from qgraph.store.graphstore import GraphStore
from qgraph.store.vocabulary import ensure_vocabulary

_READ = f"""
SELECT ?g ?uid ?leg ?type ?num ?text ?answer ?rub ?title
       (GROUP_CONCAT(?ana; separator="\\u001f") AS ?analyses)
WHERE {{
  GRAPH ?g {{ ?q {QG.uid} ?uid ; {QG.questionType} ?type ; {QG.number} ?num ;
                 {QG.legislature} ?l .
    OPTIONAL {{ ?q {QG.questionText} ?text }}
    OPTIONAL {{ ?q {QG.hasAnswer} ?a . ?a {QG.answerText} ?answer }}
    OPTIONAL {{ ?q {QG.rubric} ?r . ?r {SKOS.prefLabel} ?rub }}
    OPTIONAL {{ ?q {DCTERMS.title} ?title }}
    OPTIONAL {{ ?q {QG.analysis} ?ana }}
  }}
  ?l {QG.legislatureNumber} ?leg .
}}
GROUP BY ?g ?uid ?leg ?type ?num ?text ?answer ?rub ?title
"""


def stored_questions(store: GraphStore) -> Iterator[QuestionRecord]:
    """Questions as the store holds them (official graph preferred over a page graph)."""
    best: dict[str, tuple[bool, QuestionRecord]] = {}
    for s in store.select(_READ):
        g = str(s["g"])
        official = "/graph/question/" in g
        if not official and "/graph/page/" not in g:
            continue
        uid = s["uid"].value
        if uid in best and best[uid][0]:
            continue

        def val(name: str, row: ox.QuerySolution = s) -> str | None:
            term = row[name]
            return term.value if term is not None else None
        analyses = tuple(a for a in (val("analyses") or "").split("\u001f") if a)
        best[uid] = (official, QuestionRecord(
            uid=uid, legislature=int(val("leg") or 0), type=cast(QuestionType, val("type")),
            number=int(val("num") or 0), origin=Origin(path="store"), rubrique=val("rub"),
            title=val("title"), analyses=analyses, question_text=val("text"),
            answer_text=val("answer")))
    for uid in sorted(best):
        yield best[uid][1]


def enrich_store(store: GraphStore, *, ner: bool = False,
                 on_progress: Callable[[int], None] | None = None, batch: int = 1000) -> int:
    """Replace every question's enrichment graph; returns how many questions were enriched."""
    from qgraph.enrich import enrich_question
    from qgraph.rdf.enrichment import map_enrichment

    ensure_vocabulary(store)
    done = 0
    pending: list[QuestionRecord] = []

    def flush() -> None:
        graphs = [iris.enrich_graph(r.uid) for r in pending]
        lines = [nquad(t, iris.enrich_graph(r.uid))
                 for r in pending for t in map_enrichment(r.uid, enrich_question(r, ner=ner))]
        store.drop_graphs(graphs)
        store.load_nquads("".join(lines).encode())
        if on_progress:
            on_progress(len(pending))
        pending.clear()

    for rec in stored_questions(store):
        pending.append(rec)
        done += 1
        if len(pending) >= batch:
            flush()
    if pending:
        flush()
    return done

"""Store format 2: a question's graph holds the statements about the question and its parts; what
its record says of shared nodes (deputy, mandate, group, constituency, ministries, rubric) is
stated once, in graph/shared, so the union of graphs does not repeat it per question; a node no
graph refers to any more leaves graph/shared."""

from __future__ import annotations

import json
from pathlib import Path

from qgraph.pipeline import IngestOptions, ingest
from qgraph.rdf import iris
from qgraph.store import open_store
from qgraph.store.graphstore import GraphStore

OPTS = IngestOptions(enrich=False, links=False, workers=0)
QG = "https://w3id.org/qgraph/ontology#"
FIRST = "QANR5L17QE1173"


def count(store: GraphStore, sparql: str) -> int:
    return int(next(iter(store.select(f"PREFIX qg: <{QG}> SELECT (COUNT(*) AS ?n) WHERE {{ {sparql} }}")))["n"].value)


def copies(an_fixtures: Path, folder: Path, n: int) -> list[Path]:
    """``n`` questions of the same deputy and group: FIRST under n numbers."""
    record = json.loads((an_fixtures / "questions" / f"{FIRST}.json").read_text(encoding="utf-8"))
    folder.mkdir(exist_ok=True)
    paths = []
    for i in range(n):
        q = record["question"]
        number = 90000 + i
        q["uid"] = f"QANR5L17QE{number}"
        q["identifiant"]["numero"] = str(number)
        path = folder / f"{q['uid']}.json"
        path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        paths.append(path)
    return paths


def test_node_facts_are_stated_once_whatever_the_number_of_questions(tmp_path: Path, an_fixtures: Path) -> None:
    paths = copies(an_fixtures, tmp_path / "in", 5)
    with open_store(tmp_path / "s") as store:
        assert ingest(store, paths, OPTS).new == 5
        # the union sees the group's abbreviation, the deputy's AN id and the rubric's label once
        assert count(store, "?g qg:abbreviation \"RN\"") == 1
        assert count(store, "<https://w3id.org/qgraph/id/person/PA794894> qg:anId ?id") == 1
        assert count(store, "?q qg:authorGroup ?g . ?g qg:abbreviation ?a") == 5
        # a question graph states nothing about another subject than the question and its parts
        graph = iris.question_graph("QANR5L17QE90000")
        q = iris.question("QANR5L17QE90000")[1:-1]
        subjects = {str(s["s"])[1:-1] for s in store.select(
            f"SELECT DISTINCT ?s WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}", union=False)}
        assert subjects and all(s == q or s.startswith(q + "/") or s == graph[1:-1] for s in subjects), subjects


def test_a_node_no_question_names_any_more_leaves_the_shared_graph(tmp_path: Path, an_fixtures: Path) -> None:
    [path] = copies(an_fixtures, tmp_path / "in", 1)
    with open_store(tmp_path / "s") as store:
        ingest(store, [path], OPTS)
        old = "<https://w3id.org/qgraph/id/person/PA794894>"
        assert count(store, f"{old} ?p ?o") == 3  # two types and the AN id
        record = json.loads(path.read_text(encoding="utf-8"))
        record["question"]["auteur"]["identite"]["acteurRef"] = "PA1"  # re-attributed
        path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        assert ingest(store, [path], OPTS).updated == 1
        assert count(store, f"{old} ?p ?o") == 0
        assert count(store, "<https://w3id.org/qgraph/id/person/PA1> qg:anId \"PA1\"") == 1
        # the group, still named by the question, stays
        assert count(store, "<https://w3id.org/qgraph/id/organe/PO845401> qg:abbreviation \"RN\"") == 1

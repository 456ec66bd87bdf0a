"""graph/links on the shared store: the seed, its 17th-legislature re-ask by the same deputy
and decoys, all written as pages; group successors from the AMO fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from fixture_store import LATOMBE, SEED_TEXT, SEED_UID, library_store  # noqa: F401
from qgraph.pipeline import IngestOptions, ingest
from qgraph.query import load_query, run_query
from qgraph.rdf import iris
from qgraph.store import open_store

REASK_UID = "QANR5L17QE4242"


def rows(store_path: Path, name: str, **params: str) -> list[dict[str, str | None]]:
    with open_store(store_path, read_only=True) as store:
        return list(run_query(store, load_query(name), params).values())


def test_reasked_returns_exactly_the_true_pair(library_store: Path) -> None:  # noqa: F811
    found = rows(library_store, "reasked")
    assert [(r["earlier"], r["later"], r["deputy"], r["deputy_name"]) for r in found] == \
        [(SEED_UID, REASK_UID, LATOMBE, "Philippe Latombe")]
    assert float(found[0]["score"] or 0) > 0.95
    assert (found[0]["earlier_legislature"], found[0]["legislature"]) == ("16", "17")
    assert rows(library_store, "reasked", legislature="16") == []
    assert [r["later"] for r in rows(library_store, "reasked", legislature="17")] == [REASK_UID]


def test_the_deputy_is_one_node_across_legislatures(library_store: Path) -> None:  # noqa: F811
    with open_store(library_store, read_only=True) as store:
        authors = {(s["u"].value, str(s["a"])) for s in store.query(  # type: ignore[union-attr]
            "SELECT ?u ?a WHERE { ?q <https://w3id.org/qgraph/ontology#uid> ?u ; "
            "<https://w3id.org/qgraph/ontology#author> ?a VALUES ?u { 'QANR5L16QE15221' 'QANR5L17QE4242' } }")}
    assert authors == {(SEED_UID, f"<{LATOMBE}>"), (REASK_UID, f"<{LATOMBE}>")}
    mine = rows(library_store, "deputy-questions", deputy=LATOMBE)
    assert [(r["uid"], r["legislature"]) for r in mine] == \
        [(SEED_UID, "16"), (REASK_UID, "17"), ("QANR5L17QE4400", "17")]


def test_a_verbatim_copy_by_another_deputy_is_reasked_by_only(library_store: Path) -> None:  # noqa: F811
    found = rows(library_store, "reasked-by-others")
    assert [(r["earlier"], r["later"], r["earlier_deputy"], r["later_deputy"]) for r in found] == \
        [(SEED_UID, "QANR5L17QE4500", "Philippe Latombe", "Paul Copie")]


def test_link_nodes_carry_score_method_and_relation(library_store: Path) -> None:  # noqa: F811
    link = f"<{iris.ID}link/{SEED_UID}/{REASK_UID}>"
    with open_store(library_store, read_only=True) as store:
        facts = {(str(s["p"]), s["o"].value) for s in store.query(  # type: ignore[union-attr]
            f"SELECT ?p ?o WHERE {{ GRAPH {iris.LINKS_GRAPH} {{ {link} ?p ?o }} }}", union=False)}
    qg = "<https://w3id.org/qgraph/ontology#"
    assert (f"{qg}method>", "minhash-lsh/char-ngram-cosine") in facts
    assert (f"{qg}linkRelation>", "https://w3id.org/qgraph/ontology#reasked") in facts
    assert (f"{qg}earlierQuestion>", f"{iris.ID}question/{SEED_UID}") in facts
    assert any(p == f"{qg}similarity>" and float(o) > 0.95 for p, o in facts)


def test_group_successors_from_names_and_abbreviations(library_store: Path) -> None:  # noqa: F811
    found = rows(library_store, "group-successors")
    assert [(r["legislature"], r["abbreviation"], r["successor_abbreviation"], r["successor_name"])
            for r in found] == [("16", "DEM", "DEM", "Les Démocrates"),
                                ("16", "HOR", "HOR", "Horizons & Indépendants"),
                                ("16", "RN", "RN", "Rassemblement National"),
                                ("16", "SOC", "SOC", "Socialistes et apparentés")]
    assert rows(library_store, "group-successors", legislature="17") == []


@pytest.mark.skipif(not SEED_TEXT, reason="the seed page (../shared/seeds) is absent")
def test_links_are_rebuilt_whole_and_options_can_skip_them(tmp_path: Path) -> None:
    from fixture_store import SEED, write_pages
    pages = write_pages(tmp_path / "pages")
    with open_store(tmp_path / "s") as store:
        ingest(store, [SEED, pages[0]], IngestOptions(enrich=False, links=False))
        assert not store.graph_exists(iris.LINKS_GRAPH)
        ingest(store, [pages[1]], IngestOptions(enrich=False))
        first = sorted(str(q) for q in store.ox.quads_for_pattern(None, None, None, None)
                       if str(q.graph_name) == iris.LINKS_GRAPH)
        ingest(store, [pages[2]], IngestOptions(enrich=False))
        again = sorted(str(q) for q in store.ox.quads_for_pattern(None, None, None, None)
                       if str(q.graph_name) == iris.LINKS_GRAPH)
        reasked = [s["l"].value for s in store.query(  # type: ignore[union-attr]
            "SELECT ?l WHERE { ?e <https://w3id.org/qgraph/ontology#reasked> ?l }")]
    assert first == again and len(first) == 7
    assert reasked == [f"{iris.ID}question/{REASK_UID}"]

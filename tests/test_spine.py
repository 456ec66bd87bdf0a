"""The spine on the real AN open-data fixtures: every question ingests, its card matches the
source JSON field by field, re-ingest changes nothing, the store validates, order does not
matter."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from qgraph.pipeline import IngestOptions, ingest
from qgraph.query import load_query, run_query
from qgraph.store import compute_stats, open_store, validate_store

NO_ENRICH = IngestOptions(enrich=False)


@pytest.fixture(scope="module")
def fixture_store(an_fixtures: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("spine") / "store"
    with open_store(path) as store:
        report = ingest(store, [an_fixtures / d for d in ("questions", "acteur", "mandat", "organe")]
                        + [an_fixtures / "legacy-q14_14-47351QE.xml"], NO_ENRICH)
    assert report.failed == 0, report.errors
    return path


def _first(value: Any) -> Any:
    return value[-1] if isinstance(value, list) else value


def expected_card(q: dict[str, Any], fixtures: Path) -> dict[str, str | None]:
    """The card as read straight from the source JSON (and the AMO files it points to)."""
    ident, author = q["identifiant"], q["auteur"]
    analyse = (q["indexationAN"].get("analyses") or {}).get("analyse")
    attribs = q["minAttribs"]["minAttrib"]
    texte_q = (q.get("textesQuestion") or {}).get("texteQuestion") or {}
    texte_r = (q.get("textesReponse") or {}).get("texteReponse") or {}
    cloture = q.get("cloture") or {}
    card: dict[str, str | None] = {
        "uid": q["uid"], "legislature": ident["legislature"], "type": q["type"],
        "number": ident["numero"], "author_id": author["identite"]["acteurRef"],
        "group_abbrev": author["groupe"]["abrege"], "group_name": author["groupe"]["developpe"],
        "rubrique": q["indexationAN"]["rubrique"],
        "analyse": analyse if isinstance(analyse, str) else None,
        "ministry_asked": q["minInt"]["abrege"],
        "ministry_assigned": _first(attribs)["denomination"]["abrege"],
        "published": (texte_q.get("infoJO") or {}).get("dateJO"),
        "page": (texte_q.get("infoJO") or {}).get("pageJO"),
        "answered": (texte_r.get("infoJO") or {}).get("dateJO"),
        "answer_page": (texte_r.get("infoJO") or {}).get("pageJO"),
        "closed": cloture.get("dateCloture"), "closing_reason": cloture.get("libelleCloture"),
        "author": None, "department": None, "circonscription": None,
    }
    acteur = fixtures / "acteur" / f"{author['identite']['acteurRef']}.json"
    if acteur.exists():
        ident_civ = json.loads(acteur.read_text())["acteur"]["etatCivil"]["ident"]
        card["author"] = f"{ident_civ['prenom']} {ident_civ['nom']}"
    mandat = fixtures / "mandat" / f"{author['identite'].get('mandatRef')}.json"
    if mandat.exists():
        lieu = json.loads(mandat.read_text())["mandat"]["election"]["lieu"]
        card["department"], card["circonscription"] = lieu["departement"], lieu["numCirco"]
    return card


def test_every_fixture_question_card_matches_its_source(fixture_store: Path, an_fixtures: Path) -> None:
    card_query = load_query("question-card")
    files = sorted((an_fixtures / "questions").glob("*.json"))
    assert len(files) == 306
    with open_store(fixture_store, read_only=True) as store:
        # uid left unbound: one row per question in the store, in a single query
        cards = {row["uid"]: row for row in run_query(store, card_query).values()}
    mismatches = []
    for path in files:
        q = json.loads(path.read_text())["question"]
        got = cards[q["uid"]]
        for key, want in expected_card(q, an_fixtures).items():
            if got[key] != want:
                mismatches.append((q["uid"], key, want, got[key]))
    assert mismatches == []
    assert len(cards) == 307  # the 306 JSON questions and the legacy XML one


def test_card_of_a_reattributed_written_question(fixture_store: Path) -> None:
    with open_store(fixture_store, read_only=True) as store:
        row = next(run_query(store, load_query("question-card"), {"uid": "QANR5L17QE1173"}).values())
    assert row["author"] == "Anaïs Sabatini" and row["author_id"] == "PA794894"
    assert row["department"] == "Pyrénées-Orientales" and row["circonscription"] == "2"
    assert row["ministry_assigned"] == "Santé et accès aux soins"
    assert (row["published"], row["page"], row["answered"], row["answer_page"]) == (
        "2024-10-22", "5610", "2025-04-08", "2580")


def test_legacy_xml_question_card(fixture_store: Path) -> None:
    with open_store(fixture_store, read_only=True) as store:
        row = next(run_query(store, load_query("question-card"), {"uid": "QANR5L14QE47351"}).values())
    assert row["author_id"] == "PA923" and row["group_abbrev"] == "LES-REP"
    assert row["department"] == "Haute-Marne" and row["circonscription"] == "2"
    assert row["rubrique"] == "défense" and row["ministry_asked"] == "Défense"


def test_stats_count_what_the_fixtures_hold(fixture_store: Path) -> None:
    with open_store(fixture_store, read_only=True) as store:
        stats = compute_stats(store)
    assert stats["questions"] == 307
    assert stats["by_legislature"] == {"14": 1, "16": 297, "17": 9}
    assert stats["by_type"] == {"QE": 10, "QG": 297}
    assert stats["groups"] >= 15 and stats["ministries"] >= 168
    assert all(isinstance(stats[k], int) for k in
               ("questions", "deputies", "groups", "ministries", "organisations", "triples"))


def test_reingest_leaves_the_store_unchanged(fixture_store: Path, an_fixtures: Path) -> None:
    with open_store(fixture_store) as store:
        before = store.triple_count()
        report = ingest(store, [an_fixtures / "questions", an_fixtures / "acteur"], NO_ENRICH)
        after = store.triple_count()
    assert (report.new, report.updated, report.failed) == (0, 0, 0)
    assert report.unchanged > 306
    assert after == before


def test_fixture_store_conforms_to_the_shapes(fixture_store: Path) -> None:
    with open_store(fixture_store, read_only=True) as store:
        result = validate_store(store)
    assert result.conforms, result.report[:2000]


def _data_quads(path: Path) -> set[str]:
    with open_store(path, read_only=True) as store:
        return {str(q) for q in store.quads() if "/graph/meta" not in str(q.graph_name)
                and "checksum" not in str(q.predicate) and "/terms/source" not in str(q.predicate)}


def test_amo_before_or_after_questions_gives_the_same_graph(an_fixtures: Path, tmp_path: Path) -> None:
    questions = sorted((an_fixtures / "questions").glob("QANR5L17*.json"))
    refs = [json.loads(p.read_text())["question"]["auteur"] for p in questions]
    amo = [p for p in [an_fixtures / "acteur" / f"{r['identite']['acteurRef']}.json" for r in refs]
           + [an_fixtures / "mandat" / f"{r['identite']['mandatRef']}.json" for r in refs]
           + [an_fixtures / "organe" / f"{r['groupe']['organeRef']}.json" for r in refs] if p.exists()]
    assert len(amo) >= 10
    with open_store(tmp_path / "a") as store:
        ingest(store, questions, NO_ENRICH)
        ingest(store, amo, NO_ENRICH)
    with open_store(tmp_path / "b") as store:
        ingest(store, amo + questions, NO_ENRICH)
    assert _data_quads(tmp_path / "a") == _data_quads(tmp_path / "b")

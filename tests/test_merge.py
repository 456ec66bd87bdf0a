"""A question seen as a page and as an open-data record is one node with the union of facts
(official wins); its author is one deputy node, whatever order the files arrive in."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import SEED
from qgraph.pipeline import IngestOptions, ingest
from qgraph.query import load_query, run_query
from qgraph.store import open_store

NO_ENRICH = IngestOptions(enrich=False)
UID = "QANR5L16QE15221"


def official_question() -> dict:
    jo = {"typeJO": "JO_QUESTION", "dateJO": "2024-02-13", "pageJO": "867", "numJO": "20240007",
          "urlLegifrance": None, "referenceNOR": None}
    return {"question": {
        "uid": UID, "identifiant": {"numero": "15221", "regime": "5eme Republique", "legislature": "16"},
        "type": "QE",
        "indexationAN": {"rubrique": "santé", "teteAnalyse": None,
                         "analyses": {"analyse": "Hébergement des données de santé des Français par Microsoft Azure"}},
        "auteur": {"identite": {"acteurRef": "PA9990001", "mandatRef": "PM9990001"},
                   "groupe": {"organeRef": "PO800484", "abrege": "DEM",
                              "developpe": "Démocrate (MoDem et Indépendants)"}},
        "minInt": {"abrege": "Premier ministre", "developpe": "Premier ministre"},
        "minAttribs": {"minAttrib": [
            {"infoJO": jo, "denomination": {"abrege": "Premier ministre", "developpe": "Premier ministre"}},
            {"infoJO": {**jo, "typeJO": "JO_LOI_DECRET", "dateJO": "2024-02-20", "pageJO": None},
             "denomination": {"abrege": "Travail, santé et solidarités",
                              "developpe": "Ministère du travail, de la santé et des solidarités"}}]},
        "textesQuestion": {"texteQuestion": {"infoJO": jo, "texte": "M. Philippe Latombe alerte M. le Premier ministre sur l'attribution du « projet Emc2 » à Microsoft Azure."}},
        "textesReponse": None, "cloture": None, "signalement": None, "renouvellements": None}}


def amo_files(folder: Path) -> list[Path]:
    acteur = {"acteur": {"uid": {"#text": "PA9990001"}, "etatCivil": {
        "ident": {"civ": "M.", "prenom": "Philippe", "nom": "Latombe", "alpha": "Latombe", "trigramme": "PLA"},
        "infoNaissance": {"dateNais": "1975-04-12", "villeNais": "Fontenay-le-Comte", "depNais": "Vendée", "paysNais": "France"},
        "dateDeces": {"@xsi:nil": "true"}}}}
    mandat = {"mandat": {"uid": "PM9990001", "acteurRef": "PA9990001", "legislature": "16",
                         "typeOrgane": "ASSEMBLEE", "dateDebut": "2022-06-22", "dateFin": "2024-06-09",
                         "infosQualite": {"codeQualite": "membre", "libQualite": "membre"},
                         "organes": {"organeRef": "PO791932"},
                         "election": {"lieu": {"region": "Pays de la Loire", "departement": "Vendée",
                                               "numDepartement": "85", "numCirco": "1"}},
                         "mandature": {"causeFin": "Fin de législature"}}}
    paths = []
    for name, data in (("PA9990001.json", acteur), ("PM9990001.json", mandat)):
        (folder / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        paths.append(folder / name)
    return paths


@pytest.fixture
def inputs(tmp_path: Path, an_fixtures: Path) -> dict[str, list[Path]]:
    if not SEED.exists():
        pytest.skip("the seed page (../shared/seeds) is absent")
    data = tmp_path / "data"
    data.mkdir()
    page = data / "QANR5L16QE15221.txt"
    shutil.copy(SEED, page)
    official = data / f"{UID}.json"
    official.write_text(json.dumps(official_question(), ensure_ascii=False), encoding="utf-8")
    return {"page": [page], "official": [official],
            "amo": amo_files(data) + [an_fixtures / "organe" / "PO800484.json"]}


def card_and_counts(store_path: Path) -> tuple[dict, int, int]:
    with open_store(store_path, read_only=True) as store:
        card = next(run_query(store, load_query("question-card"), {"uid": UID}).values())
        questions = len({str(s["q"]) for s in store.query(
            'SELECT ?q WHERE { ?q <https://w3id.org/qgraph/ontology#uid> "QANR5L16QE15221" }')})
        deputies = len({str(s["p"]) for s in store.query(
            "SELECT ?p WHERE { ?q <https://w3id.org/qgraph/ontology#author> ?p }")})
    return card, questions, deputies


ORDERS = {
    "page-then-official": [["page"], ["official", "amo"]],
    "official-then-page": [["official", "amo"], ["page"]],
    "page-amo-official": [["page"], ["amo"], ["official"]],
    "all-at-once": [["amo", "page", "official"]],
}


@pytest.mark.parametrize("order", sorted(ORDERS))
def test_page_and_open_data_merge_in_any_order(order: str, inputs: dict, tmp_path: Path) -> None:
    store_path = tmp_path / "store"
    for step in ORDERS[order]:
        with open_store(store_path) as store:
            report = ingest(store, [p for kind in step for p in inputs[kind]], NO_ENRICH)
            assert report.failed == 0, report.errors
    card, questions, deputies = card_and_counts(store_path)
    assert questions == 1 and deputies == 1
    assert card["deputy"] == "https://w3id.org/qgraph/id/person/PA9990001"
    assert card["author_id"] == "PA9990001" and card["author"] == "Philippe Latombe"
    # the official record wins where both speak …
    assert card["rubrique"] == "santé" and card["group_abbrev"] == "DEM"
    assert card["ministry_assigned"] == "Travail, santé et solidarités"
    assert (card["published"], card["page"]) == ("2024-02-13", "867")
    # … and the page adds what the official record lacks: the withdrawal
    assert (card["closed"], card["closing_reason"]) == ("2024-06-11", "Fin de mandat")
    assert (card["department"], card["circonscription"]) == ("Vendée", "1")


def test_seed_page_alone_gives_the_exact_card(inputs: dict, tmp_path: Path) -> None:
    with open_store(tmp_path / "s") as store:
        ingest(store, inputs["page"], NO_ENRICH)
    card, questions, deputies = card_and_counts(tmp_path / "s")
    expected = {"uid": UID, "legislature": "16", "type": "QE", "number": "15221",
                "author": "Philippe Latombe", "group_name": "Démocrate (MoDem et Indépendants)",
                "department": "Vendée", "circonscription": "1", "rubrique": "Santé",
                "analyse": "Hébergement des données de santé des Français par Microsoft Azure",
                "ministry_asked": "Premier ministre", "ministry_assigned": "Travail, santé et solidarités",
                "published": "2024-02-13", "page": "867", "closed": "2024-06-11",
                "closing_reason": "Fin de mandat", "answered": None, "answer_page": None}
    assert {k: card[k] for k in expected} == expected
    assert card["deputy"] == "https://w3id.org/qgraph/id/person/name/philippe-latombe"
    assert (questions, deputies) == (1, 1)


def test_page_author_resolves_to_the_amo_deputy_and_group(inputs: dict, tmp_path: Path) -> None:
    with open_store(tmp_path / "s") as store:
        ingest(store, inputs["amo"], NO_ENRICH)
        ingest(store, inputs["page"], NO_ENRICH)
    card, _, deputies = card_and_counts(tmp_path / "s")
    assert card["deputy"] == "https://w3id.org/qgraph/id/person/PA9990001" and deputies == 1
    assert card["group_abbrev"] == "DEM"  # the GP body PO800484 found by its full name
    with open_store(tmp_path / "s", read_only=True) as store:
        provisional = bool(store.query("ASK { ?p <https://w3id.org/qgraph/ontology#provisional> true }"))
    assert not provisional

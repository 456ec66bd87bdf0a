"""Golden RDF: the mapping of a hand-made record, compared with a reviewed Turtle file by graph
isomorphism (not bytes), with a readable diff on failure.

To accept an intended change, regenerate with ``QGRAPH_UPDATE_GOLDEN=1 pytest tests/test_golden.py``
and review the diff of ``tests/data/golden/*.ttl`` before committing it."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import graph_diff, to_isomorphic

from qgraph.rdf.amo import map_mandat
from qgraph.rdf.nt import Triple
from qgraph.rdf.questions import map_question
from qgraph.rdf.vocab import PREFIXES
from qgraph.records import (
    Attribution,
    Author,
    Closing,
    JOInfo,
    MandatRecord,
    MinistryRef,
    Origin,
    PersonName,
    QuestionRecord,
)

GOLDEN = Path(__file__).parent / "data" / "golden"

QUESTION = QuestionRecord(
    uid="QANR5L17QE999", legislature=17, type="QE", number=999,
    origin=Origin(path="hand-made.json", checksum="0" * 64),
    author=Author(acteur_ref="PA1", mandat_ref="PM2", group_ref="PO3", group_abbrev="DEM",
                  group_name="Les Démocrates"),
    rubrique="santé", analyses=("Hébergement des données de santé",),
    ministry_asked=MinistryRef(abrege="Santé", developpe="Ministère de la santé"),
    attributions=(
        Attribution(MinistryRef(abrege="Santé", developpe="Ministère de la santé"),
                    JOInfo(type_jo="JO_QUESTION", date=date(2024, 10, 22))),
        Attribution(MinistryRef(organe_ref="PO4", abrege="Numérique", developpe="Ministère du numérique"),
                    JOInfo(type_jo="JO_LOI_DECRET", date=date(2024, 12, 24))),
    ),
    question_text='M. X demande « pourquoi » \\ "Azure".\nDeuxième ligne.',
    published=JOInfo(date=date(2024, 10, 22), page=5610, num_jo="20240028"),
    answer_text="Réponse.", answered=JOInfo(date=date(2025, 4, 8), page=2580),
    closing=Closing(code="REP_PUB", label="Réponse publiée", date=date(2025, 4, 8)),
    signalements=(date(2025, 1, 7),), renewals=(date(2025, 2, 4),),
)

WITHDRAWN_PAGE = QuestionRecord(
    uid="QANR5L16QE15221", legislature=16, type="QE", number=15221,
    origin=Origin(path="page.txt", kind="page"),
    author=Author(name=PersonName("M.", "Philippe", "Latombe"), department="Vendée", circonscription=1,
                  group_name="Démocrate (MoDem et Indépendants)"),
    rubrique="Santé", title="Hébergement", analyses=("Hébergement",),
    ministry_asked=MinistryRef(abrege="Premier ministre"),
    attributions=(Attribution(MinistryRef(abrege="Travail, santé et solidarités"),
                              JOInfo(date=date(2024, 2, 13))),),
    published=JOInfo(date=date(2024, 2, 13), page=867),
    closing=Closing(label="Fin de mandat", date=date(2024, 6, 11)),
)

MANDAT = MandatRecord(uid="PM2", origin=Origin(path="PM2.json"), acteur_ref="PA1", legislature=17,
                      type_organe="ASSEMBLEE", start=date(2024, 7, 7), organe_refs=("PO5",),
                      region="Pays de la Loire", department="Vendée", department_code="85",
                      circonscription=1, quality="membre")

CASES = {"question": lambda: map_question(QUESTION), "withdrawn-page": lambda: map_question(WITHDRAWN_PAGE),
         "mandat": lambda: map_mandat(MANDAT)}


def to_graph(triples: list[Triple]) -> rdflib.Graph:
    graph = rdflib.Graph()
    graph.parse(data="".join(f"{s} {p} {o} .\n" for s, p, o in triples), format="nt")
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    return graph


@pytest.mark.parametrize("case", sorted(CASES))
def test_mapping_matches_golden(case: str) -> None:
    got = to_graph(CASES[case]())
    path = GOLDEN / f"{case}.ttl"
    if os.environ.get("QGRAPH_UPDATE_GOLDEN"):
        path.write_text(got.serialize(format="turtle"), encoding="utf-8")
    want = rdflib.Graph().parse(path)
    iso_got, iso_want = to_isomorphic(got), to_isomorphic(want)
    if iso_got != iso_want:
        _, only_got, only_want = graph_diff(iso_got, iso_want)
        pytest.fail("mapping differs from golden:\n+ " + "\n+ ".join(sorted(only_got.serialize(format="nt").splitlines()))
                    + "\n- " + "\n- ".join(sorted(only_want.serialize(format="nt").splitlines())))


def test_mapping_is_deterministic() -> None:
    assert map_question(QUESTION) == map_question(QUESTION)

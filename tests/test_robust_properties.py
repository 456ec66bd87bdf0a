"""Property-based tests: the record parsers raise nothing but qgraph's own errors, *without* the
reader boundary that turns any exception into a SourceError; and whatever text reaches the
mappers, the N-Quads they write parse in pyoxigraph and bulk-load in full (so that a batch can
never half-fail in ``bulk_load``)."""

from __future__ import annotations

import copy
import re
from datetime import date
from typing import Any

import pyoxigraph as ox
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qgraph.errors import QGraphError
from qgraph.pipeline import _provenance, map_record
from qgraph.rdf import iris
from qgraph.rdf.nt import id_segment, iri, lit, nquad, typed
from qgraph.rdf.questions import map_question
from qgraph.records.model import (
    Attribution,
    Author,
    Closing,
    JOInfo,
    MinistryRef,
    Origin,
    PersonName,
    QuestionRecord,
)
from qgraph.sources.amo import acteur_records, mandat_from_dict, organe_from_dict
from qgraph.sources.opendata_json import records_from_root
from qgraph.sources.pages import parse_page
from qgraph.sources.questions import question_from_dict
from robust_data import question

ORIGIN = Origin(path="prop.json", checksum="0" * 64)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Any Python string, lone surrogates included (json.loads makes them from "\ud800" escapes).
ANY_CHAR = st.characters(codec=None, categories=None) | st.sampled_from(["\ud800", "\udfff", "\x00", "%", "\ufffe"])
ANY_TEXT = st.text(ANY_CHAR, max_size=30)
JSON_LEAF = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | ANY_TEXT
JSON_VALUE = st.recursive(JSON_LEAF, lambda c: st.lists(c, max_size=3)
                          | st.dictionaries(st.text(max_size=8), c, max_size=3), max_leaves=12)


def parse_nquads(lines: list[str]) -> int:
    """Parse with pyoxigraph and bulk-load into an in-memory store: every quad goes in."""
    data = "".join(lines).encode("utf-8")
    quads = list(ox.parse(data, format=ox.RdfFormat.N_QUADS))
    store = ox.Store()
    store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
    assert len(store) == len(set(quads))
    return len(quads)


def quads_of(rec: Any) -> list[str]:
    g = iris.question_graph(rec.uid) if isinstance(rec, QuestionRecord) else iris.record_graph("x", rec.uid)
    return [nquad(t, g) for t in map_record(rec) + _provenance(g, rec)]


# --- record parsers on mutated templates ------------------------------------------------------

ACTEUR = {"uid": "PA1", "etatCivil": {"ident": {"civ": "M.", "prenom": "Jean", "nom": "Dupont"},
                                       "infoNaissance": {"dateNais": "1960-01-02", "villeNais": "Paris",
                                                         "depNais": "Paris", "paysNais": "France"},
                                       "dateDeces": None},
          "profession": {"libelleCourant": "Avocat"}, "uri_hatvp": "https://www.hatvp.fr/x",
          "mandats": {"mandat": [{"uid": "PM2", "acteurRef": "PA1", "legislature": "16",
                                  "typeOrgane": "ASSEMBLEE", "dateDebut": "2022-06-19", "dateFin": None,
                                  "infosQualite": {"libQualite": "membre"}, "organes": {"organeRef": "PO1"},
                                  "election": {"lieu": {"region": "Île-de-France", "departement": "Paris",
                                                        "numDepartement": "75", "numCirco": "3"}},
                                  "mandature": {"causeFin": None}}]}}
ORGANE = {"uid": "PO3", "codeType": "GP", "libelle": "Démocrate", "libelleAbrege": "Dem",
          "libelleAbrev": "DEM", "viMoDe": {"dateDebut": "2022-06-28", "dateFin": None},
          "legislature": "16", "organeParent": None, "organePrecedentRef": "PO2", "couleurAssociee": "#FF0"}


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, (*prefix, i))
    return out


def _mutate(template: dict[str, Any], draw: Any) -> dict[str, Any]:
    doc = copy.deepcopy(template)
    paths = _paths(template)
    for path in draw(st.lists(st.sampled_from(paths), max_size=6)):
        parent: Any = doc
        try:
            for key in path[:-1]:
                parent = parent[key]
            parent[path[-1]] = draw(JSON_VALUE)
        except (KeyError, IndexError, TypeError):
            pass  # an earlier mutation replaced a parent
    return doc


@st.composite
def mutated(draw: Any, template: dict[str, Any]) -> dict[str, Any]:
    return _mutate(template, draw)


def _only_qgraph_errors(make: Any) -> list[Any]:
    try:
        return list(make())
    except QGraphError:
        return []


@SETTINGS
@given(mutated(question(7)["question"]))
def test_question_parser_raises_only_qgraph_errors(body: dict[str, Any]) -> None:
    for rec in _only_qgraph_errors(lambda: [question_from_dict(body, ORIGIN)]):
        assert isinstance(rec, QuestionRecord)
        parse_nquads(quads_of(rec))


@SETTINGS
@given(mutated(ACTEUR))
def test_acteur_parser_raises_only_qgraph_errors(body: dict[str, Any]) -> None:
    for item in _only_qgraph_errors(lambda: acteur_records(body, ORIGIN)):
        if not isinstance(item, QGraphError):
            parse_nquads(quads_of(item))


@SETTINGS
@given(mutated(ORGANE), mutated(ACTEUR["mandats"]["mandat"][0]))  # type: ignore[index]
def test_organe_and_mandat_parsers_raise_only_qgraph_errors(organe: dict[str, Any], mandat: dict[str, Any]) -> None:
    for rec in _only_qgraph_errors(lambda: [organe_from_dict(organe, ORIGIN)]):
        parse_nquads(quads_of(rec))
    for rec in _only_qgraph_errors(lambda: [mandat_from_dict(mandat, ORIGIN)]):
        parse_nquads(quads_of(rec))


@SETTINGS
@given(JSON_VALUE, st.sampled_from(["question", "acteur", "mandat", "organe", "export"]))
def test_root_router_on_any_json_raises_nothing(body: Any, root: str) -> None:
    """records_from_root yields records or errors (it has its own per-record boundary)."""
    for item in records_from_root({root: body}, ORIGIN):
        if not isinstance(item, QGraphError):
            parse_nquads(quads_of(item))


# --- pages ----------------------------------------------------------------------------------

PAGE_FRAGMENTS = ["16ème législature", "Question écrite n° 15221", "Texte de la question", "Texte de la réponse",
                  "Auteur : M. Philippe <Latombe>", "Circonscription : Vendée (1re circonscription) - Dem",
                  "Ministère interrogé : ", "Ministère attributaire : Santé", "Rubrique : ", "Question publiée au JO le : ",
                  "01/02/2024", " page : 12", "Réponse publiée au JO le : ", "\n", "<p>", "</p>", '"', "{", "}", "%",
                  "QANR5L16QE15221"]


@SETTINGS
@given(st.lists(st.sampled_from(PAGE_FRAGMENTS) | ANY_TEXT, max_size=40))
def test_page_parser_gives_records_that_map_to_valid_nquads(parts: list[str]) -> None:
    data = "".join(parts).encode("utf-8", "surrogatepass")
    try:
        rec = parse_page(data, Origin(path="16-15221QE.htm"), uid_hint="QANR5L16QE15221")
    except QGraphError:
        return
    assert isinstance(rec, QuestionRecord)
    parse_nquads([nquad(t, iris.question_graph(rec.uid)) for t in map_question(rec)])


# --- term writers and map_question on any strings ------------------------------------------

@SETTINGS
@given(ANY_TEXT, ANY_TEXT)
def test_term_writers_accept_any_text(text: str, key: str) -> None:
    s = iris.question(key)
    lines = [
        nquad((s, iri(f"https://w3id.org/qgraph/ontology#p{i}"), obj), iris.question_graph(key))
        for i, obj in enumerate([
            lit(text), lit(text, "fr"), typed(text, "http://www.w3.org/2001/XMLSchema#string"),
            iri(f"https://w3id.org/qgraph/id/{id_segment(text)}"),
            iri("https://w3id.org/qgraph/id/x/" + re.sub(r"[#?\[\]]", "", text)),  # any path text
            iris.person(text), iris.organe(text), iris.mandate(text), iris.ministry_by_name(text),
            iris.rubric(text), iris.constituency(text, 3), iris.organisation(text), iris.theme(text),
            iris.record_graph("acteur", text),
        ])
    ]
    assert parse_nquads(lines) == len(lines)
    literal = next(iter(ox.parse(lines[0].encode(), format=ox.RdfFormat.N_QUADS))).object
    assert literal.value == text.encode("utf-8", "surrogatepass").decode("utf-8", "replace") or "\ufffd" in literal.value


OPT_TEXT = st.none() | ANY_TEXT
DATES = st.dates(min_value=date(1, 1, 1))
JO = st.builds(JOInfo, type_jo=OPT_TEXT, date=st.none() | DATES, page=st.none() | st.integers(),
               num_jo=OPT_TEXT, url_legifrance=OPT_TEXT, reference_nor=OPT_TEXT)
MIN = st.builds(MinistryRef, organe_ref=OPT_TEXT, abrege=OPT_TEXT, developpe=OPT_TEXT)
RECORDS = st.builds(
    QuestionRecord, uid=ANY_TEXT.filter(bool), legislature=st.integers(-5, 10**6),
    type=st.sampled_from(["QE", "QG", "QOSD"]), number=st.integers(0, 10**12),
    origin=st.builds(Origin, path=ANY_TEXT, member=OPT_TEXT, checksum=ANY_TEXT,
                     kind=st.sampled_from(["opendata", "legacy-xml", "page"])),
    author=st.builds(Author, acteur_ref=OPT_TEXT, mandat_ref=OPT_TEXT,
                     name=st.none() | st.builds(PersonName, civility=OPT_TEXT, first_name=OPT_TEXT, last_name=OPT_TEXT),
                     group_ref=OPT_TEXT, group_abbrev=OPT_TEXT, group_name=OPT_TEXT, department=OPT_TEXT,
                     department_code=OPT_TEXT, circonscription=st.none() | st.integers(-3, 10**4)),
    title=OPT_TEXT, rubrique=OPT_TEXT, tete_analyse=OPT_TEXT, analyses=st.lists(ANY_TEXT, max_size=3).map(tuple),
    ministry_asked=st.none() | MIN, attributions=st.lists(st.builds(Attribution, ministry=MIN, jo=JO),
                                                          max_size=3).map(tuple),
    question_text=OPT_TEXT, published=st.none() | JO, answer_text=OPT_TEXT, answered=st.none() | JO,
    closing=st.none() | st.builds(Closing, code=OPT_TEXT, label=OPT_TEXT, date=st.none() | DATES,
                                  jo=st.none() | JO),
    signalements=st.lists(DATES, max_size=2).map(tuple), renewals=st.lists(DATES, max_size=2).map(tuple))


@SETTINGS
@given(RECORDS)
def test_map_question_on_any_record_gives_valid_nquads(rec: QuestionRecord) -> None:
    lines = _only_qgraph_errors(lambda: quads_of(rec))  # MappingError: a required field is missing
    if lines:
        assert parse_nquads(lines) > 0


def test_an_outside_address_that_is_no_iri_is_dropped() -> None:
    from qgraph.rdf.amo import map_acteur
    from qgraph.records.model import ActeurRecord

    def pages(address: str) -> list[str]:
        return [o for _, p, o in map_acteur(ActeurRecord("PA1", ORIGIN, hatvp_uri=address)) if "foaf" in p]
    assert pages("http://[x/y") == [] and pages("not a url") == []
    assert pages("https://www.hatvp.fr/fiche nominative/%zz") == ["<https://www.hatvp.fr/fiche%20nominative/%25zz>"]

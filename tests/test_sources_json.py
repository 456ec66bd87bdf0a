"""Open-data JSON variants, hand-made: every shape the AN uses for one field."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from qgraph.errors import SourceError
from qgraph.records.model import (
    ActeurRecord,
    MandatRecord,
    OrganeRecord,
    Origin,
    QuestionRecord,
)
from qgraph.sources import iter_bytes, iter_records

NIL = {"@xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance", "@xsi:nil": "true"}


def info_jo(day: str | None, page: str | None = None, type_jo: str = "JO_QUESTION") -> dict[str, Any]:
    return {"typeJO": type_jo, "dateJO": day, "pageJO": page, "numJO": None,
            "urlLegifrance": None, "referenceNOR": None}


def attrib(ref: str | None, day: str, type_jo: str = "JO_QUESTION") -> dict[str, Any]:
    denomination = {"abrege": f"Min {ref}", "developpe": f"Ministère {ref}"}
    if ref:
        denomination["organeRef"] = ref
    return {"infoJO": info_jo(day, type_jo=type_jo), "denomination": denomination}


def question(**fields: Any) -> dict[str, Any]:
    """A small QE in the open-data shape; keyword arguments replace top-level fields."""
    q: dict[str, Any] = {
        "@xsi:type": "QuestionEcrite_Type",
        "uid": "QANR5L16QE42",
        "identifiant": {"numero": "42", "regime": "5eme Republique", "legislature": "16"},
        "type": "QE",
        "indexationAN": {"rubrique": "santé", "teteAnalyse": None, "analyses": {"analyse": "Accès aux soins"}},
        "auteur": {"identite": {"acteurRef": "PA1", "mandatRef": "PM2"},
                   "groupe": {"organeRef": "PO3", "abrege": "DEM", "developpe": "Démocrate"}},
        "minInt": {"organeRef": "PO10", "abrege": "Santé", "developpe": "Ministère de la santé"},
        "minAttribs": {"minAttrib": attrib("PO10", "2023-01-10")},
        "textesQuestion": {"texteQuestion": {"infoJO": info_jo("2023-01-10", "120"), "texte": "M. X demande."}},
        "textesReponse": None,
        "cloture": None,
        "signalement": None,
        "renouvellements": None,
    }
    q.update(fields)
    return {"question": q}


def read(tmp_path: Path, doc: Any, name: str = "q.json") -> list[Any]:
    path = tmp_path / name
    path.write_bytes(doc if isinstance(doc, bytes) else json.dumps(doc).encode())
    return list(iter_records([path]))


def read_one(tmp_path: Path, doc: Any) -> QuestionRecord:
    items = read(tmp_path, doc)
    assert len(items) == 1 and isinstance(items[0], QuestionRecord), items
    return items[0]


def test_min_attrib_single_object(tmp_path: Path) -> None:
    q = read_one(tmp_path, question())
    assert [a.ministry.organe_ref for a in q.attributions] == ["PO10"]
    assert q.attributions[0].jo.date == date(2023, 1, 10)
    assert q.published is not None and q.published.page == 120


def test_min_attrib_list_keeps_order(tmp_path: Path) -> None:
    attribs = [attrib("PO10", "2023-01-10"), attrib(None, "2023-03-01", "JO_LOI_DECRET"), attrib("PO12", "2023-06-01")]
    q = read_one(tmp_path, question(minAttribs={"minAttrib": attribs}))
    assert [a.ministry.organe_ref for a in q.attributions] == ["PO10", None, "PO12"]
    assert q.attributions[1].ministry.abrege == "Min None" and q.attributions[1].jo.type_jo == "JO_LOI_DECRET"
    assert q.attributions[-1].jo.date == date(2023, 6, 1)


@pytest.mark.parametrize(
    ("analyses", "expected"),
    [
        ({"analyse": "Une"}, ("Une",)),
        ({"analyse": ["Une", " Deux ", ""]}, ("Une", "Deux")),
        ({"analyse": None}, ()),
        (None, ()),
        (NIL, ()),
    ],
)
def test_analyse_shapes(tmp_path: Path, analyses: Any, expected: tuple[str, ...]) -> None:
    index = {"rubrique": "santé", "teteAnalyse": "soins", "analyses": analyses}
    q = read_one(tmp_path, question(indexationAN=index))
    assert q.analyses == expected and q.tete_analyse == "soins"


def test_legacy_analyse_form(tmp_path: Path) -> None:
    index = {"rubrique": "santé", "ANALYSE": {"ANA": ["a", "b"]}}
    assert read_one(tmp_path, question(indexationAN=index)).analyses == ("a", "b")


def test_xsi_nil_values_are_none(tmp_path: Path) -> None:
    index = {"rubrique": NIL, "teteAnalyse": NIL, "analyses": {"analyse": "x"}}
    q = read_one(tmp_path, question(indexationAN=index, cloture=NIL, textesReponse=NIL, minInt=NIL))
    assert q.rubrique is None and q.tete_analyse is None
    assert q.closing is None and q.answered is None and q.ministry_asked is None


def test_text_wrapped_uid_and_values(tmp_path: Path) -> None:
    uid = {"@xsi:type": "IdQuestion_type", "#text": "QANR5L15QOSD7"}
    ident = {"numero": {"#text": "7"}, "legislature": "15"}
    q = read_one(tmp_path, question(uid=uid, identifiant=ident, type="QOSD"))
    assert (q.uid, q.legislature, q.type, q.number) == ("QANR5L15QOSD7", 15, "QOSD", 7)


def test_french_dates(tmp_path: Path) -> None:
    closing = {"codeCloture": "REP_PUB", "libelleCloture": "Réponse publiée", "dateCloture": "08/04/2025",
               "infoJO": info_jo("08/04/2025", "2580")}
    answer = {"texteReponse": {"infoJO": info_jo("08/04/2025", "2580"), "texte": "Réponse."}}
    renewals = {"renouvellement": [{"infoJO": info_jo("07/01/2025")}, {"infoJO": info_jo("2025-04-01")}]}
    signal = [{"dateDepotSignal": "07/07/2025", "infoJO": info_jo("08/07/2025")}, {"infoJO": info_jo("01/09/2025")}]
    q = read_one(tmp_path, question(cloture=closing, textesReponse=answer, renouvellements=renewals, signalement=signal))
    assert q.closing is not None and q.closing.date == date(2025, 4, 8)
    assert q.answered is not None and (q.answered.date, q.answered.page) == (date(2025, 4, 8), 2580)
    assert q.answer_text == "Réponse."
    assert q.renewals == (date(2025, 1, 7), date(2025, 4, 1))
    assert q.signalements == (date(2025, 7, 7), date(2025, 9, 1))


def test_closing_other_than_answer(tmp_path: Path) -> None:
    closing = {"codeCloture": "RET_FM", "libelleCloture": "Fin de mandat", "dateCloture": "2024-06-11", "infoJO": None}
    q = read_one(tmp_path, question(cloture=closing))
    assert q.closing is not None and (q.closing.code, q.closing.label, q.closing.jo) == ("RET_FM", "Fin de mandat", None)


def test_html_text_is_plain(tmp_path: Path) -> None:
    texte = "<p>Montant : 43,5 M&#8364;&nbsp;<b>soit</b>\n\n  beaucoup</p><br/><p>Fin &amp; suite</p>"
    asked = {"texteQuestion": {"infoJO": info_jo("2023-01-10"), "texte": texte}}
    q = read_one(tmp_path, question(textesQuestion=asked))
    assert q.question_text == "Montant : 43,5 M€ soit beaucoup\nFin & suite"


def test_lone_surrogate_becomes_replacement_char(tmp_path: Path) -> None:
    raw = json.dumps(question()).replace("M. X demande.", "M. X \\ud800 demande.").encode()
    assert b"\\ud800" in raw
    q = read_one(tmp_path, raw)
    assert q.question_text == "M. X \ufffd demande."


def test_identity_falls_back_on_uid(tmp_path: Path) -> None:
    q = read_one(tmp_path, question(identifiant=None, type=None))
    assert (q.legislature, q.type, q.number) == (16, "QE", 42)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"uid": None}, "q.json: missing required field uid"),
        ({"uid": "Q42", "identifiant": {"legislature": "16"}}, "q.json: Q42: missing required field identifiant.numero"),
        ({"uid": "Q42", "identifiant": {"numero": "4x2", "legislature": "16"}}, "q.json: Q42: invalid identifiant.numero '4x2'"),
        ({"uid": "Q42", "type": None}, "q.json: Q42: missing required field type"),
        ({"type": "QX"}, "q.json: QANR5L16QE42: unknown question type 'QX'"),
    ],
)
def test_missing_required_fields(tmp_path: Path, fields: dict[str, Any], message: str) -> None:
    items = read(tmp_path, question(**fields))
    assert len(items) == 1 and isinstance(items[0], SourceError)
    assert str(items[0]).endswith(message)
    assert items[0].file == str(tmp_path / "q.json")


@pytest.mark.parametrize("doc", [{"hello": 1}, {"question": "QANR5L16QE42"}, [1, 2], {"acteur": None}, []])
def test_valid_json_of_another_kind(tmp_path: Path, doc: Any) -> None:
    items = read(tmp_path, doc)
    assert items and all(isinstance(i, SourceError) for i in items)
    assert all(i.reason == "not a recognised question or AMO record" for i in items)


def test_ignored_amo_kinds_yield_nothing(tmp_path: Path) -> None:
    assert read(tmp_path, {"pays": {"uid": "PY1"}}) == []
    assert read(tmp_path, {"deport": {"uid": "DP1"}}) == []


def test_json_array_of_records(tmp_path: Path) -> None:
    doc = [question(), {"organe": {"uid": "PO9", "codeType": "GP"}}, {"nope": 1}]
    items = read(tmp_path, doc)
    assert isinstance(items[0], QuestionRecord) and isinstance(items[1], OrganeRecord)
    assert isinstance(items[2], SourceError) and items[2].record == "#3"
    assert items[0].origin.checksum != items[1].origin.checksum


def test_amo20_acteur_with_embedded_mandats(tmp_path: Path) -> None:
    mandats = [
        {"uid": "PM1", "acteurRef": "PA9", "legislature": "16", "typeOrgane": "ASSEMBLEE", "dateDebut": "2022-06-19",
         "dateFin": NIL, "infosQualite": {"libQualite": "membre"}, "organes": {"organeRef": "PO1"},
         "election": {"lieu": {"region": "Bretagne", "departement": "Finistère", "numDepartement": "29", "numCirco": "3"}},
         "mandature": {"causeFin": NIL}},
        {"acteurRef": "PA9", "typeOrgane": "GP"},  # no uid: an error, the others go on
        {"uid": "PM3", "acteurRef": "PA9", "legislature": None, "typeOrgane": "PARPOL",
         "organes": {"organeRef": ["PO7", "PO8"]}},
    ]
    acteur = {"acteur": {
        "uid": {"@xsi:type": "IdActeur_type", "#text": "PA9"},
        "etatCivil": {"ident": {"civ": "Mme", "prenom": "Anne", "nom": "Exemple"},
                      "infoNaissance": {"dateNais": "02/03/1960", "villeNais": NIL, "depNais": None, "paysNais": "France"},
                      "dateDeces": NIL},
        "profession": {"libelleCourant": NIL},
        "uri_hatvp": NIL,
        "mandats": {"mandat": mandats},
    }}
    items = read(tmp_path, acteur, "PA9.json")
    a, m1, err, m3 = items
    assert isinstance(a, ActeurRecord) and a.uid == "PA9" and a.name.full == "Anne Exemple"
    assert a.birth_date == date(1960, 3, 2) and a.birth_place is None and a.death_date is None
    assert a.profession is None and a.hatvp_uri is None
    assert isinstance(m1, MandatRecord) and m1.end is None and m1.end_reason is None
    assert (m1.department_code, m1.circonscription, m1.organe_refs) == ("29", 3, ("PO1",))
    assert isinstance(err, SourceError) and str(err).endswith("PA9 mandat #2: missing required field mandat.uid")
    assert isinstance(m3, MandatRecord) and m3.legislature is None and m3.organe_refs == ("PO7", "PO8")


def test_amo_export_file(tmp_path: Path) -> None:
    doc = {"export": {"organes": {"organe": [{"uid": "PO1"}, {"uid": "PO2"}]},
                      "acteurs": {"acteur": {"uid": "PA1"}}}}
    assert [i.uid for i in read(tmp_path, doc)] == ["PO1", "PO2", "PA1"]


def test_bom_and_indented_json(tmp_path: Path) -> None:
    raw = b"\xef\xbb\xbf" + json.dumps(question(), indent=2, ensure_ascii=False).encode()
    assert read_one(tmp_path, raw).uid == "QANR5L16QE42"


def test_iter_bytes_fills_the_checksum() -> None:
    data = json.dumps(question()).encode()
    (q,) = iter_bytes(data, Origin("mem.json"))
    assert isinstance(q, QuestionRecord) and len(q.origin.checksum) == 64

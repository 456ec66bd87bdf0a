"""Stage 1 on the real AN open-data fixtures (../shared/fixtures/an-opendata)."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date
from pathlib import Path

import pytest

from qgraph.errors import SourceError
from qgraph.records.model import (
    ActeurRecord,
    MandatRecord,
    OrganeRecord,
    QuestionRecord,
)
from qgraph.sources import iter_records

pytestmark = pytest.mark.fixtures


def one(path: Path):
    items = list(iter_records([path]))
    assert len(items) >= 1
    assert not any(isinstance(i, SourceError) for i in items), items
    return items[0]


def test_every_fixture_question_parses_with_its_identity(an_fixtures: Path) -> None:
    files = sorted((an_fixtures / "questions").glob("*.json"))
    items = list(iter_records([an_fixtures / "questions"]))
    assert len(files) == len(items) == 306
    assert all(isinstance(i, QuestionRecord) for i in items)
    for path, record in zip(files, items, strict=True):
        expected = json.loads(path.read_bytes())["question"]
        assert record.uid == path.stem == expected["uid"]
        assert record.number == int(expected["identifiant"]["numero"])
        assert record.legislature == int(expected["identifiant"]["legislature"])
        assert record.type == expected["type"]
        assert record.origin.path == str(path)
        assert record.origin.checksum == hashlib.sha256(path.read_bytes()).hexdigest()
        assert record.origin.kind == "opendata"
    by_type = {(r.legislature, r.type) for r in items}
    assert by_type == {(16, "QG"), (17, "QE")}
    assert sum(r.type == "QG" for r in items) == 297


def test_qe1173_attributions_publication_answer_closing(an_fixtures: Path) -> None:
    q = one(an_fixtures / "questions" / "QANR5L17QE1173.json")
    assert (q.uid, q.legislature, q.type, q.number) == ("QANR5L17QE1173", 17, "QE", 1173)
    assert q.rubrique == "fin de vie et soins palliatifs"
    assert q.analyses == ("Amélioration de l'accès aux soins palliatifs à domicile",)
    assert q.author.acteur_ref == "PA794894" and q.author.mandat_ref == "PM840351"
    assert (q.author.group_ref, q.author.group_abbrev) == ("PO845401", "RN")
    assert q.ministry_asked is not None and q.ministry_asked.organe_ref == "PO847648"
    assert len(q.attributions) == 2
    first, last = q.attributions
    assert first.ministry.organe_ref == "PO847648" and first.jo.type_jo == "JO_QUESTION"
    assert last.ministry.organe_ref == "PO855064"
    assert last.jo.date == date(2024, 12, 24) and last.jo.type_jo == "JO_LOI_DECRET"
    assert q.published is not None
    assert (q.published.date, q.published.page, q.published.num_jo) == (date(2024, 10, 22), 5610, "20240028")
    assert q.answered is not None and (q.answered.date, q.answered.page) == (date(2025, 4, 8), 2580)
    assert q.closing is not None
    assert (q.closing.code, q.closing.label, q.closing.date) == ("REP_PUB", "Réponse publiée", date(2025, 4, 8))
    assert q.question_text and q.question_text.startswith("Mme Anaïs Sabatini attire l'attention")
    assert q.answer_text and "43,5 M€" in q.answer_text and "manœuvre" in q.answer_text
    assert "&#" not in q.answer_text
    assert q.signalements == () and q.renewals == ()


def test_renewal_and_signalement_dates(an_fixtures: Path) -> None:
    assert one(an_fixtures / "questions" / "QANR5L17QE357.json").renewals == (date(2025, 1, 7),)
    assert one(an_fixtures / "questions" / "QANR5L17QE4679.json").signalements == (date(2025, 7, 7),)
    unanswered = one(an_fixtures / "questions" / "QANR5L17QE11735.json")
    assert unanswered.closing is None and unanswered.answered is None and unanswered.answer_text is None


def test_qg_has_no_question_text_and_plain_answer(an_fixtures: Path) -> None:
    q = one(an_fixtures / "questions" / "QANR5L16QG1.json")
    assert q.type == "QG" and q.question_text is None and q.published is None
    assert q.ministry_asked is not None and q.ministry_asked.organe_ref is None
    assert q.ministry_asked.abrege == "Première ministre"
    assert len(q.attributions) == 1 and q.attributions[0].jo.type_jo == "JO_DEBAT"
    assert q.answer_text is not None
    assert q.answer_text.startswith("EXPULSION DES ÉTRANGERS CONDAMNÉS\nMme la présidente. La parole")
    assert not re.search(r"<[a-zA-Z/!]|&#?\w+;", q.answer_text)


def test_no_fixture_text_keeps_html(an_fixtures: Path) -> None:
    """Regression: four QG answers end with a cut-off tag ``<b``."""
    for q in iter_records([an_fixtures / "questions"]):
        assert isinstance(q, QuestionRecord)
        for text in (q.question_text, q.answer_text):
            assert not text or not re.search(r"<[a-zA-Z/!]|&#?\w+;", text), q.uid


def test_null_analyse_gives_no_analyses(an_fixtures: Path) -> None:
    assert one(an_fixtures / "questions" / "QANR5L16QG414.json").analyses == ()


def test_legacy_xml_fixture(an_fixtures: Path) -> None:
    q = one(an_fixtures / "legacy-q14_14-47351QE.xml")
    assert (q.uid, q.legislature, q.type, q.number) == ("QANR5L14QE47351", 14, "QE", 47351)
    assert q.origin.kind == "legacy-xml"
    a = q.author
    assert (a.acteur_ref, a.mandat_ref, a.group_ref) == ("PA923", "PM645363", "PO707869")
    assert a.name is not None and a.name.full == "François Cornut-Gentille" and a.name.civility == "M."
    assert (a.group_abbrev, a.group_name) == ("LES-REP", "Les Républicains")
    assert (a.department, a.department_code, a.circonscription) == ("Haute-Marne", "52", 2)
    assert q.rubrique == "défense" and q.tete_analyse == "équipements"
    assert q.analyses == ("équipements militaires", "vieillissement", "bilan")
    assert q.ministry_asked is not None and q.ministry_asked.organe_ref == "PO653280"
    assert [x.ministry.organe_ref for x in q.attributions] == ["PO653280", "PO700737"]
    assert q.attributions[1].jo.date == date(2014, 4, 3)
    assert q.published is not None and (q.published.date, q.published.page) == (date(2014, 1, 7), 18)
    assert q.renewals == (date(2014, 4, 15),) and q.signalements == ()
    assert q.closing is not None and (q.closing.code, q.closing.date) == ("REP_PUB", date(2014, 5, 13))
    assert q.answered is not None and (q.answered.date, q.answered.page) == (date(2014, 5, 13), 3858)
    assert q.question_text and q.question_text.startswith("M. François Cornut-Gentille interroge")
    assert q.answer_text and "194 588" in q.answer_text and "<td" not in q.answer_text


def test_acteur_pa1008_and_its_embedded_mandats(an_fixtures: Path) -> None:
    path = an_fixtures / "acteur" / "PA1008.json"
    items = list(iter_records([path]))
    acteur, mandats = items[0], items[1:]
    assert isinstance(acteur, ActeurRecord)
    assert acteur.uid == "PA1008" and acteur.name.full == "Alain David"
    assert acteur.birth_date == date(1949, 6, 2) and acteur.birth_place == "Libourne"
    assert acteur.birth_department == "Gironde" and acteur.death_date is None
    assert acteur.profession == "Ingénieur"
    embedded = json.loads(path.read_bytes())["acteur"]["mandats"]["mandat"]
    assert [m.uid for m in mandats] == [m["uid"] for m in embedded]
    assert all(isinstance(m, MandatRecord) and m.acteur_ref == "PA1008" for m in mandats)
    assert len({m.origin.checksum for m in mandats}) == len(mandats)


def test_mandat_pm796572(an_fixtures: Path) -> None:
    m = one(an_fixtures / "mandat" / "PM796572.json")
    assert isinstance(m, MandatRecord)
    assert (m.uid, m.acteur_ref, m.legislature, m.type_organe) == ("PM796572", "PA719632", 16, "ASSEMBLEE")
    assert (m.department, m.department_code, m.circonscription) == ("Gironde", "33", 8)
    assert (m.start, m.end) == (date(2022, 6, 19), date(2024, 6, 9))
    assert m.organe_refs == ("PO791932",) and m.end_reason == "Fin de législature"


def test_organe_po800538(an_fixtures: Path) -> None:
    o = one(an_fixtures / "organe" / "PO800538.json")
    assert isinstance(o, OrganeRecord)
    assert (o.uid, o.code_type, o.label, o.abbreviation) == ("PO800538", "GP", "Renaissance", "RE")
    assert (o.start, o.end, o.legislature, o.color) == (date(2022, 6, 28), date(2024, 6, 9), 16, "#61468F")


def test_all_amo_fixtures_parse(an_fixtures: Path) -> None:
    items = list(iter_records([an_fixtures / "acteur", an_fixtures / "mandat", an_fixtures / "organe"]))
    assert not [i for i in items if isinstance(i, SourceError)]
    kinds = {type(i).__name__: 0 for i in items}
    for i in items:
        kinds[type(i).__name__] += 1
    assert kinds["ActeurRecord"] == 258 and kinds["OrganeRecord"] == 202
    assert kinds["MandatRecord"] > 262  # 262 files plus the mandats embedded in acteur files
    ministries = [i for i in items if isinstance(i, OrganeRecord) and i.code_type == "MINISTERE"]
    assert len(ministries) == 168 and all(m.parent_ref for m in ministries)

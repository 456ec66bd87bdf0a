"""The seed page (a Markdown rendering of an AN question page) → its exact record."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import SEED
from qgraph.records.model import Origin
from qgraph.sources.pages import looks_like_page, parse_page


@pytest.fixture(scope="module")
def seed_bytes() -> bytes:
    if not SEED.is_file():
        pytest.skip("../shared/seeds is absent (it lives beside the repository)")
    return SEED.read_bytes()


def test_seed_record(seed_bytes: bytes) -> None:
    origin = Origin(path="seeds/000_f6c97197b3168e43.txt", checksum="abc")
    r = parse_page(seed_bytes, origin)
    assert (r.uid, r.legislature, r.type, r.number) == ("QANR5L16QE15221", 16, "QE", 15221)
    assert r.origin == Origin(path=origin.path, checksum="abc", kind="page")
    assert r.author.name is not None
    assert (r.author.name.civility, r.author.name.first_name, r.author.name.last_name) == (
        "M.", "Philippe", "Latombe")
    assert r.author.group_name == "Démocrate (MoDem et Indépendants)"
    assert r.author.group_abbrev is None and r.author.acteur_ref is None
    assert (r.author.department, r.author.circonscription) == ("Vendée", 1)
    assert r.rubrique == "Santé"
    title = "Hébergement des données de santé des Français par Microsoft Azure"
    assert r.title == title and r.analyses == (title,)
    assert r.ministry_asked is not None and r.ministry_asked.abrege == "Premier ministre"
    assert r.attributions[-1].ministry.abrege == "Travail, santé et solidarités"
    assert r.attributions[-1].jo.date == date(2024, 2, 13)
    assert r.published is not None
    assert (r.published.date, r.published.page) == (date(2024, 2, 13), 867)
    assert r.closing is not None
    assert (r.closing.date, r.closing.label, r.closing.code) == (
        date(2024, 6, 11), "Fin de mandat", None)
    assert r.question_text is not None
    assert r.question_text.startswith("M. Philippe Latombe alerte M. le Premier ministre")
    assert "Health Data Hub" in r.question_text and "*" not in r.question_text
    assert "le Data Privacy Framework étant" in r.question_text
    assert r.question_text.endswith("si un changement de gouvernance de la PDS est enfin à l'ordre du jour.")
    assert r.answer_text is None and r.answered is None
    assert r.signalements == () and r.renewals == ()


def test_seed_is_sniffed_as_a_page(seed_bytes: bytes) -> None:
    assert looks_like_page(seed_bytes)


def test_seed_as_cp1252_reads_the_same(seed_bytes: bytes) -> None:
    text = seed_bytes.decode("utf-8")
    origin = Origin(path="seed.txt")
    assert parse_page(text.encode("cp1252"), origin) == parse_page(seed_bytes, origin)

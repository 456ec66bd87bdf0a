"""The seed page: Microsoft Azure and the Health Data Hub (question 16-15221)."""

from __future__ import annotations

from pathlib import Path

import pytest

from qgraph.enrich import enrich_question
from qgraph.enrich.themes import THEME_THRESHOLD
from qgraph.records.model import Origin, QuestionRecord

SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_f6c97197b3168e43.txt"
TITLE = "Hébergement des données de santé des Français par Microsoft Azure"
# Azure is a product entity (microsoft-azure, parent microsoft): the seed's Microsoft is it.
SEED_ORGS = {"microsoft-azure", "amazon-web-services", "ema", "health-data-hub",
             "delegation-numerique-sante", "cnil"}


def seed_record() -> QuestionRecord:
    if not SEED.is_file():
        pytest.skip("../shared/seeds is absent")
    page = SEED.read_text(encoding="utf-8")
    text = page.split("Texte de la question", 1)[1].split("Données clés", 1)[0].strip()
    return QuestionRecord(uid="QANR5L16QE15221", legislature=16, type="QE", number=15221,
                          origin=Origin(str(SEED), kind="page"), title=TITLE, rubrique="Santé",
                          analyses=(TITLE,), question_text=text)


@pytest.fixture(scope="module")
def seed() -> QuestionRecord:
    return seed_record()


def test_seed_organisations_exactly(seed):
    e = enrich_question(seed, ner=False)
    assert set(e.organisations()) == SEED_ORGS
    assert len(e.organisations()) == len(SEED_ORGS)


def test_seed_acronyms_resolve_to_their_organisation(seed):
    e = enrich_question(seed, ner=False)
    by_exact = {(m.exact, m.org_key) for m in e.mentions}
    for exact, key in [("HDH", "health-data-hub"), ("PDS", "health-data-hub"),
                       ("plateforme des données de santé", "health-data-hub"),
                       ("DNS", "delegation-numerique-sante"), ("Ema", "ema"), ("AWS",
                       "amazon-web-services"), ("CNIL", "cnil"), ("Azure", None)]:
        if key:
            assert (exact, key) in by_exact
    assert not any(m.exact == "Microsoft" for m in e.mentions)  # always "Microsoft Azure"


def test_seed_offsets_slice_the_text(seed):
    e = enrich_question(seed, ner=False)
    for m in e.mentions:
        assert seed.question_text[m.start:m.end] == m.exact
        assert seed.question_text[:m.start].endswith(m.prefix)
        assert seed.question_text[m.end:].startswith(m.suffix)


def test_seed_is_sovereignty_related_with_expected_themes(seed):
    e = enrich_question(seed, ner=False)
    assert e.sovereignty_related
    assigned = set(e.theme_keys(THEME_THRESHOLD))
    assert {"digital-sovereignty", "health-data", "sovereignty"} <= assigned


def test_seed_ner_adds_no_duplicate(seed):
    e = enrich_question(seed, ner=True)
    assert set(e.organisations()) == SEED_ORGS
    assert e.organisations(ner=True) == []

"""The organisation gazetteer: its file, and how names and acronyms are matched."""

from __future__ import annotations

import re

import pytest

from qgraph.enrich import acronyms, find_mentions
from qgraph.enrich.gazetteer import gazetteer, load_organisations
from qgraph.rdf.iris import slug

ORG_TYPES = {"company", "product", "french-public-body", "eu-body", "foreign-authority",
             "international-organisation", "ngo", "trade-association", "trade-union", "media"}


def keys(text: str) -> list[str]:
    return [m.org_key for m in find_mentions(text, ner=False)]


def test_gazetteer_file_is_complete_and_consistent():
    orgs = load_organisations()
    assert len(orgs) >= 300
    by_key = {o.key: o for o in orgs}
    for o in orgs:
        assert o.key == slug(o.key)
        assert o.label_fr and o.label_en, o.key
        assert o.org_type in ORG_TYPES, o.key
        assert all(p in by_key for p in o.parents), o.key
        if o.wikidata:
            assert re.fullmatch(r"Q[1-9][0-9]*", o.wikidata), o.key
    assert by_key["microsoft"].wikidata == "Q2283"
    assert by_key["microsoft-azure"].parents == ("microsoft",)
    assert by_key["amazon-web-services"].parents == ("amazon",)
    assert set(by_key["s3ns"].parents) == {"thales", "google"}
    assert set(by_key["bleu"].parents) == {"orange", "capgemini"}


def test_no_form_names_two_organisations():
    assert gazetteer().ambiguous == {}


@pytest.mark.parametrize("name", ["Gouvernement", "Assemblée nationale", "ministère des armées",
                                  "Premier ministre", "Sénat", "État"])
def test_ministries_government_and_chambers_are_not_organisations(name):
    assert keys(f"Le {name} a répondu.") == []


def test_elision_and_typographic_apostrophe():
    assert keys("le rôle de l'ANSSI et d’OVHcloud, puis l’Arcep") == ["anssi", "ovhcloud", "arcep"]


def test_accents_and_case_of_names():
    assert keys("Electricite de France et l'AGENCE EUROPÉENNE DES MÉDICAMENTS") == ["edf", "ema"]
    assert keys("la Commission Nationale de l’Informatique et des Libertés") == ["cnil"]


def test_one_word_names_need_their_capital():
    assert keys("un gilet orange et un ciel bleu") == []
    assert keys("Orange et ORANGE") == ["orange", "orange"]


def test_acronyms_are_case_sensitive_and_whole_words():
    assert keys("les EDFs, CEDF, edf et Edf") == []
    assert keys("EDF, RTE et Enedis") == ["edf", "rte", "enedis"]
    assert keys("la dns et le Hdh") == []


def test_longest_match_wins():
    assert keys("Microsoft Azure, Google Cloud et Amazon Web Services") == [
        "microsoft-azure", "google-cloud", "amazon-web-services"]
    assert keys("la Cour des comptes européenne") == ["eca"]


def test_place_names_are_not_companies():
    assert keys("le théâtre antique de la ville d'Orange, à La Roche-sur-Yon") == []


def test_plural_variants_listed_in_the_gazetteer():
    assert keys("les agences régionales de santé") == ["ars"]


def test_acronym_defined_after_the_long_form():
    text = "l'Agence européenne des médicaments (Ema) a choisi ; l'Ema a ensuite publié."
    found = find_mentions(text, ner=False)
    assert [(m.org_key, m.exact, m.method) for m in found] == [
        ("ema", "Agence européenne des médicaments", "gazetteer"),
        ("ema", "Ema", "acronym"), ("ema", "Ema", "acronym")]


def test_acronym_defined_before_the_long_form():
    text = "la PDS (« Plateforme des données de santé ») a lancé un appel ; la PDS a choisi."
    assert [(m.org_key, m.exact) for m in find_mentions(text, ner=False)] == [
        ("health-data-hub", "PDS"), ("health-data-hub", "Plateforme des données de santé"),
        ("health-data-hub", "PDS")]
    # an acronym whose initial matches none of the organisation's names is not accepted
    assert keys("le CSNP (« Health Data Hub ») ; le CSNP") == ["health-data-hub"]


def test_definition_in_text_beats_gazetteer_acronym():
    text = "Les Centers for Disease Control (CDC) ont alerté ; les CDC recommandent."
    assert set(keys(text)) == {"us-cdc"}


def test_brackets_that_are_not_acronyms_define_nothing():
    gaz = gazetteer()
    text = "la CNIL (Paris) a statué"
    assert acronyms.definitions(text, gaz.match(text), lambda k: [k]) == []

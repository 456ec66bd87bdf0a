"""The enrich stage holds its floors on the hand-annotated evaluation set; NER filters junk."""

from __future__ import annotations

import pytest

from qgraph.enrich import enrich_text
from qgraph.enrich.evaluate import DEFAULT_DATA, evaluate, fixture_record
from qgraph.enrich.themes import scorer


@pytest.mark.fixtures
def test_evaluation_floors(an_fixtures):
    res = evaluate(an_fixtures, DEFAULT_DATA, with_ner=False)
    assert res.n >= 40
    assert res.precision >= 0.95, res.errors
    assert res.recall >= 0.9, res.errors
    assert res.accuracy >= 0.9, res.errors


@pytest.mark.fixtures
def test_qg_reads_the_debate_from_the_answer(an_fixtures):
    from qgraph.enrich import question_source_text

    record = fixture_record(an_fixtures / "questions" / "QANR5L16QG175.json")
    text, source = question_source_text(record)
    assert source == "answer" and "Gazprom" in text


def test_ministry_titles_do_not_count_as_sovereignty():
    text = ("Mme la présidente. La parole est à M. le ministre de l'économie, des finances et de "
            "la souveraineté industrielle et numérique. Il répond sur les retraites.")
    assert not enrich_text(text, rubric="retraites : généralités", ner=False).sovereignty_related


def test_themes_form_one_scheme():
    themes = scorer().themes
    assert len(themes) >= 13
    assert themes["sovereignty"].broader is None
    assert all(t.broader in themes for t in themes.values() if t.broader)


def test_ner_keeps_unknown_companies_and_drops_junk():
    text = ("M. Jean Dupont interroge M. le ministre de l'industrie sur la fermeture de l'usine "
            "de la société Zorglub Industries à Tulle. Le Gouvernement et l'Assemblée nationale "
            "ont été saisis, ainsi que la CNIL.")
    e = enrich_text(text, ner=True)
    assert e.organisations() == ["cnil"]
    ner = e.organisations(ner=True)
    assert all(k.startswith("ner-") for k in ner)
    assert not any(k in ner for k in ("ner-gouvernement", "ner-assemblee-nationale",
                                      "ner-jean-dupont", "ner-cnil"))

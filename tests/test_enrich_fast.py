"""The fast enrich path gives exactly what the reference (the original, plain algorithm) gives.

The fast path folds a text once into views (cp1252 byte tables), scans them once for the places
where a name or theme term may start, and tries exact regexes only there (see
``qgraph.enrich.scan``). These tests hold it to :mod:`qgraph.enrich.reference` on every fixture
and on generated texts built to hit the corner cases.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qgraph.enrich import _scan, enrich_question, enrich_text, reference
from qgraph.enrich.acronyms import occurrences
from qgraph.enrich.evaluate import DEFAULT_DATA, authored_records, fixture_record
from qgraph.enrich.gazetteer import gazetteer
from qgraph.enrich.text import (
    _STAND_IN_OTHER,
    _STAND_IN_SPACE,
    _STAND_IN_WORD,
    TOKEN,
    _fold_lower_slow,
    _fold_slow,
    fold,
    fold_lower,
    token_after,
    token_before,
    views,
)
from qgraph.enrich.themes import scorer
from qgraph.rdf.iris import slug

CP1252 = "".join(c for b in range(256) if (c := bytes([b]).decode("cp1252", "ignore")))
# characters cp1252 lacks: one folding into it, one letter, one space, one symbol, an emoji
OUTSIDE = "ł\u0107\u03a3\u2003\u2192\U0001f600\u202f\u2010"
SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _same(fast, slow) -> None:
    assert fast.mentions == slow.mentions
    assert fast.themes == slow.themes
    assert fast.sovereignty_related == slow.sovereignty_related
    assert fast.source == slow.source


@pytest.mark.fixtures
def test_fast_path_equals_reference_on_every_fixture_and_evaluation_text(an_fixtures):
    records = [fixture_record(p) for p in sorted((an_fixtures / "questions").glob("*.json"))]
    records += list(authored_records(DEFAULT_DATA).values())
    assert len(records) >= 300
    for record in records:
        _same(enrich_question(record, ner=False), reference.enrich_question(record))


def test_enriching_the_same_text_twice_gives_identical_results():
    # words never seen before: the first call fills the per-word memo, the second reads it
    text = ("Les souverainetés zorglubiennes : l'ANSSI et la CNIL s’inquiètent des "
            "hyperscalers américains hébergeant des données de santé ; le Health Data Hub "
            "(HDH) reste chez Microsoft Azure. Le HDH répond.")
    first = enrich_text(text, rubric="Numérique", headings=["Cloud souverain"], ner=False)
    second = enrich_text(text, rubric="Numérique", headings=["Cloud souverain"], ner=False)
    assert first == second
    assert first.organisations() == ["anssi", "cnil", "health-data-hub", "microsoft-azure"]
    assert first.sovereignty_related


def test_offsets_stay_in_the_original_text_after_accent_folding():
    # accents, a ligature, typographic apostrophes and spaces, and characters cp1252 lacks
    # (a Polish ł, a Greek Σ, an em space, an emoji) all before the names
    text = ("Élisabeth Łukasiewicz (Σ\u2003😀) s\u2019étonne\u202f: l\u2019Agence européenne "
            "des médicaments (Ema) et l'ŒUVRE d’EDF ; l’Ema répond.")
    v = views(text)
    assert len(v.folded) == len(v.lower) == len(text) == len(v.words) - 2
    found = enrich_text(text, ner=False).mentions
    assert [(m.org_key, m.exact, m.method) for m in found] == [
        ("ema", "Agence européenne des médicaments", "gazetteer"), ("ema", "Ema", "acronym"),
        ("edf", "EDF", "gazetteer"), ("ema", "Ema", "acronym")]
    for m in found:
        assert text[m.start:m.end] == m.exact
        assert text[:m.start].endswith(m.prefix) and text[m.end:].startswith(m.suffix)
    assert v.folded[found[0].start:found[0].end] == "Agence europeenne des medicaments"


def test_fold_tables_equal_the_character_rules():
    for c in CP1252:
        assert fold(c) == _fold_slow(c) and fold_lower(c) == _fold_lower_slow(c), repr(c)
    assert fold("Œuvre à l’État") == "Œuvre a l'Etat"
    assert fold_lower(OUTSIDE) == _fold_lower_slow(OUTSIDE)  # the slow path


@given(st.text(alphabet=CP1252 + OUTSIDE, max_size=60))
@SETTINGS
def test_views_keep_length_and_character_classes(text):
    v = views(text)
    assert len(v.folded) == len(v.lower) == len(text) and v.words[0] == v.words[-1] == " "
    for i, c in enumerate(text):
        f = _fold_lower_slow(c)
        if c in CP1252 or f in CP1252:
            assert v.lower[i] == f and v.folded[i] == _fold_slow(c)
        else:
            stand_in = v.lower[i]
            assert stand_in in (_STAND_IN_WORD, _STAND_IN_SPACE, _STAND_IN_OTHER)
            assert bool(re.match(r"\w", stand_in)) == bool(re.match(r"\w", f))
            assert stand_in.isspace() == f.isspace()
        assert (v.words[i + 1] == " ") == (not re.match(r"\w", v.lower[i]))


def test_no_name_or_term_contains_a_stand_in():
    gaz = gazetteer()
    names = [t for k in (*gaz._cs.table, *gaz._ci.table) for t in k]
    terms = [t for _, t, _ in scorer()._terms]
    for text in names + [fold_lower(t) for t in terms]:
        assert not set(text) & {_STAND_IN_WORD, _STAND_IN_SPACE, _STAND_IN_OTHER}, text
        text.encode("cp1252")


def test_words_view_decoding_is_exact_for_everything_compared_with_it():
    # Views.words decodes cp1252 bytes as latin-1: characters of the 0x80-0x9F range (œ...)
    # change there, so no anchor, first word of a name or theme literal may contain one
    gaz = gazetteer()
    c = gaz._compiled
    words = [*c.ci_first, *c.cs_first_lower]
    words += [lit for groups in scorer()._groups.values() for g in groups
              for lit in (g.literal, g.word.token if g.word else "")]
    words += [re.sub(r"\\(.)", r"\1", "".join(a)) for a in gaz.anchors() | scorer().anchors()]
    for word in words:
        assert word == word.encode("cp1252").decode("latin-1"), word
    assert "cœur" in views("Restos du cœur").lower and views("cœur").words == " c\x9cur "


def test_theme_keys_are_slugs():
    # rdf.enrichment builds Q/theme/{key} without escaping
    assert all(slug(k) == k for k in scorer().themes)


@given(st.text(alphabet="ab d'e-\n\t.,_1É" + "\u2003", max_size=40))
@SETTINGS
def test_token_before_and_after_walk_the_token_list(text):
    v = views(text)
    toks = [(m.group(), m.start(), m.end()) for m in TOKEN.finditer(v.lower)]
    for i, (_, start, end) in enumerate(toks):
        assert token_before(v, start) == ((toks[i - 1][0], toks[i - 1][1]) if i else None)
        assert token_after(v, end) == ((toks[i + 1][0], toks[i + 1][2])
                                       if i + 1 < len(toks) else None)


@given(st.text(alphabet="AB-&x _é", max_size=30), st.sampled_from(["A", "AB", "A-A", "AT&T"]))
@SETTINGS
def test_occurrences_equal_finditer_with_boundaries(text, word):
    expected = [m.span() for m in re.finditer(rf"(?<![\w]){re.escape(word)}(?![\w])", text)]
    assert occurrences(word, text) == expected


def _name_variants(key: tuple[str, ...]) -> list[str]:
    joined = " ".join(key)
    return [joined, joined.upper(), joined.lower(), joined.title(), "".join(key),
            "\n".join(key), "  ".join(key).replace(" - ", "-")]


_GLUE = ["", " ", "  ", "\n", "-", "'", "’", "(", ")", " de ", " la ville d'", " commune de ",
         "-sur-", " Saint-", "x", "É", "é", ", ", "«\u00a0", ". ", " l’"]


@st.composite
def gazetteer_texts(draw):
    gaz = gazetteer()
    keys = sorted((*gaz._cs.table, *gaz._ci.table))
    parts = []
    for _ in range(draw(st.integers(1, 8))):
        parts.append(draw(st.sampled_from(_GLUE)))
        key = draw(st.sampled_from(keys))
        parts.append(draw(st.sampled_from(_name_variants(key))))
    parts.append(draw(st.sampled_from(_GLUE)))
    return "".join(parts)


@given(gazetteer_texts())
@SETTINGS
def test_gazetteer_matches_like_the_reference(text):
    assert gazetteer().match(text) == reference.match(text)


@st.composite
def theme_texts(draw):
    terms = sorted({t for _, t, _ in scorer()._terms})
    endings = ["", "s", "x", "es", "e", "ement", "isation", "-", "'"]
    parts = []
    for _ in range(draw(st.integers(1, 10))):
        parts.append(draw(st.sampled_from(_GLUE)))
        term = draw(st.sampled_from(terms)).replace("*", draw(st.sampled_from(endings)))
        parts.append(draw(st.sampled_from([term, term.upper(), fold_lower(term),
                                           term.replace(" ", "-"), term.replace(" ", "\n ")])))
    parts.append(draw(st.sampled_from(["", " ministre de l'économie et de la souveraineté "
                                           "industrielle et numérique", " transition énergétique"])))
    return "".join(parts)


@given(theme_texts())
@SETTINGS
def test_theme_hits_equal_each_theme_regex_over_the_whole_text(text):
    sc = scorer()
    body = fold_lower(text)
    assert sc.hits(body, _scan().candidates(views(text).words)) == reference.theme_hits(body)
    headings = [text[: len(text) // 2]]
    assert sc.score(text=text, headings=headings, rubric="Énergie et carburants",
                    organisations=["edf"]) == reference.score(
        text=text, headings=headings, rubric="Énergie et carburants", organisations=["edf"])


def test_enrichment_without_ner_imports_no_spacy():
    code = ("import sys; from qgraph.enrich import enrich_text; "
            "e = enrich_text('EDF et la CNIL', ner=False); "
            "assert e.organisations() == ['edf', 'cnil'], e; "
            "assert 'spacy' not in sys.modules, 'spacy imported'")
    subprocess.run([sys.executable, "-c", code], check=True)

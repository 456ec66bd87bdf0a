"""Candidate organisations found by spaCy (``fr_core_news_sm``) that the gazetteer lacks.

The model is loaded once, lazily, with only the components NER needs. An ``ORG`` entity is kept
as a candidate (key ``ner-{slug}``, method ``ner``, confidence 0.5) unless it overlaps a
gazetteer or acronym mention, names a gazetteer organisation anyway, or is one of the things
qgraph models elsewhere or never wants: ministries, the Government, the Assemblée nationale and
other chambers, parliamentary groups, the State, persons and titles, or junk (one lower-case
word, a lone capitalised common word, quotes, digits).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from qgraph.enrich.model import Mention, with_context
from qgraph.enrich.text import fold, fold_lower
from qgraph.rdf.iris import slug

MODEL = "fr_core_news_sm"
NER_CONFIDENCE = 0.5
_KEEP = ("tok2vec", "ner")

_BLOCKED_START = re.compile(
    r"^(?:ministere|ministre|ministres|secretariat d'etat|secretaire d'etat|gouvernement|"
    r"premier ministre|president|presidente|presidence|assemblee|senat|parlement|etat|"
    r"republique|conseil des ministres|prefecture|prefet|commission des |commission d'enquete|"
    r"delegation aux |delegation a l|groupe (?:rassemblement|socialiste|ecologiste|democrate|"
    r"renaissance|les republicains|la france insoumise|horizons|liot|gdr)|m\.|mme|monsieur|"
    r"madame|garde des sceaux|elysee|matignon|bercy|questure|depute|senateur|"
    r"question|rubrique|jo\b|journal officiel|donnees cles|texte de la)")
_BLOCKED = frozenset(fold_lower(w.strip()) for w in """
    RN, LFI, NUPES, LFI-NUPES, LR, Renaissance, Horizons, MoDem, Dem, HOR, SOC, ECOLO, GDR,
    LIOT, UDI, PS, PCF, EELV, Reconquête, LREM, Agir, Ensemble pour la République,
    Rassemblement national, La France insoumise, Les Républicains, Écologiste, Socialistes,
    Démocrate, Démocrates, République en marche, Europe, Union, UE, France, Français, Nation,
    État, Gouvernement, Parlement, Assemblée, Sénat, Conseil, Cour, Commission, Agence,
    Délégation, Autorité, Haute Autorité, Office, Ségur, Covid, Covid-19, Brexit, Omop, Emc2,
    JO, OQTF, SMIC, Smic, PIB, TVA, CSG, RSA, APL, AAH, Ondam, Data Privacy Framework,
    Privacy Shield, Cloud Act, PGE, CVAE, CIR, CICE, ZFE, ZFE-m, HAD, EHPAD, Ehpad, PLF, PLFSS,
    LPM, RGPD, SNU, PMA, IVG, NPA
""".split(","))
_PARTY = re.compile(r"(?:^|[\s-])(?:nupes|parti|partis)(?:$|[\s-])")
_ARTICLE = re.compile(r"^(?:l'|d'|la |le |les |des |du |de la |de l')", re.IGNORECASE)
_STRIP = " \t\n«»\"“”'’*_()[],;:.!?-"


@cache
def nlp() -> Any:
    """The spaCy pipeline, loaded on first use (a few seconds) and kept."""
    import spacy

    pipe = spacy.load(MODEL)
    for name in list(pipe.pipe_names):
        if name not in _KEEP:
            pipe.remove_pipe(name)
    return pipe


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _STRIP:
        start += 1
    while end > start and text[end - 1] in _STRIP:
        end -= 1
    art = _ARTICLE.match(fold_lower(text[start:end]))
    if art:
        start += art.end()
    return start, end


def _junk(span: str, text_folded: str) -> bool:
    low = fold_lower(span)
    if len(span) < 2 or not span[0].isupper() or low in _BLOCKED or _BLOCKED_START.match(low):
        return True
    if any(ch.isdigit() for ch in span) and not any(ch.isalpha() for ch in span):
        return True
    if _PARTY.search(low):
        return True
    words = span.split()
    if span.isupper() and any(sum(c.isalpha() for c in w) > 6 for w in words):
        return True  # a title in capitals ("PÉNURIE DE MÉDICAMENTS"), not an acronym
    if len(words) == 1 and span[1:].islower():
        # a capitalised common word ("Délégation") also written in lower case elsewhere
        return re.search(rf"(?<!\w){re.escape(low)}(?!\w)", text_folded) is not None
    return False


def _in_capitals(text: str, start: int, end: int) -> bool:
    around = [c for c in text[max(0, start - 30):end + 30] if c.isalpha()]
    return sum(c.isupper() for c in around) > 0.8 * len(around)


def _sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t«\"“(")
    return not before or before[-1] in ".!?:;\n…"


def candidates(text: str, known: list[Mention], resolve) -> list[Mention]:
    """NER candidates in ``text`` that are not already among ``known`` mentions.

    ``resolve(name)`` returns the gazetteer key a whole name stands for (or None)."""
    taken = [(m.start, m.end) for m in known]
    known_forms = {fold_lower(m.exact) for m in known}
    text_folded = fold(text)
    out: list[Mention] = []
    for ent in nlp()(text).ents:
        if ent.label_ != "ORG":
            continue
        start, end = _trim(text, ent.start_char, ent.end_char)
        if end <= start or any(s < end and start < e for s, e in taken):
            continue
        span = text[start:end]
        if fold_lower(span) in known_forms or resolve(span) or _junk(span, text_folded):
            continue
        if span.isupper() and _in_capitals(text, start, end):
            continue  # part of a title in capitals ("RISQUE DE FERMETURE ... À REIMS")
        if " " not in span and span[1:].islower() and _sentence_start(text, start):
            continue  # a capitalised word opening a sentence ("Insupportable !")
        prefix, suffix = with_context(text, start, end)
        out.append(Mention(f"ner-{slug(span)}", start, end, span, "ner", NER_CONFIDENCE,
                           prefix, suffix))
    return out

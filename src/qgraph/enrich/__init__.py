"""The enrich stage: organisations named in a question and its sovereignty themes.

=====================  ===========================================  ===========================
step                   turns                                        into
=====================  ===========================================  ===========================
``text.views``         question text                                folded views (same length)
``scan.WordScan``      words view                                   candidate word starts
``gazetteer.match``    views + candidates                           gazetteer mentions
``acronyms.resolve``   text + mentions                              + acronyms the text defines
``ner.candidates``     text + mentions (optional, spaCy)            + provisional organisations
``themes.score``       rubric, headings, views + candidates, orgs   theme scores, verdict
=====================  ===========================================  ===========================

``enrich_question(record)`` runs them all on a :class:`~qgraph.records.model.QuestionRecord`.
The text is the question text; a QG (oral question to the Government) has none in the open data,
its debate being published as the answer, so that text is used instead (``Enrichment.source``).
"""

from __future__ import annotations

from functools import cache

from qgraph.enrich import acronyms
from qgraph.enrich.gazetteer import Gazetteer, gazetteer
from qgraph.enrich.model import Enrichment, Mention, ThemeScore
from qgraph.enrich.scan import WordScan
from qgraph.enrich.text import Views, views
from qgraph.enrich.themes import is_sovereignty_related, scorer
from qgraph.records.model import QuestionRecord

__all__ = ["Enrichment", "Mention", "ThemeScore", "enrich_question", "enrich_text",
           "gazetteer", "question_source_text"]


def question_source_text(record: QuestionRecord) -> tuple[str, str]:
    """``(text, source)``: the question text, or a QG's answer text when it has no question
    text; ``("", "question")`` when there is none."""
    if record.question_text:
        return record.question_text, "question"
    if record.type == "QG" and record.answer_text:
        return record.answer_text, "answer"
    return "", "question"


def _labels(gaz: Gazetteer):
    def labels_of(key: str) -> list[str]:
        org = gaz.organisations[key]
        return [org.label_fr, org.label_en or "", *org.aliases]
    return labels_of


@cache
def _scan() -> WordScan:
    """One scan for both the gazetteer and the themes."""
    return WordScan(gazetteer().anchors() | scorer().anchors())


def find_mentions(text: str, *, ner: bool = True, v: Views | None = None,
                  candidates: list[tuple[int, str]] | None = None) -> list[Mention]:
    """Gazetteer and text-defined acronym mentions, then (if ``ner``) NER candidates."""
    gaz = gazetteer()
    mentions = acronyms.resolve(text, gaz.match(text, v, candidates), _labels(gaz))
    if ner and text:
        from qgraph.enrich import ner as ner_module

        mentions = mentions + ner_module.candidates(text, mentions, gaz.resolve)
    return sorted(mentions, key=lambda m: m.sort_key)


def enrich_text(text: str, *, rubric: str | None = None, headings: list[str] | tuple = (),
                ner: bool = True, source: str = "question") -> Enrichment:
    """Enrich a bare text (with optional rubric and title/analysis headings)."""
    v = views(text)
    candidates = _scan().candidates(v.words)
    mentions = find_mentions(text, ner=ner, v=v, candidates=candidates)
    orgs = [m.org_key for m in mentions if m.method != "ner"]
    themes = scorer().score(text=text, headings=[h for h in headings if h], rubric=rubric,
                            organisations=orgs, views=v, candidates=candidates)
    labels = {m.org_key: m.exact for m in reversed(mentions) if m.method == "ner"}
    return Enrichment(tuple(mentions), tuple(themes), is_sovereignty_related(themes),
                      source, labels)  # type: ignore[arg-type]


def enrich_question(record: QuestionRecord, *, ner: bool = True) -> Enrichment:
    """Organisations, themes and the sovereignty verdict of one question."""
    text, source = question_source_text(record)
    headings = [record.title or "", record.tete_analyse or "", *record.analyses]
    return enrich_text(text, rubric=record.rubrique, headings=list(dict.fromkeys(headings)),
                       ner=ner, source=source)

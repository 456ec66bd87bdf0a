"""``PageFields`` (what a page says) plus the question's identity → ``QuestionRecord``."""

from __future__ import annotations

from dataclasses import replace

from qgraph.records.model import (
    Attribution,
    Author,
    Closing,
    JOInfo,
    MinistryRef,
    Origin,
    QuestionRecord,
)
from qgraph.sources.pages.ids import QuestionId
from qgraph.sources.pages.labels import PageFields


def _text(paragraphs: list[str]) -> str | None:
    return "\n".join(paragraphs) if paragraphs else None


def _attributions(f: PageFields, published: JOInfo | None) -> tuple[Attribution, ...]:
    """Attribution history: the attributed ministry at publication; with a change date, the
    questioned ministry at publication then the attributed one at the change."""
    asked, attributed = f.ministry_asked, f.ministry_attributed or f.ministry_asked
    if attributed is None:
        return ()
    first = published or JOInfo()
    if f.attribution_changed and asked and asked != attributed:
        return (
            Attribution(MinistryRef(abrege=asked), first),
            Attribution(MinistryRef(abrege=attributed), JOInfo(date=f.attribution_changed)),
        )
    if f.attribution_changed and asked == attributed:
        return (Attribution(MinistryRef(abrege=attributed), JOInfo(date=f.attribution_changed)),)
    return (Attribution(MinistryRef(abrege=attributed), first),)


def _closing(f: PageFields, answered: JOInfo | None) -> Closing | None:
    if answered is not None or f.answer_text:
        return Closing(code="REP_PUB", label="Réponse publiée",
                       date=answered.date if answered else None)
    if f.withdrawn or f.withdrawn_on:
        return Closing(code=None, label=f.withdrawn_reason or "Retrait", date=f.withdrawn_on)
    return None


def build_record(
    f: PageFields, qid: QuestionId, origin: Origin, acteur_ref: str | None
) -> QuestionRecord:
    """The record for a page whose identity ``qid`` is complete."""
    assert qid.legislature is not None and qid.type is not None and qid.number is not None
    type_jo = "JO_DEBAT" if qid.type == "QG" else "JO_QUESTION"
    published = (
        JOInfo(type_jo=type_jo, date=f.published, page=f.published_page)
        if f.published or f.published_page else None
    )
    answered = (
        JOInfo(type_jo=type_jo, date=f.answered, page=f.answered_page)
        if f.answered or f.answered_page else None
    )
    author = Author(
        acteur_ref=acteur_ref,
        name=f.author,
        group_name=f.group_name,
        department=f.department,
        circonscription=f.circonscription,
    )
    analyses = tuple(f.analyses) or ((f.title,) if f.title else ())
    return QuestionRecord(
        uid=qid.uid(),
        legislature=qid.legislature,
        type=qid.type,
        number=qid.number,
        origin=replace(origin, kind="page"),
        author=author,
        title=f.title,
        rubrique=f.rubrique,
        tete_analyse=f.tete_analyse,
        analyses=analyses,
        ministry_asked=MinistryRef(abrege=f.ministry_asked) if f.ministry_asked else None,
        attributions=_attributions(f, published),
        question_text=_text(f.question_text),
        published=published,
        answer_text=_text(f.answer_text),
        answered=answered,
        closing=_closing(f, answered),
        signalements=tuple(dict.fromkeys(f.signalements)),
        renewals=tuple(dict.fromkeys(f.renewals)),
    )

"""QuestionRecord → triples (stage 4: records → rdf).

One question's facts: its identity, indexing, author (deputy, mandate, group, constituency),
ministries (asked, attribution history, current), texts, JO dates, answer, closing and status,
and the deadlines and delays derived from its dates (``delays``).
How an author or group known only by name is resolved is decided by the caller (``Identity``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from qgraph.errors import MappingError
from qgraph.rdf import iris
from qgraph.rdf.delays import delay_facts
from qgraph.rdf.nt import Triple, integer, lit, xsd_date
from qgraph.rdf.vocab import DCTERMS, FOAF, QG, RDF, RDFS, SCHEMA, SKOS
from qgraph.records import JOInfo, MinistryRef, QuestionRecord

TYPE_CLASS = {"QE": QG.WrittenQuestion, "QG": QG.GovernmentQuestion, "QOSD": QG.OralQuestion}


@dataclass(frozen=True)
class Identity:
    """IRIs chosen for the nodes a page names without official ids (see ``store.resolve``)."""

    author: str | None = None
    group: str | None = None


def name_key(full_name: str) -> str:
    """Normalised person name: lower case, no accents, single spaces (``philippe latombe``)."""
    text = unicodedata.normalize("NFKD", full_name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z]+", " ", text).strip()


def ministry_node(ref: MinistryRef) -> str | None:
    if ref.organe_ref:
        return iris.organe(ref.organe_ref)
    name = ref.abrege or ref.developpe
    return iris.ministry_by_name(name) if name else None


def _ministry_triples(ref: MinistryRef, node: str) -> list[Triple]:
    out: list[Triple] = [(node, RDF.type, QG.Ministry)]
    if ref.abrege:
        out.append((node, QG.shortName, lit(ref.abrege)))
    if ref.developpe:
        out.append((node, RDFS.label, lit(ref.developpe)))
    if ref.organe_ref:
        out.append((node, QG.anId, lit(ref.organe_ref)))
        if ref.abrege:
            out.append((node, QG.ministryName, iris.ministry_by_name(ref.abrege)))
    return out


def closing_reason(code: str | None, label: str | None) -> tuple[str, str]:
    """(reason, status) concepts for a closing, from its code or, failing that, its label."""
    text = name_key(f"{code or ''} {label or ''}")
    if (code or "").upper().startswith("REP") or "reponse" in text:
        return QG.ReasonAnswerPublished, QG.StatusAnswered
    if "mandat" in text or "legislature" in text or "fin" in text.split():
        return QG.ReasonEndOfTerm, QG.StatusWithdrawn
    if "retir" in text or "retrait" in text:
        return QG.ReasonWithdrawnByAuthor, QG.StatusWithdrawn
    if "caduc" in text:
        return QG.ReasonLapsed, QG.StatusLapsed
    return QG.ReasonOther, QG.StatusClosed


def _jo(node: str, jo: JOInfo | None, date_p: str, page_p: str) -> list[Triple]:
    if jo is None:
        return []
    out: list[Triple] = []
    if jo.date:
        out.append((node, date_p, xsd_date(jo.date)))
    if jo.page is not None:
        out.append((node, page_p, integer(jo.page)))
    if jo.num_jo:
        out.append((node, QG.joNumber, lit(jo.num_jo)))
    return out


def shared_triples(legislature: int) -> list[Triple]:
    """Facts about nodes many records share (written once, to the shared graph)."""
    leg = iris.legislature(legislature)
    return [(leg, RDF.type, QG.Legislature), (leg, QG.legislatureNumber, integer(legislature))]


def split_shared(node: str, triples: list[Triple]) -> tuple[list[Triple], list[Triple]]:
    """A record's statements about its own node and the node's parts (a question's answer,
    closing, attributions), and those about nodes it shares with other records (a question's
    deputy, mandate, group, constituency, ministries, rubric; a mandate's constituency). The
    latter go to the shared graph: stated once in the store rather than once per record, so a
    join on a group's or a ministry's label does not repeat per question."""
    parts = node[:-1] + "/"
    own: list[Triple] = []
    shared: list[Triple] = []
    for t in triples:
        (own if t[0] == node or t[0].startswith(parts) else shared).append(t)
    return own, shared


def map_question(rec: QuestionRecord, identity: Identity | None = None) -> list[Triple]:
    """All triples of one question; raises MappingError when identity fields are unusable."""
    if not rec.uid or not rec.legislature or not rec.number or rec.type not in TYPE_CLASS:
        raise MappingError(rec.origin.describe(), "missing uid, legislature, number or type", rec.uid)
    identity = identity or Identity()
    q = iris.question(rec.uid)
    leg = iris.legislature(rec.legislature)
    t: list[Triple] = [
        (q, RDF.type, QG.Question),
        (q, RDF.type, SCHEMA.Question),
        (q, RDF.type, TYPE_CLASS[rec.type]),
        (q, QG.uid, lit(rec.uid)),
        (q, DCTERMS.identifier, lit(rec.uid)),
        (q, QG.questionType, lit(rec.type)),
        (q, QG.number, integer(rec.number)),
        (q, QG.legislature, leg),
    ]
    title = rec.title or (rec.analyses[0] if rec.analyses else None)
    if title:
        t.append((q, DCTERMS.title, lit(title)))
    if rec.rubrique:
        r = iris.rubric(rec.rubrique)
        t += [(q, QG.rubric, r), (r, RDF.type, QG.Rubric), (r, RDF.type, SKOS.Concept),
              (r, SKOS.prefLabel, lit(rec.rubrique))]
    if rec.tete_analyse:
        t.append((q, QG.analysisHead, lit(rec.tete_analyse)))
    t += [(q, QG.analysis, lit(a)) for a in rec.analyses]
    t += _author(rec, q, identity)
    t += _ministries(rec, q)
    if rec.question_text:
        t.append((q, QG.questionText, lit(rec.question_text)))
    if rec.published:
        t += _jo(q, rec.published, QG.published, QG.publishedPage)
    t += _answer(rec, q)
    t += _closing(rec, q)
    t += delay_facts(rec, q)
    t += [(q, QG.signaled, xsd_date(d)) for d in rec.signalements]
    t += [(q, QG.renewed, xsd_date(d)) for d in rec.renewals]
    return t


def _author(rec: QuestionRecord, q: str, identity: Identity) -> list[Triple]:
    a = rec.author
    t: list[Triple] = []
    person = identity.author or (iris.person(a.acteur_ref) if a.acteur_ref else None)
    if person is None and a.name and a.name.full:
        person = iris.provisional_person(a.name.full)
    if person:
        t += [(q, QG.author, person), (q, DCTERMS.creator, person),
              (person, RDF.type, QG.Deputy), (person, RDF.type, FOAF.Person)]
        if a.acteur_ref and person == iris.person(a.acteur_ref):
            t.append((person, QG.anId, lit(a.acteur_ref)))
        elif a.name and a.name.full:
            # A name-only deputy carries its name so that it can be read and matched later.
            t += [(person, FOAF.name, lit(a.name.full)),
                  (person, QG.nameKey, lit(name_key(a.name.full)))]
            if a.name.first_name:
                t.append((person, FOAF.givenName, lit(a.name.first_name)))
            if a.name.last_name:
                t.append((person, FOAF.familyName, lit(a.name.last_name)))
            if a.name.civility:
                t.append((person, QG.civility, lit(a.name.civility)))
            if not a.acteur_ref and identity.author is None:
                t.append((person, QG.provisional, '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>'))
    if a.mandat_ref:
        m = iris.mandate(a.mandat_ref)
        t += [(q, QG.authorMandate, m), (m, QG.anId, lit(a.mandat_ref))]
    group = identity.group or (iris.organe(a.group_ref) if a.group_ref else None)
    if group is None and a.group_name:
        group = iris.group_by_name(rec.legislature, a.group_name)
    if group:
        t += [(q, QG.authorGroup, group), (group, RDF.type, QG.ParliamentaryGroup)]
        if a.group_abbrev:
            t.append((group, QG.abbreviation, lit(a.group_abbrev)))
        if a.group_name:
            t.append((group, SKOS.prefLabel, lit(a.group_name)))
        if not a.group_ref:
            t.append((group, QG.legislature, iris.legislature(rec.legislature)))
    if a.department and a.circonscription is not None:
        c = iris.constituency(a.department, a.circonscription)
        t += [(q, QG.constituency, c), (c, RDF.type, QG.Constituency),
              (c, QG.department, lit(a.department)),
              (c, QG.constituencyNumber, integer(a.circonscription))]
        if a.department_code:
            t.append((c, QG.departmentCode, lit(a.department_code)))
    return t


def _ministries(rec: QuestionRecord, q: str) -> list[Triple]:
    t: list[Triple] = []
    if rec.ministry_asked:
        node = ministry_node(rec.ministry_asked)
        if node:
            t += [(q, QG.ministryAsked, node)] + _ministry_triples(rec.ministry_asked, node)
    current = None
    for order, att in enumerate(rec.attributions, start=1):
        node = ministry_node(att.ministry)
        if node is None:
            continue
        a = iris.question_part(rec.uid, f"attribution/{order}")
        t += [(q, QG.attribution, a), (a, RDF.type, QG.Attribution),
              (a, QG.attributionOrder, integer(order)), (a, QG.ministry, node)]
        t += _ministry_triples(att.ministry, node)
        if att.jo.date:
            t.append((a, QG.date, xsd_date(att.jo.date)))
        if att.jo.type_jo:
            t.append((a, QG.joType, lit(att.jo.type_jo)))
        current = node
    if current:
        t.append((q, QG.ministryAssigned, current))
    return t


def _answer(rec: QuestionRecord, q: str) -> list[Triple]:
    if not (rec.answer_text or rec.answered):
        return []
    ans = iris.question_part(rec.uid, "answer")
    t: list[Triple] = [(q, QG.hasAnswer, ans), (q, SCHEMA.acceptedAnswer, ans),
                       (ans, RDF.type, QG.Answer), (ans, RDF.type, SCHEMA.Answer),
                       (ans, QG.answerTo, q)]
    if rec.answer_text:
        t.append((ans, QG.answerText, lit(rec.answer_text)))
    if rec.answered:
        t += _jo(ans, rec.answered, QG.answered, QG.answerPage)
        if rec.answered.date:
            t.append((q, QG.answered, xsd_date(rec.answered.date)))
        if rec.answered.page is not None:
            t.append((q, QG.answerPage, integer(rec.answered.page)))
    return t


def _closing(rec: QuestionRecord, q: str) -> list[Triple]:
    c = rec.closing
    if c is None or not (c.code or c.label or c.date):
        status = QG.StatusAnswered if (rec.answer_text or rec.answered) else QG.StatusUnanswered
        return [(q, QG.status, status)]
    node = iris.question_part(rec.uid, "closing")
    reason, status = closing_reason(c.code, c.label)
    t: list[Triple] = [(q, QG.closing, node), (node, RDF.type, QG.Closing),
                       (node, QG.closingReason, reason), (q, QG.status, status)]
    if c.code:
        t.append((node, QG.closingCode, lit(c.code)))
    if c.label:
        t.append((node, QG.closingLabel, lit(c.label)))
    if c.date:
        t.append((node, QG.closingDate, xsd_date(c.date)))
    return t

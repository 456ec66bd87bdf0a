"""The one label reader shared by every page layout.

It walks the text lines (see ``lines``) once and fills a ``PageFields`` with what the page
says, uninterpreted beyond dates and numbers: AN labels ("Auteur :", "Ministère interrogé :",
"Question publiée au JO le :", …, with ":" or the old ">" separator, the value on the same
line or the next), headings ("16ème législature", "Question écrite n° 15221", "Texte de la
question"), the old header "Question N° : 47351 de M. X ( group - département ) QE", and the
NosDéputés forms ("Question N° 2114 au {ministère} (retirée)", "Question soumise le …",
"Réponse émise le …", "Retirée le … (motif)", "Cette question n'a pas encore de réponse.").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import cast

from qgraph.records.model import PersonName, QuestionType
from qgraph.sources.pages.dates import find_date, find_dates, fold
from qgraph.sources.pages.people import looks_like_name, parse_constituency, parse_person


@dataclass
class PageFields:
    """What one page states, field by field (``None``/empty when it does not say)."""

    legislature: int | None = None
    type: QuestionType | None = None
    number: int | None = None
    title: str | None = None
    rubrique: str | None = None
    tete_analyse: str | None = None
    analyses: list[str] = field(default_factory=list)
    author: PersonName | None = None
    department: str | None = None
    circonscription: int | None = None
    group_name: str | None = None
    ministry_asked: str | None = None
    ministry_attributed: str | None = None
    attribution_changed: date | None = None
    published: date | None = None
    published_page: int | None = None
    answered: date | None = None
    answered_page: int | None = None
    signalements: list[date] = field(default_factory=list)
    renewals: list[date] = field(default_factory=list)
    withdrawn: bool = False
    withdrawn_on: date | None = None
    withdrawn_reason: str | None = None
    question_text: list[str] = field(default_factory=list)
    answer_text: list[str] = field(default_factory=list)
    evidence: int = 0  # how many question-page landmarks were seen

    @property
    def is_question_page(self) -> bool:
        return self.evidence >= 2


_KIND = r"(?P<kind>ecrite|au gouvernement|orale sans debat)"
_NO = r"n\s*[°o.]?\s*:?\s*(?P<num>\d+)"
_CIV = r"(?:m\.|mme\.?|mlle\.?|monsieur|madame)"
_LABEL = re.compile(r"^(?P<key>[^:>]{2,70}?)\s*[:>]\s*(?P<value>.*)$")
_LEGISLATURE = re.compile(r"^(?P<leg>\d{1,2})\s*(?:e|eme|ieme|ere|re)\s+legislature\b")
_AN_HEADING = re.compile(rf"^question {_KIND}\s+{_NO}$")
_ND_HEADING = re.compile(
    rf"^question(?: {_KIND})?\s+{_NO}\s+(?:au|aux|a la|a l')\s*(?P<min>.+?)"
    r"(?:\s*\((?P<etat>[^()]*)\))?$"
)
_OLD_HEADING = re.compile(
    rf"^(?:question\s+{_NO}\s+)?de\s+(?P<who>{_CIV}\s+[^()]+?)\s*\((?P<where>.+)\)"
    r"\s*(?P<type>qosd|qe|qg)?$"
)
_NUMBER_ONLY = re.compile(rf"^question\s+{_NO}$")
_TYPE_ONLY = re.compile(r"^(?P<type>qosd|qe|qg)$")
_QG_PUBLISHED = re.compile(r"^question posee en seance,? et publiee(?: au jo)? le\b\s*:?\s*")
_SUBMITTED = re.compile(r"^question soumise le\b\s*:?\s*")
_ANSWER_ON = re.compile(r"^reponse (?:emise|publiee|parue) le\b\s*:?\s*")
_WITHDRAWN_ON = re.compile(r"^(?:question )?retiree le\b\s*:?\s*")
_PAGE = re.compile(r"page\s*:?\s*(?P<page>\d+)")
_REASON = re.compile(r"\((?P<reason>[^()]+)\)\s*$")

_QUESTION_HEADS = {"texte de la question", "question"}
_ANSWER_HEADS = {"texte de la reponse", "reponse", "reponse du ministere"}
_NEUTRAL_HEADS = {
    "donnees cles", "date(s) cle(s)", "dates cles", "date cle", "donnees", "reponse a venir",
    "cette question n'a pas encore de reponse.", "cette question n'a pas encore de reponse",
}
_NOISE = {"assemblee nationale", "source", "nosdeputes.fr", "accueil", "imprimer", "partager"}

LABELS: dict[str, str] = {
    "auteur": "author", "question de": "author", "depute": "author", "deputee": "author",
    "circonscription": "constituency",
    "type de question": "type",
    "numero de la question": "number", "numero": "number",
    "legislature": "legislature",
    "rubrique": "rubrique",
    "titre": "title", "titre de la question": "title",
    "tete d'analyse": "tete_analyse",
    "analyse": "analyses",
    "ministere interroge": "ministry_asked",
    "ministere attributaire": "ministry_attributed",
    "ministere repondant": "ministry_attributed",
    "question publiee au jo le": "published", "question publiee le": "published",
    "reponse publiee au jo le": "answered", "reponse publiee le": "answered",
    "question signalee au gouvernement le": "signalements",
    "question signalee le": "signalements", "date de signalement": "signalements",
    "date de changement d'attribution": "attribution_changed",
    "date de renouvellement": "renewals", "dates de renouvellement": "renewals",
    "question renouvelee le": "renewals",
    "question retiree le": "withdrawn", "date de retrait": "withdrawn",
}
"""Label (folded, without its colon) → the ``PageFields`` field it fills."""

_TYPES: dict[str, QuestionType] = {
    "ecrite": "QE", "au gouvernement": "QG", "orale sans debat": "QOSD",
}


def question_type(text: str) -> QuestionType | None:
    """"Question écrite" → QE, "Question au Gouvernement" → QG, "… orale …" → QOSD."""
    folded = fold(text).strip()
    if folded in ("qe", "qg", "qosd"):
        return cast(QuestionType, folded.upper())
    if "ecrite" in folded:
        return "QE"
    if "gouvernement" in folded:
        return "QG"
    if "orale" in folded:
        return "QOSD"
    return None


def _key(text: str) -> str:
    """``text`` folded for matching, same length as ``text`` (lines are already collapsed)."""
    return fold(text).replace("\u2019", "'").strip()


def _reason(value: str) -> str | None:
    m = _REASON.search(value)
    if not m:
        return None
    reason = m["reason"].strip()
    return reason[:1].upper() + reason[1:] if reason else None


def _page(value: str) -> int | None:
    m = _PAGE.search(fold(value))
    return int(m["page"]) if m else None


class _Reader:
    """One pass over the lines; ``section`` says where free text currently goes."""

    def __init__(self, lines: tuple[str, ...], wrapped: frozenset[int]) -> None:
        self.lines = lines
        self.wrapped = wrapped
        self.f = PageFields()
        self.section: list[str] | None = None
        self.free: list[int] = []  # indexes of lines nothing claimed (title candidates)
        self.an_heading: int | None = None
        self.nd_heading: int | None = None
        self.submitted_at: int | None = None
        self.last_text = -2  # index of the last line added to a text section

    # -- labels "Key : value" -------------------------------------------------------------
    def label(self, kind: str, value: str) -> None:
        f = self.f
        if kind == "author":
            f.author = parse_person(value) or f.author
        elif kind == "constituency":
            self.constituency(value)
        elif kind == "type":
            f.type = question_type(value) or f.type
        elif kind in ("number", "legislature"):
            digits = re.search(r"\d+", value)
            if digits:
                setattr(f, kind, int(digits.group()))
        elif kind in ("rubrique", "title", "tete_analyse", "ministry_asked", "ministry_attributed"):
            setattr(f, kind, value or getattr(f, kind))
        elif kind == "analyses":
            f.analyses.extend(a.strip(" .") for a in value.split(". ") if a.strip(" ."))
        elif kind == "published":
            f.published, f.published_page = find_date(value), _page(value)
        elif kind == "answered":
            f.answered, f.answered_page = find_date(value), _page(value)
        elif kind in ("signalements", "renewals"):
            getattr(f, kind).extend(find_dates(value))
        elif kind == "attribution_changed":
            f.attribution_changed = find_date(value)
        elif kind == "withdrawn":
            self.withdraw(value)

    def constituency(self, value: str) -> bool:
        place = parse_constituency(value)
        if place is None:
            return False
        self.f.department, self.f.circonscription = place.department, place.number
        self.f.group_name = place.group or self.f.group_name
        return True

    def withdraw(self, value: str) -> None:
        self.f.withdrawn = True
        self.f.withdrawn_on = find_date(value)
        self.f.withdrawn_reason = _reason(value) or self.f.withdrawn_reason

    # -- one line ---------------------------------------------------------------------------
    def is_landmark(self, i: int) -> bool:
        """Does line ``i`` end a text section (a label or heading of its own)?"""
        line = self.lines[i]
        key = _key(line)
        if key.rstrip(" :") in _QUESTION_HEADS | _ANSWER_HEADS | _NEUTRAL_HEADS:
            return True
        m = _LABEL.match(line)
        if m and _key(m["key"]) in LABELS:
            return True
        return any(p.match(key) for p in (
            _SUBMITTED, _ANSWER_ON, _WITHDRAWN_ON, _QG_PUBLISHED, _AN_HEADING, _ND_HEADING,
        ))

    def read(self, i: int) -> int:
        """Read line ``i``; return how many lines it used."""
        line = self.lines[i]
        key = _key(line)
        head = key.rstrip(" :")
        f = self.f
        if head in _QUESTION_HEADS:
            self.section, f.evidence = f.question_text, f.evidence + 1
            return 1
        if head in _ANSWER_HEADS:
            self.section = f.answer_text
            return 1
        if head in _NEUTRAL_HEADS:
            self.section = None
            return 1
        for pattern, action in (
            (_SUBMITTED, self.submitted),
            (_QG_PUBLISHED, self.published_in_session),
            (_ANSWER_ON, self.answer_on),
            (_WITHDRAWN_ON, self.withdrawn_on),
        ):
            m = pattern.match(key)
            if m:
                action(i, line[m.end():])
                f.evidence += 1
                return 1
        m = _LABEL.match(line)
        if m and _key(m["key"]) in LABELS:
            value, used = m["value"].strip(), 1
            if not value and i + 1 < len(self.lines) and not self.is_landmark(i + 1):
                value, used = self.lines[i + 1], 2
            self.label(LABELS[_key(m["key"])], value)
            self.section = None
            f.evidence += 1
            return used
        if self.section is not None:
            if self.headings(i, key):
                return 1
            if self.continues(i) and self.section:
                self.section[-1] += " " + line
            else:
                self.section.append(line)
            self.last_text = i
            return 1
        if self.headings(i, key) or self.constituency(line):
            return 1
        m = _TYPE_ONLY.match(key)
        if m and f.type is None:
            f.type = cast(QuestionType, m["type"].upper())
            return 1
        self.free.append(i)
        return 1

    def continues(self, i: int) -> bool:
        """Is line ``i`` the rest of a hard-wrapped paragraph (text renderings only)?"""
        return (
            i in self.wrapped
            and self.last_text == i - 1
            and not self.lines[i - 1].endswith((".", "!", "?", "…", ":", ";", "»"))
        )

    def headings(self, i: int, key: str) -> bool:
        f = self.f
        m = _LEGISLATURE.match(key)
        if m and len(key) < 40:
            f.legislature, f.evidence = int(m["leg"]), f.evidence + 1
            return True
        m = _AN_HEADING.match(key)
        if m:
            f.type, f.number = _TYPES[m["kind"]], int(m["num"])
            self.an_heading, self.section, f.evidence = i, None, f.evidence + 2
            return True
        m = _ND_HEADING.match(key)
        if m:
            self.nd_heading_found(i, m)
            return True
        m = _OLD_HEADING.match(key)
        if m and self.section is None:
            self.old_heading(i, m)
            return True
        m = _NUMBER_ONLY.match(key)
        if m and self.section is None:
            f.number, f.evidence = int(m["num"]), f.evidence + 1
            return True
        return False

    def nd_heading_found(self, i: int, m: re.Match[str]) -> None:
        f, line = self.f, self.lines[i]
        f.number = int(m["num"])
        f.type = _TYPES[m["kind"]] if m["kind"] else f.type
        f.ministry_asked = line[m.start("min"):m.end("min")].strip()
        etat = m["etat"] or ""
        if etat.startswith("retire"):
            f.withdrawn = True
        elif etat.startswith("caduc"):
            f.withdrawn, f.withdrawn_reason = True, "Caduque"
        if i > 0 and f.author is None and looks_like_name(self.lines[i - 1]):
            f.author = parse_person(self.lines[i - 1])
            if i - 1 in self.free:
                self.free.remove(i - 1)
        self.nd_heading, self.section, f.evidence = i, None, f.evidence + 2

    def old_heading(self, i: int, m: re.Match[str]) -> None:
        f, line = self.f, self.lines[i]
        if m["num"]:
            f.number = int(m["num"])
        if m["type"]:
            f.type = cast(QuestionType, m["type"].upper())
        f.author = parse_person(line[m.start("who"):m.end("who")], last_first=True)
        where = line[m.start("where"):m.end("where")].strip()
        group, sep, department = where.rpartition(" - ")
        f.group_name = group.strip() if sep else f.group_name
        f.department = department.strip() or f.department
        f.evidence += 1

    # -- NosDéputés and QG date lines ---------------------------------------------------------
    def submitted(self, i: int, rest: str) -> None:
        self.f.published = find_date(rest)
        self.submitted_at, self.section = i, self.f.question_text

    def published_in_session(self, i: int, rest: str) -> None:
        self.f.published, self.f.published_page = find_date(rest), _page(rest)
        self.section = None

    def answer_on(self, i: int, rest: str) -> None:
        self.f.answered = find_date(rest) or self.f.answered
        self.section = self.f.answer_text

    def withdrawn_on(self, i: int, rest: str) -> None:
        self.withdraw(rest)
        self.section = None

    # -- title ----------------------------------------------------------------------------------
    def title(self) -> str | None:
        candidates = [i for i in self.free if _key(self.lines[i]) not in _NOISE
                      and any(c.isalpha() for c in self.lines[i]) and len(self.lines[i]) < 400]
        if self.nd_heading is not None:
            end = self.submitted_at if self.submitted_at is not None else len(self.lines)
            after = [i for i in candidates if self.nd_heading < i < end]
            return self.lines[after[-1]] if after else None
        if self.an_heading is not None:
            before = [i for i in candidates if i < self.an_heading]
            after = [i for i in candidates if i == self.an_heading + 1]
            pick = before[-1:] or after
            return self.lines[pick[0]] if pick else None
        return None


def read_fields(lines: tuple[str, ...], wrapped: frozenset[int] = frozenset()) -> PageFields:
    """Everything ``lines`` (a page as text lines) state about a question; ``wrapped`` marks
    lines that follow another without a blank line (possible hard-wrapped paragraphs)."""
    reader = _Reader(lines, wrapped)
    i = 0
    while i < len(lines):
        i += reader.read(i)
    fields = reader.f
    fields.title = fields.title or reader.title()
    return fields

"""Typed records: what every source reader produces and every mapper consumes.

Sources (open-data JSON/XML, legacy XML, pages) all end in these dataclasses, so the
RDF mapping has one input type per kind of thing, whatever the file looked like.
Values are cleaned (stripped, ``None`` for absent) but not interpreted beyond types.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

QuestionType = Literal["QE", "QG", "QOSD"]
SourceKind = Literal["opendata", "legacy-xml", "page"]


@dataclass(frozen=True)
class Origin:
    """Where a record came from: file path (as given), zip member, record id, content hash."""

    path: str
    member: str | None = None
    checksum: str = ""  # sha256 hex of the record's own bytes (or of its file)
    kind: SourceKind = "opendata"

    def describe(self) -> str:
        return f"{self.path}:{self.member}" if self.member else self.path


@dataclass(frozen=True)
class JOInfo:
    """A Journal officiel reference (``infoJO``)."""

    type_jo: str | None = None  # JO_QUESTION, JO_LOI_DECRET, JO_DEBAT
    date: date | None = None
    page: int | None = None
    num_jo: str | None = None
    url_legifrance: str | None = None
    reference_nor: str | None = None


@dataclass(frozen=True)
class MinistryRef:
    """A ministry as a question names it: PO id when the source gives one, short and long names."""

    organe_ref: str | None = None  # "PO847648"
    abrege: str | None = None  # "Santé et accès aux soins"
    developpe: str | None = None  # "Ministère de la santé et de l'accès aux soins"


@dataclass(frozen=True)
class Attribution:
    """One entry of the attribution history; the last one is the current attribution."""

    ministry: MinistryRef
    jo: JOInfo = field(default_factory=JOInfo)


@dataclass(frozen=True)
class Closing:
    """How a question was closed: answered, withdrawn (end of term, by the author), lapsed."""

    code: str | None = None  # "REP_PUB", ...
    label: str | None = None  # "Réponse publiée", "Fin de mandat", ...
    date: date | None = None
    jo: JOInfo | None = None


@dataclass(frozen=True)
class PersonName:
    civility: str | None = None  # "M.", "Mme"
    first_name: str | None = None
    last_name: str | None = None

    @property
    def full(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)


@dataclass(frozen=True)
class Author:
    """The deputy who asked. Open data gives ids; pages give a name and a constituency."""

    acteur_ref: str | None = None  # "PA719272"
    mandat_ref: str | None = None  # "PM796143"
    name: PersonName | None = None
    group_ref: str | None = None  # "PO800484"
    group_abbrev: str | None = None  # "DEM"
    group_name: str | None = None  # "Démocrate (MoDem et Indépendants)"
    department: str | None = None  # "Vendée" (pages and legacy XML)
    department_code: str | None = None  # "85"
    circonscription: int | None = None  # 1


@dataclass(frozen=True)
class QuestionRecord:
    uid: str  # "QANR5L16QE15221"
    legislature: int
    type: QuestionType
    number: int
    origin: Origin
    author: Author = field(default_factory=Author)
    title: str | None = None  # page title; usually equal to the analyse
    rubrique: str | None = None
    tete_analyse: str | None = None
    analyses: tuple[str, ...] = ()
    ministry_asked: MinistryRef | None = None
    attributions: tuple[Attribution, ...] = ()  # in order; last = current
    question_text: str | None = None  # plain text, HTML stripped
    published: JOInfo | None = None  # JO publication of the question
    answer_text: str | None = None
    answered: JOInfo | None = None  # JO publication of the answer
    closing: Closing | None = None
    signalements: tuple[date, ...] = ()
    renewals: tuple[date, ...] = ()


@dataclass(frozen=True)
class ActeurRecord:
    uid: str  # "PA1008"
    origin: Origin
    name: PersonName = field(default_factory=PersonName)
    birth_date: date | None = None
    birth_place: str | None = None
    birth_department: str | None = None
    birth_country: str | None = None
    death_date: date | None = None
    profession: str | None = None
    hatvp_uri: str | None = None


@dataclass(frozen=True)
class MandatRecord:
    uid: str  # "PM796572"
    origin: Origin
    acteur_ref: str | None = None
    legislature: int | None = None
    type_organe: str | None = None  # ASSEMBLEE, GP, ...
    start: date | None = None
    end: date | None = None
    quality: str | None = None  # libQualite
    organe_refs: tuple[str, ...] = ()
    region: str | None = None
    department: str | None = None
    department_code: str | None = None
    circonscription: int | None = None
    end_reason: str | None = None  # mandature.causeFin


@dataclass(frozen=True)
class OrganeRecord:
    uid: str  # "PO800538"
    origin: Origin
    code_type: str | None = None  # GP, MINISTERE, GOUVERNEMENT, ASSEMBLEE, PRESREP, ...
    label: str | None = None  # libelle
    label_short: str | None = None  # libelleAbrege
    abbreviation: str | None = None  # libelleAbrev
    start: date | None = None
    end: date | None = None
    legislature: int | None = None
    parent_ref: str | None = None  # organeParent
    previous_ref: str | None = None  # organePrecedentRef
    color: str | None = None  # couleurAssociee


Record = QuestionRecord | ActeurRecord | MandatRecord | OrganeRecord

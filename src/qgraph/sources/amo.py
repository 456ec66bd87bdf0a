"""AMO files (acteurs, mandats, organes) → :class:`ActeurRecord`, :class:`MandatRecord`,
:class:`OrganeRecord`.

AMO50 has one object per file; AMO20 acteur files embed their mandats
(``acteur.mandats.mandat[]``), each of which is yielded as a MandatRecord too.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import orjson

from qgraph.errors import SourceError
from qgraph.records.model import (
    ActeurRecord,
    MandatRecord,
    OrganeRecord,
    Origin,
    PersonName,
    Record,
)
from qgraph.sources.values import as_list, clean_date, clean_int, clean_str, get, obj


def _uid(d: dict[str, Any], origin: Origin, kind: str, position: str | None) -> str:
    uid = clean_str(d.get("uid"))
    if uid is None:
        raise SourceError(origin.describe(), f"missing required field {kind}.uid", record=position)
    return uid


def acteur_from_dict(d: dict[str, Any], origin: Origin, position: str | None = None) -> ActeurRecord:
    """Map the body of ``{"acteur": ...}`` (embedded mandats are read by :func:`acteur_records`)."""
    ident = obj(get(d, "etatCivil", "ident"))
    birth = obj(get(d, "etatCivil", "infoNaissance"))
    profession = d.get("profession")
    return ActeurRecord(
        uid=_uid(d, origin, "acteur", position),
        origin=origin,
        name=PersonName(
            civility=clean_str(ident.get("civ")),
            first_name=clean_str(ident.get("prenom")),
            last_name=clean_str(ident.get("nom")),
        ),
        birth_date=clean_date(birth.get("dateNais")),
        birth_place=clean_str(birth.get("villeNais")),
        birth_department=clean_str(birth.get("depNais")),
        birth_country=clean_str(birth.get("paysNais")),
        death_date=clean_date(get(d, "etatCivil", "dateDeces")),
        profession=clean_str(get(profession, "libelleCourant")) or clean_str(profession),
        hatvp_uri=clean_str(d.get("uri_hatvp")),
    )


def mandat_from_dict(d: dict[str, Any], origin: Origin, position: str | None = None) -> MandatRecord:
    """Map the body of ``{"mandat": ...}`` (or one mandat embedded in an acteur)."""
    lieu = obj(get(d, "election", "lieu"))
    refs = (clean_str(r) for r in as_list(get(d, "organes", "organeRef")))
    return MandatRecord(
        uid=_uid(d, origin, "mandat", position),
        origin=origin,
        acteur_ref=clean_str(d.get("acteurRef")),
        legislature=clean_int(d.get("legislature")),
        type_organe=clean_str(d.get("typeOrgane")),
        start=clean_date(d.get("dateDebut")),
        end=clean_date(d.get("dateFin")),
        quality=clean_str(get(d, "infosQualite", "libQualite")),
        organe_refs=tuple(r for r in refs if r),
        region=clean_str(lieu.get("region")),
        department=clean_str(lieu.get("departement")),
        department_code=clean_str(lieu.get("numDepartement")),
        circonscription=clean_int(lieu.get("numCirco")),
        end_reason=clean_str(get(d, "mandature", "causeFin")),
    )


def organe_from_dict(d: dict[str, Any], origin: Origin, position: str | None = None) -> OrganeRecord:
    """Map the body of ``{"organe": ...}``."""
    return OrganeRecord(
        uid=_uid(d, origin, "organe", position),
        origin=origin,
        code_type=clean_str(d.get("codeType")),
        label=clean_str(d.get("libelle")),
        label_short=clean_str(d.get("libelleAbrege")),
        abbreviation=clean_str(d.get("libelleAbrev")),
        start=clean_date(get(d, "viMoDe", "dateDebut")),
        end=clean_date(get(d, "viMoDe", "dateFin")),
        legislature=clean_int(d.get("legislature")),
        parent_ref=clean_str(d.get("organeParent")),
        previous_ref=clean_str(d.get("organePrecedentRef")),
        color=clean_str(d.get("couleurAssociee")),
    )


def checksum_of(value: Any) -> str:
    """sha256 hex of a parsed JSON value re-serialised (for records that share a file)."""
    try:
        raw = orjson.dumps(value)
    except TypeError:  # huge ints or lone surrogates from the stdlib fallback parser
        raw = json.dumps(value, default=str).encode("utf-8", "surrogatepass")
    return hashlib.sha256(raw).hexdigest()


def acteur_records(
    d: dict[str, Any], origin: Origin, position: str | None = None
) -> Iterator[Record | SourceError]:
    """The acteur, then each mandat embedded in it (checksum = sha256 of its JSON)."""
    acteur = acteur_from_dict(d, origin, position)
    yield acteur
    for i, m in enumerate(as_list(get(d, "mandats", "mandat")), start=1):
        m = obj(m)
        where = f"{acteur.uid} mandat #{i}"
        try:
            yield mandat_from_dict(m, replace(origin, checksum=checksum_of(m)), where)
        except SourceError as exc:
            yield exc

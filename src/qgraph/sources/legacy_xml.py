"""Legacy per-question XML (``<QUESTION TYPE="QE">``, questions site export, XIV and earlier)
→ :class:`QuestionRecord`.

Ids are bare numbers and get their open-data prefix (ID_ACTEUR 923 → ``PA923``, ID_MANDAT →
``PM…``, ID_GROUPE, ID_MINI, ID_MINA → ``PO…``); dates are ``DD/MM/YYYY``.
"""

from __future__ import annotations

from typing import Any, cast

from qgraph.errors import SourceError
from qgraph.records.model import (
    Attribution,
    Author,
    Closing,
    JOInfo,
    MinistryRef,
    Origin,
    PersonName,
    QuestionRecord,
    QuestionType,
)
from qgraph.sources.questions import QUESTION_TYPES, make_uid
from qgraph.sources.values import (
    clean_date,
    clean_int,
    clean_str,
    dates,
    html_to_text,
    prefixed,
)


def _text(el: Any, path: str) -> str | None:
    """The stripped text at ``path`` below ``el`` (None if absent or empty)."""
    return clean_str(el.findtext(path)) if el is not None else None


def _jo(el: Any, date_tag: str = "DATE_JO", page_tag: str = "PAGE_JO") -> JOInfo | None:
    if el is None:
        return None
    info = JOInfo(
        type_jo=_text(el, "TYPE_JO"),
        date=clean_date(_text(el, date_tag)),
        page=clean_int(_text(el, page_tag)),
        num_jo=_text(el, "NUMERO_JO"),
    )
    return None if info == JOInfo() else info


def _ministry(el: Any, id_tag: str) -> MinistryRef | None:
    if el is None:
        return None
    ref = MinistryRef(
        organe_ref=prefixed(_text(el, id_tag), "PO"),
        abrege=_text(el, "ABREGE"),
        developpe=_text(el, "DEVELOPPE"),
    )
    return None if ref == MinistryRef() else ref


def _ordered(el: Any) -> list[Any]:
    """``ORDRE`` children sorted by their NUMERO attribute (document order on ties)."""
    if el is None:
        return []
    items = el.findall("ORDRE")
    return sorted(items, key=lambda o: clean_int(o.get("NUMERO")) or 0)


def _identity(root: Any, file: str, position: str | None) -> tuple[int, QuestionType, int]:
    deposit = next((d for d in root.findall("DEPOT") if d.get("NUMERO")), None)
    raw = {
        "QUESTION@TYPE": clean_str(root.get("TYPE")),
        "LEGISLATURE": _text(root, "LEGISLATURE"),
        "DEPOT@NUMERO": clean_str(deposit.get("NUMERO")) if deposit is not None else None,
    }
    for name, value in raw.items():
        if value is None:
            raise SourceError(file, f"missing required field {name}", record=position)
    qtype = cast(str, raw["QUESTION@TYPE"]).upper()
    if qtype not in QUESTION_TYPES:
        raise SourceError(file, f"unknown question type {qtype!r}", record=position)
    legislature, number = clean_int(raw["LEGISLATURE"]), clean_int(raw["DEPOT@NUMERO"])
    if legislature is None:
        raise SourceError(file, f"invalid LEGISLATURE {raw['LEGISLATURE']!r}", record=position)
    if number is None:
        raise SourceError(file, f"invalid DEPOT@NUMERO {raw['DEPOT@NUMERO']!r}", record=position)
    return legislature, cast(QuestionType, qtype), number


def question_from_legacy(root: Any, origin: Origin, position: str | None = None) -> QuestionRecord:
    """Map one ``<QUESTION>`` element; raises SourceError when type, legislature or number lack."""
    legislature, qtype, number = _identity(root, origin.describe(), position)
    deposits = root.findall("DEPOT")
    deposit = next((d for d in deposits if d.get("NUMERO")), None)
    question_text = next((t for t in (_text(d, "TEXTE_DEPOT") for d in deposits) if t), None)
    auteur, groupe = root.find("AUTEUR"), root.find("GROUPE")
    circo, index = root.find("CIRCONSCRIPTION"), root.find("INDEXATION_AN")
    closing_el, answer_el = root.find("CLOTURE"), root.find("REPONSE")
    closing = None
    if closing_el is not None:
        closing = Closing(
            code=_text(closing_el, "ABREGE") or _text(closing_el, "CODE"),
            label=_text(closing_el, "LIBELLE"),
            date=clean_date(_text(closing_el, "DATE_CLOTURE") or _text(closing_el, "DATE_JO")),
            jo=_jo(closing_el),
        )
        closing = None if closing == Closing() else closing
    return QuestionRecord(
        uid=make_uid(legislature, qtype, number),
        legislature=legislature,
        type=qtype,
        number=number,
        origin=origin,
        author=Author(
            acteur_ref=prefixed(_text(auteur, "ID_ACTEUR"), "PA"),
            mandat_ref=prefixed(auteur.get("ID_MANDAT") if auteur is not None else None, "PM"),
            name=PersonName(
                civility=_text(auteur, "CIVILITE"),
                first_name=_text(auteur, "PRENOM"),
                last_name=_text(auteur, "NOM"),
            ) if auteur is not None else None,
            group_ref=prefixed(_text(groupe, "ID_GROUPE"), "PO"),
            group_abbrev=clean_str(groupe.get("SIGLE")) if groupe is not None else None,
            group_name=_text(groupe, "LIBELLE"),
            department=_text(circo, "DEPARTEMENT"),
            department_code=_text(circo, "CODE_DEPARTEMENT"),
            circonscription=clean_int(circo.get("NUMERO_CIRCONSCRIPTION")) if circo is not None else None,
        ),
        rubrique=clean_str(index.get("RUBRIQUE")) if index is not None else None,
        tete_analyse=_text(index, "TETE_ANALYSE"),
        analyses=tuple(a for a in (clean_str(x.text) for x in root.iterfind("INDEXATION_AN/ANALYSE/ANA")) if a),
        ministry_asked=_ministry(root.find("MINI"), "ID_MINI"),
        attributions=tuple(
            Attribution(ministry=_ministry(o, "ID_MINA") or MinistryRef(), jo=_jo(o) or JOInfo())
            for o in _ordered(root.find("MINA"))
        ),
        question_text=html_to_text(question_text),
        published=_jo(deposit),
        answer_text=html_to_text(_text(answer_el, "TEXTE_REPONSE")),
        answered=_jo(answer_el, "DATE_JO_REPONSE", "PAGE_JO_REPONSE"),
        closing=closing,
        signalements=dates(
            _text(s, "DATE_DEPOT_SIGNAL") or _text(s, "DATE_JO") for s in root.findall("SIGNALEMENT")
        ),
        renewals=dates(
            _text(o, "DATE_RENOUVELLEMENT") or _text(o, "DATE_JO")
            for o in _ordered(root.find("RENOUVELLEMENT"))
        ),
    )

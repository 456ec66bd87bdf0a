"""Open-data question (``{"question": {...}}`` body, from JSON or XML) → :class:`QuestionRecord`.

QE, QG and QOSD share one schema; see ``design/FORMATS.md`` section 1 for each field.
"""

from __future__ import annotations

import re
from dataclasses import astuple
from typing import Any, cast

from qgraph.errors import SourceError
from qgraph.records.model import (
    Attribution,
    Author,
    Closing,
    JOInfo,
    MinistryRef,
    Origin,
    QuestionRecord,
    QuestionType,
)
from qgraph.sources.values import (
    as_list,
    clean_date,
    clean_int,
    clean_str,
    dates,
    get,
    html_to_text,
    obj,
)

QUESTION_TYPES = ("QE", "QG", "QOSD")
UID_RE = re.compile(r"^QANR5L(\d+)(QE|QG|QOSD)(\d+)$")
UID_CHARS = re.compile(r"[A-Za-z0-9._-]+")


def parse_uid(uid: str) -> tuple[int, QuestionType, int] | None:
    """``"QANR5L17QE1173"`` → ``(17, "QE", 1173)``; None if the uid has another form."""
    m = UID_RE.match(uid)
    if not m:
        return None
    return int(m.group(1)), cast(QuestionType, m.group(2)), int(m.group(3))


def make_uid(legislature: int, qtype: str, number: int) -> str:
    """The open-data uid of a question: ``QANR5L{legislature}{type}{number}``."""
    return f"QANR5L{legislature}{qtype}{number}"


_NO_JO = astuple(JOInfo())
_NO_MINISTRY = astuple(MinistryRef())


def jo_info(value: Any) -> JOInfo | None:
    """An ``infoJO`` object → :class:`JOInfo`; None when absent or empty."""
    d = obj(value)
    if not d:
        return None
    fields = (clean_str(d.get("typeJO")), clean_date(d.get("dateJO")), clean_int(d.get("pageJO")),
              clean_str(d.get("numJO")), clean_str(d.get("urlLegifrance")), clean_str(d.get("referenceNOR")))
    return JOInfo(*fields) if fields != _NO_JO else None


def ministry(value: Any) -> MinistryRef | None:
    """A ``minInt`` or ``denomination`` object → :class:`MinistryRef`; None when empty."""
    d = obj(value)
    fields = (clean_str(d.get("organeRef")), clean_str(d.get("abrege")), clean_str(d.get("developpe")))
    return MinistryRef(*fields) if fields != _NO_MINISTRY else None


def _identity(q: dict[str, Any], file: str, position: str | None) -> tuple[str, int, QuestionType, int]:
    """uid, legislature, type and number, falling back on the uid; SourceError if missing."""
    uid = clean_str(q.get("uid"))
    if uid is None:
        raise SourceError(file, "missing required field uid", record=position)
    from_uid = parse_uid(uid)
    if not UID_CHARS.fullmatch(uid):  # the uid keys the record's graph and IRIs
        raise SourceError(file, f"invalid uid {uid[:80]!r} (only letters, digits, '.', '_', '-')",
                          record=position)
    fields = {
        "identifiant.legislature": get(q, "identifiant", "legislature"),
        "type": q.get("type"),
        "identifiant.numero": get(q, "identifiant", "numero"),
    }
    values: list[Any] = []
    for i, (name, raw) in enumerate(fields.items()):
        value: Any = clean_str(raw) if name == "type" else clean_int(raw)
        if value is None and from_uid is not None:
            value = from_uid[i]
        if value is None:
            reason = f"missing required field {name}" if clean_str(raw) is None else f"invalid {name} {clean_str(raw)!r}"
            raise SourceError(file, reason, record=uid)
        values.append(value)
    legislature, qtype, number = values
    if qtype not in QUESTION_TYPES:
        raise SourceError(file, f"unknown question type {qtype!r}", record=uid)
    for name, value in (("identifiant.legislature", legislature), ("identifiant.numero", number)):
        if value <= 0:
            raise SourceError(file, f"invalid {name} {value!r} (must be a positive number)", record=uid)
    return uid, legislature, qtype, number


def _analyses(index: dict[str, Any]) -> tuple[str, ...]:
    """``analyses.analyse`` (str, list or null), or the legacy ``ANALYSE.ANA`` form."""
    raw = get(index, "analyses", "analyse")
    if raw is None:
        raw = get(index, "ANALYSE", "ANA")
    return tuple(s for s in (clean_str(a) for a in as_list(raw)) if s)


def _first_text(container: Any, key: str) -> dict[str, Any]:
    """The first ``texteQuestion`` / ``texteReponse`` object (they may repeat)."""
    items = as_list(obj(container).get(key))
    return obj(items[0]) if items else {}


def _closing(value: Any) -> Closing | None:
    d = obj(value)
    if not d:
        return None
    closing = Closing(
        code=clean_str(d.get("codeCloture")),
        label=clean_str(d.get("libelleCloture")),
        date=clean_date(d.get("dateCloture")),
        jo=jo_info(d.get("infoJO")),
    )
    return None if closing == Closing() else closing


def question_from_dict(
    q: dict[str, Any], origin: Origin, position: str | None = None
) -> QuestionRecord:
    """Map the body of ``{"question": ...}``; raises SourceError for missing identity fields.

    ``position`` names the record in error messages when it has no uid (e.g. ``"#3"``).
    """
    file = origin.describe()
    uid, legislature, qtype, number = _identity(q, file, position)
    index = obj(q.get("indexationAN"))
    author = obj(q.get("auteur"))
    group = obj(author.get("groupe"))
    identite = obj(author.get("identite"))
    asked = _first_text(q.get("textesQuestion"), "texteQuestion")
    answer = _first_text(q.get("textesReponse"), "texteReponse")
    attributions = tuple(
        Attribution(ministry=ministry(a.get("denomination")) or MinistryRef(), jo=jo_info(a.get("infoJO")) or JOInfo())
        for a in as_list(get(q, "minAttribs", "minAttrib"))
        if isinstance(a, dict)
    )
    signal_dates = [
        get(s, "dateDepotSignal") or get(s, "infoJO", "dateJO")
        for s in as_list(q.get("signalement"))
    ]
    renewal_dates = [
        get(r, "infoJO", "dateJO") for r in as_list(get(q, "renouvellements", "renouvellement"))
    ]
    return QuestionRecord(
        uid=uid,
        legislature=legislature,
        type=qtype,
        number=number,
        origin=origin,
        author=Author(
            acteur_ref=clean_str(identite.get("acteurRef")),
            mandat_ref=clean_str(identite.get("mandatRef")),
            group_ref=clean_str(group.get("organeRef")),
            group_abbrev=clean_str(group.get("abrege")),
            group_name=clean_str(group.get("developpe")),
        ),
        rubrique=clean_str(index.get("rubrique")),
        tete_analyse=clean_str(index.get("teteAnalyse")),
        analyses=_analyses(index),
        ministry_asked=ministry(q.get("minInt")),
        attributions=attributions,
        question_text=html_to_text(asked.get("texte")),
        published=jo_info(asked.get("infoJO")),
        answer_text=html_to_text(answer.get("texte")),
        answered=jo_info(answer.get("infoJO")),
        closing=_closing(q.get("cloture")),
        signalements=dates(signal_dates),
        renewals=dates(renewal_dates),
    )

"""QuestionRecord ⇄ JSON, for the page records kept in the sidecar."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from typing import Any

from qgraph.records.model import (
    Attribution,
    Author,
    Closing,
    JOInfo,
    MinistryRef,
    Origin,
    PersonName,
    QuestionRecord,
)


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def question_to_json(rec: QuestionRecord) -> str:
    return json.dumps(_plain(rec), ensure_ascii=False, sort_keys=True)


def _d(v: str | None) -> date | None:
    return date.fromisoformat(v) if v else None


def _jo(d: dict[str, Any] | None) -> JOInfo | None:
    if d is None:
        return None
    return JOInfo(**{**d, "date": _d(d.get("date"))})


def _min(d: dict[str, Any] | None) -> MinistryRef | None:
    return MinistryRef(**d) if d else None


def question_from_json(text: str) -> QuestionRecord:
    d = json.loads(text)
    author = dict(d["author"])
    author["name"] = PersonName(**author["name"]) if author.get("name") else None
    closing = d.get("closing")
    return QuestionRecord(
        uid=d["uid"], legislature=d["legislature"], type=d["type"], number=d["number"],
        origin=Origin(**d["origin"]), author=Author(**author), title=d.get("title"),
        rubrique=d.get("rubrique"), tete_analyse=d.get("tete_analyse"),
        analyses=tuple(d.get("analyses") or ()), ministry_asked=_min(d.get("ministry_asked")),
        attributions=tuple(Attribution(ministry=MinistryRef(**a["ministry"]), jo=_jo(a["jo"]) or JOInfo())
                           for a in d.get("attributions") or ()),
        question_text=d.get("question_text"), published=_jo(d.get("published")),
        answer_text=d.get("answer_text"), answered=_jo(d.get("answered")),
        closing=Closing(code=closing.get("code"), label=closing.get("label"),
                        date=_d(closing.get("date")), jo=_jo(closing.get("jo"))) if closing else None,
        signalements=tuple(date.fromisoformat(x) for x in d.get("signalements") or ()),
        renewals=tuple(date.fromisoformat(x) for x in d.get("renewals") or ()),
    )

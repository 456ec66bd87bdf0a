"""Open-data JSON files (questions and AMO) → records, and the routing of a parsed document
by its root key, shared with the XML reader.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import replace
from functools import partial
from typing import Any

import orjson

from qgraph.errors import SourceError
from qgraph.records.model import Origin
from qgraph.sources.amo import acteur_records, checksum_of, mandat_from_dict, organe_from_dict
from qgraph.sources.boundary import Item, attempt
from qgraph.sources.detect import UTF8_BOM
from qgraph.sources.questions import question_from_dict
from qgraph.sources.values import as_list, obj

IGNORED_ROOTS = frozenset({"pays", "deport"})
"""AMO record kinds qgraph does not use: skipped silently (AMO50 dumps hold thousands)."""

NOT_RECOGNISED = "not a recognised question or AMO record"
_EXPORT_LISTS = (("organes", "organe"), ("acteurs", "acteur"), ("mandats", "mandat"))


def decode_json(data: bytes, file: str) -> Any:
    """Parse JSON bytes with orjson; any failure is a SourceError with a one-line reason."""
    data = data.removeprefix(UTF8_BOM)
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        msg, pos = exc.msg, exc.pos
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(file, f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})") from None
    if "surrogate" in msg:  # lone \uD800-style escapes: the stdlib parser accepts them
        try:
            return json.loads(data)
        except (ValueError, RecursionError):
            pass
    if "depth" in msg or "recursion" in msg:
        raise SourceError(file, "invalid JSON (nested too deeply)")
    if "end of data" in msg or "EOF" in msg or pos >= len(data.rstrip()):
        raise SourceError(file, f"invalid JSON (truncated at byte {pos})")
    raise SourceError(file, f"invalid JSON ({msg} at byte {pos})")


def records_from_root(value: Any, origin: Origin, position: str | None = None) -> Iterator[Item]:
    """Route one parsed document by its root key: question, acteur, mandat, organe, or an
    AMO ``export`` / a JSON array holding several (each gets its own checksum)."""
    file = origin.describe()
    if isinstance(value, list) and value:
        for i, item in enumerate(value, start=1):
            yield from records_from_root(item, replace(origin, checksum=checksum_of(item)), f"#{i}")
        return
    body = value if isinstance(value, dict) else {}
    if isinstance(body.get("question"), dict):
        yield from attempt(lambda: [question_from_dict(body["question"], origin, position)], file, position)
    elif isinstance(body.get("acteur"), dict):
        yield from attempt(partial(acteur_records, body["acteur"], origin, position), file, position)
    elif isinstance(body.get("mandat"), dict):
        yield from attempt(lambda: [mandat_from_dict(body["mandat"], origin, position)], file, position)
    elif isinstance(body.get("organe"), dict):
        yield from attempt(lambda: [organe_from_dict(body["organe"], origin, position)], file, position)
    elif isinstance(body.get("export"), dict):
        for group, key in _EXPORT_LISTS:
            for i, item in enumerate(as_list(obj(body["export"].get(group)).get(key)), start=1):
                item_origin = replace(origin, checksum=checksum_of(item))
                yield from records_from_root({key: item}, item_origin, f"{key} #{i}")
    elif body and IGNORED_ROOTS.intersection(body):
        return
    else:
        yield SourceError(file, NOT_RECOGNISED, record=position)


def read_json(data: bytes, origin: Origin) -> Iterator[Item]:
    """All records of one JSON file; checksum = sha256 of the file's bytes."""
    try:
        value = decode_json(data, origin.describe())
    except SourceError as exc:
        yield exc
        return
    origin = replace(origin, checksum=hashlib.sha256(data).hexdigest())
    yield from records_from_root(value, origin)


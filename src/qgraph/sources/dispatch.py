"""Sniff each source and hand it to the right reader: zip, JSON, XML or page.

Every function here yields records or SourceErrors and never raises for bad input.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from dataclasses import replace
from typing import IO

from qgraph.errors import SourceError
from qgraph.records.model import Origin
from qgraph.sources.boundary import Item, as_source_error, guarded
from qgraph.sources.containers import (
    STDIN_NAME,
    Rejoined,
    Source,
    iter_zip,
    read_prefix,
    seekable_copy,
)
from qgraph.sources.detect import SNIFF_BYTES, is_utf8, sniff
from qgraph.sources.opendata_json import read_json
from qgraph.sources.opendata_xml import read_xml

MAX_WHOLE_FILE = 256 * 1024 * 1024
"""Largest JSON or page read into memory at once (XML is streamed and has no such limit)."""

NOT_RECOGNISED = "not a recognised question or AMO file"


def iter_source(source: Source, *, uid_hint: str | None = None, in_zip: bool = False) -> Iterator[Item]:
    """All records of one source (a file, stdin or zip member), errors yielded."""
    file = source.origin.describe()
    try:
        stream = source.open()
    except OSError as exc:
        yield SourceError(file, f"cannot read ({exc.strerror or exc})")
        return
    except Exception as exc:  # zipfile raises BadZipFile, RuntimeError… on open
        yield as_source_error(exc, file)
        return
    try:
        yield from guarded(_route(stream, source.origin, uid_hint, in_zip), file)
    finally:
        if source.origin.path != STDIN_NAME:  # stdin belongs to the caller
            stream.close()


def iter_stream(stream: IO[bytes], origin: Origin, *, uid_hint: str | None = None) -> Iterator[Item]:
    """All records in ``stream``, whose origin is ``origin`` (checksums are filled in)."""
    yield from guarded(_route(stream, origin, uid_hint, False), origin.describe())


def iter_bytes(data: bytes, origin: Origin, *, uid_hint: str | None = None,
               in_zip: bool = False) -> Iterator[Item]:
    """All records in ``data`` (one file's content): the dispatch function, for any bytes.
    ``in_zip``: the bytes are a zip member (a zip inside is then not read).

    >>> from qgraph.records.model import Origin
    >>> [str(e) for e in iter_bytes(b"", Origin("x.json"))]
    ['x.json: empty file']
    """
    yield from guarded(_route(io.BytesIO(data), origin, uid_hint, in_zip), origin.describe())


def _read_all(prefix: bytes, stream: IO[bytes], file: str) -> bytes:
    data = prefix + stream.read(MAX_WHOLE_FILE + 1 - len(prefix))
    if len(data) > MAX_WHOLE_FILE:
        raise SourceError(file, f"too large to read whole (over {MAX_WHOLE_FILE >> 20} MB)")
    return data


def _route(stream: IO[bytes], origin: Origin, uid_hint: str | None, in_zip: bool) -> Iterator[Item]:
    file = origin.describe()
    prefix = read_prefix(stream, SNIFF_BYTES)
    kind = sniff(prefix)
    if kind == "zip":
        if in_zip:
            yield SourceError(file, "nested zip archive (not read)")
            return
        for member in iter_zip(seekable_copy(stream, prefix), origin):
            if isinstance(member, SourceError):
                yield member
            else:
                yield from iter_source(member, uid_hint=uid_hint, in_zip=True)
    elif kind == "empty":
        more = read_prefix(stream, 1)
        yield SourceError(file, "empty file" if not more else "no content in the first 4 KB")
    elif kind == "json":
        yield from read_json(_read_all(prefix, stream, file), origin)
    elif kind == "xml":
        yield from read_xml(Rejoined(prefix, stream), origin)  # type: ignore[arg-type]
    elif kind == "binary":
        yield SourceError(file, f"{NOT_RECOGNISED} (binary content)")
    else:
        data = _read_all(prefix, stream, file)
        for item in _read_page(data, origin, uid_hint):
            if isinstance(item, SourceError) and kind == "text" and not is_utf8(data):
                item = SourceError(file, "not valid UTF-8")  # clearer than "not a question page"
            yield item


def _read_page(data: bytes, origin: Origin, uid_hint: str | None) -> Iterator[Item]:
    """A question page (HTML, text or Markdown rendering), read by :mod:`qgraph.sources.pages`."""
    try:
        from qgraph.sources.pages import parse_page  # written separately; may be absent
    except ImportError:
        yield SourceError(origin.describe(), NOT_RECOGNISED)
        return
    page_origin = replace(origin, kind="page", checksum=hashlib.sha256(data).hexdigest())
    try:
        yield parse_page(data, page_origin, uid_hint=uid_hint)
    except Exception as exc:
        yield as_source_error(exc, origin.describe())

"""The record boundary: whatever goes wrong inside one file or record becomes a SourceError
that is yielded, so the rest of a batch goes on."""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from qgraph.errors import SourceError
from qgraph.records.model import Record

Item = Record | SourceError
"""What the readers yield: a typed record, or the error for one bad file or record."""

T = TypeVar("T")


def as_source_error(exc: BaseException, file: str, record: str | None = None) -> SourceError:
    """A SourceError for ``exc``: itself if it is one, else a one-line ``unexpected …`` reason."""
    if isinstance(exc, SourceError):
        return exc
    if isinstance(exc, RecursionError):
        return SourceError(file, "nested too deeply", record=record)
    if isinstance(exc, MemoryError):
        return SourceError(file, "out of memory while reading", record=record)
    if isinstance(exc, zipfile.BadZipFile):  # e.g. a member whose CRC does not match
        return SourceError(file, f"corrupt zip member ({' '.join(str(exc).split())[:160]})", record=record)
    detail = " ".join(str(exc).split())[:200]
    reason = f"unexpected {type(exc).__name__}" + (f": {detail}" if detail else "")
    return SourceError(file, reason, record=record)


def guarded(items: Iterable[T], file: str) -> Iterator[T | SourceError]:
    """Yield from ``items``; an exception ends the iteration as one yielded SourceError."""
    try:
        yield from items
    except Exception as exc:  # the boundary: nothing but SourceError leaves a reader
        yield as_source_error(exc, file)


def attempt(make: Callable[[], Iterable[T]], file: str, record: str | None) -> Iterator[T | SourceError]:
    """Run one record's mapping: its items, or the SourceError that stopped it."""
    try:
        items = list(make())
    except Exception as exc:
        yield as_source_error(exc, file, record)
        return
    yield from items

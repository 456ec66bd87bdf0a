"""Sources as picklable units of work, so that worker processes can read them.

A :class:`Unit` is one file or one zip member small enough to read whole; a worker opens it
itself (no bytes cross the process boundary on the way in). Everything else — stdin, and files
or members too large to read whole (the XML reader streams those) — stays an :class:`Inline`
source, read in-process by :func:`~qgraph.sources.dispatch.iter_source`. Reading the units and
inline sources of :func:`iter_units` in order gives exactly the items of
:func:`~qgraph.sources.iter_records`.
"""

from __future__ import annotations

import functools
import os
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from qgraph.errors import SourceError
from qgraph.records.model import Origin
from qgraph.sources.boundary import Item, as_source_error
from qgraph.sources.containers import (
    STDIN_NAME,
    ZIP_ERRORS,
    Source,
    corrupt_zip,
    iter_sources,
    zip_members,
)
from qgraph.sources.dispatch import iter_bytes

MAX_UNIT = 16 * 1024 * 1024
"""Largest file or zip member read whole as a unit."""


@dataclass(frozen=True)
class Unit:
    """A file (``member`` None) or a zip member, named by the path as given."""

    path: str
    member: str | None = None

    @property
    def origin(self) -> Origin:
        return Origin(path=self.path, member=self.member)


@dataclass(frozen=True)
class Inline:
    """A source read in-process (stdin, or too large to read whole)."""

    source: Source
    in_zip: bool = False


def iter_units(paths: Iterable[str | Path]) -> Iterator[Unit | Inline | SourceError]:
    """The units of ``paths`` in reading order (zip members sorted, hidden files skipped)."""
    for source in iter_sources(list(paths)):
        if isinstance(source, SourceError):
            yield source
            continue
        path = source.origin.path
        if path == STDIN_NAME:
            yield Inline(source)
            continue
        try:
            size = os.path.getsize(path)
            with open(path, "rb") as f:
                magic = f.read(4)
        except OSError:
            yield Inline(source)  # read in-process, which reports the error
            continue
        if magic.startswith((b"PK\x03\x04", b"PK\x05\x06")):
            yield from _zip_units(path)
        elif size <= MAX_UNIT:
            yield Unit(path)
        else:
            yield Inline(source)


def _zip_units(path: str) -> Iterator[Unit | Inline | SourceError]:
    try:
        with zipfile.ZipFile(path) as archive:
            members = zip_members(archive)
    except ZIP_ERRORS as exc:
        yield corrupt_zip(path, exc)
        return
    for info in members:
        if info.file_size <= MAX_UNIT:
            yield Unit(path, info.filename)
        else:
            origin = Origin(path=path, member=info.filename)
            yield Inline(Source(origin, functools.partial(_open_member, path, info.filename)), True)


def _open_member(path: str, name: str) -> IO[bytes]:
    return zipfile.ZipFile(path).open(name)


class UnitReader:
    """Reads units, keeping the zip it read last open (close it when done). Units come zip after
    zip; an open zip holds its whole directory in memory (~0.6 kB a member: 30 MB for 48,000
    questions), so keeping every zip open grew each ingest worker by the size of all of them."""

    def __init__(self) -> None:
        self._zip: zipfile.ZipFile | None = None

    def read(self, unit: Unit) -> bytes | SourceError:
        """The unit's bytes, or the SourceError that reading it gave."""
        try:
            if unit.member is None:
                return Path(unit.path).read_bytes()
            if self._zip is None or self._zip.filename != unit.path:
                self.close()
                self._zip = zipfile.ZipFile(unit.path)
            return self._zip.read(unit.member)
        except OSError as exc:
            return SourceError(unit.origin.describe(), f"cannot read ({exc.strerror or exc})")
        except Exception as exc:  # a bad member (CRC, compression) is that member's error
            return as_source_error(exc, unit.origin.describe())

    def items(self, unit: Unit, data: bytes, uid_hint: str | None = None) -> list[Item]:
        return list(iter_bytes(data, unit.origin, uid_hint=uid_hint, in_zip=unit.member is not None))

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()
            self._zip = None

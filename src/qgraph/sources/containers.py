"""Where bytes come from: paths, folders (recursive, sorted), stdin and zip members.

Nothing is ever extracted or written: a zip member is read through ``zipfile`` as a stream,
and its name (even ``../x``) is only a label in :class:`Origin`.
"""

from __future__ import annotations

import io
import os
import sys
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from qgraph.errors import SourceError
from qgraph.records.model import Origin

STDIN = "-"
STDIN_NAME = "<stdin>"


@dataclass(frozen=True)
class Source:
    """One byte stream to read: its origin (no checksum yet) and how to open it."""

    origin: Origin
    open: Callable[[], IO[bytes]]


def _hidden(name: str) -> bool:
    return name.startswith(".") or name == "__MACOSX"


def _walk(folder: Path) -> Iterator[Path]:
    """Files below ``folder``, depth first, names sorted, hidden files and folders skipped."""
    for current, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not _hidden(d))
        for name in sorted(files):
            if not _hidden(name):
                yield Path(current) / name


def _file_source(path: Path, label: str) -> Source:
    return Source(Origin(path=label), lambda: open(path, "rb"))


def iter_sources(paths: list[str | Path]) -> Iterator[Source | SourceError]:
    """A Source for each file named or found in a named folder; ``"-"`` is stdin."""
    for given in paths:
        label = os.fspath(given)
        if label == STDIN:
            yield Source(Origin(path=STDIN_NAME), lambda: sys.stdin.buffer)
            continue
        path = Path(label)
        if path.is_dir():
            found = False
            for file in _walk(path):
                found = True
                yield _file_source(file, os.fspath(file))
            if not found:
                yield SourceError(label, "folder holds no files")
        elif path.is_file():
            yield _file_source(path, label)
        elif path.exists() or path.is_symlink():
            yield SourceError(label, "not a regular file or folder")
        else:
            yield SourceError(label, "no such file or folder")


def seekable_copy(stream: IO[bytes], prefix: bytes) -> IO[bytes]:
    """A seekable stream over the whole content (``prefix`` was already read from ``stream``)."""
    try:
        if stream.seekable():
            stream.seek(0)
            return stream
    except (OSError, ValueError):
        pass
    return io.BytesIO(prefix + stream.read())


def iter_zip(stream: IO[bytes], origin: Origin) -> Iterator[Source | SourceError]:
    """A Source per file member of the zip in ``stream`` (names sorted); a corrupt archive
    gives one SourceError naming the zip."""
    try:
        archive = zipfile.ZipFile(stream)
        members = zip_members(archive)
    except ZIP_ERRORS as exc:
        yield corrupt_zip(origin.path, exc)
        return
    with archive:
        for info in members:
            member_origin = Origin(path=origin.path, member=info.filename)
            yield Source(member_origin, lambda info=info: archive.open(info))  # type: ignore[misc]


ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError)


def corrupt_zip(path: str, exc: BaseException) -> SourceError:
    return SourceError(path, f"corrupt zip archive ({' '.join(str(exc).split())[:120]})")


def zip_members(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The file members of ``archive`` that are read: names sorted, hidden ones skipped."""
    members = sorted((info for info in archive.infolist() if not info.is_dir()), key=lambda i: i.filename)
    return [info for info in members
            if not any(_hidden(p) for p in info.filename.replace("\\", "/").split("/")
                       if p not in ("", ".", ".."))]


class Rejoined:
    """``prefix`` followed by the rest of ``stream``, read through ``read(size)``."""

    def __init__(self, prefix: bytes, stream: IO[bytes]) -> None:
        self._prefix = prefix
        self._stream = stream

    def read(self, size: int = -1) -> bytes:
        if self._prefix:
            if size is None or size < 0:
                data, self._prefix = self._prefix + self._stream.read(), b""
                return data
            data, self._prefix = self._prefix[:size], self._prefix[size:]
            return data
        return self._stream.read(size)


def read_prefix(stream: IO[bytes], size: int) -> bytes:
    """Up to ``size`` bytes (fewer only at end of stream), however short the reads."""
    chunks, got = [], 0
    while got < size:
        chunk = stream.read(size - got)
        if not chunk:
            break
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)

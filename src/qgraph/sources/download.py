"""``qgraph download``: the official zip dumps of the Assemblée nationale, into a cache folder.

Each file goes to ``{cache}/{legislature}/{name}.part`` and is renamed when complete; an
interrupted download resumes from the ``.part`` with an HTTP ``Range`` request. A file already
complete in the cache is reused (``refresh=True`` fetches it again).
"""

from __future__ import annotations

import os
import re
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from qgraph import __version__
from qgraph.errors import QGraphError, UsageError

DEFAULT_BASE_URL = "https://data.assemblee-nationale.fr/static/openData/repository/"
DEFAULT_CACHE = "qgraph-downloads"
DEFAULT_LEGISLATURE = 17
CHUNK = 256 * 1024

# Paths relative to ``{base}/{legislature}/``.
KINDS = {
    "qe": "questions/questions_ecrites/Questions_ecrites.json.zip",
    "qg": "questions/questions_gouvernement/Questions_gouvernement.json.zip",
    "qosd": "questions/questions_orales_sans_debat/Questions_orales_sans_debat.json.zip",
    "amo": "amo/acteurs_mandats_organes_divises/AMO50_acteurs_mandats_organes_divises.json.zip",
}


class DownloadError(QGraphError):
    """A dump could not be fetched (HTTP error, unreachable host, truncated or corrupt file)."""


@dataclass(frozen=True)
class Item:
    legislature: int
    kind: str
    url: str
    target: Path

    @property
    def part(self) -> Path:
        return self.target.with_name(self.target.name + ".part")


def default_cache() -> Path:
    return Path(os.environ.get("QGRAPH_DOWNLOADS") or DEFAULT_CACHE)


def default_base_url() -> str:
    return os.environ.get("QGRAPH_BASE_URL") or DEFAULT_BASE_URL


def plan(legislatures: Iterable[int], kinds: Iterable[str], base_url: str, cache: Path) -> list[Item]:
    """The files to fetch, in order (every kind of every legislature)."""
    legs = list(legislatures) or [DEFAULT_LEGISLATURE]
    wanted = list(kinds) or list(KINDS)
    base = base_url if base_url.endswith("/") else base_url + "/"
    if not re.match(r"^https?://", base):
        raise UsageError(f"--base-url must be an http(s) URL, got {base_url!r}")
    items = []
    for leg in legs:
        if leg < 1:
            raise UsageError(f"--legislature must be a positive number, got {leg}")
        for kind in wanted:
            if kind not in KINDS:
                raise UsageError(f"unknown --kind {kind!r} (known: {', '.join(KINDS)})")
            rel = f"{leg}/{KINDS[kind]}"
            items.append(Item(leg, kind, urljoin(base, rel), cache / str(leg) / rel.rsplit("/", 1)[1]))
    return items


def _open(url: str, start: int, timeout: float) -> Any:
    headers = {"User-Agent": f"qgraph/{__version__}"}
    if start:
        headers["Range"] = f"bytes={start}-"
    try:
        return urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=timeout)
    except urllib.error.HTTPError as err:
        if err.code == 416 and start:
            return err  # the .part may already be whole: the caller checks Content-Range
        raise DownloadError(f"cannot download {url}: HTTP {err.code} {err.reason}") from None
    except urllib.error.URLError as err:
        reason = err.reason.strerror if isinstance(err.reason, OSError) and err.reason.strerror \
            else str(err.reason)
        raise DownloadError(f"cannot download {url}: host unreachable ({reason})") from None
    except (TimeoutError, OSError) as err:
        raise DownloadError(f"cannot download {url}: {err}") from None


def fetch(item: Item, *, refresh: bool = False, timeout: float = 60.0,
          on_start: Callable[[Item, int | None, int], None] | None = None,
          on_progress: Callable[[int], None] | None = None) -> Path:
    """Download one item (resuming its ``.part``) and return the complete file's path."""
    if item.target.is_file() and not refresh:
        return item.target
    item.target.parent.mkdir(parents=True, exist_ok=True)
    start = item.part.stat().st_size if item.part.is_file() else 0
    resp = _open(item.url, start, timeout)
    with resp:
        status = resp.status
        if status == 416:
            total = _range_total(resp.headers.get("Content-Range"))
            if total != start:  # the remote file changed: start again
                item.part.unlink()
                return fetch(item, refresh=refresh, timeout=timeout, on_start=on_start,
                             on_progress=on_progress)
            expected: int | None = start
        else:
            if status != 206:
                start = 0  # the server ignored the Range: a whole new body
            length = resp.headers.get("Content-Length")
            expected = start + int(length) if length and length.isdigit() else None
            if on_start:
                on_start(item, expected, start)
            with item.part.open("ab" if start else "wb") as out:
                try:
                    while data := resp.read(CHUNK):
                        out.write(data)
                        if on_progress:
                            on_progress(len(data))
                except (TimeoutError, OSError) as err:
                    raise DownloadError(f"download of {item.url} interrupted ({err}); "
                                        "run the same command again to resume") from None
    size = item.part.stat().st_size
    if expected is not None and size != expected:
        raise DownloadError(f"download of {item.url} stopped at {size} of {expected} bytes; "
                            "run the same command again to resume")
    if not zipfile.is_zipfile(item.part):
        item.part.unlink()
        raise DownloadError(f"{item.url} is not a zip file (removed the partial download)")
    item.part.replace(item.target)
    return item.target


def _range_total(content_range: str | None) -> int | None:
    m = re.match(r"bytes \*/(\d+)", content_range or "")
    return int(m.group(1)) if m else None


def download(items: Iterable[Item], *, refresh: bool = False,
             on_start: Callable[[Item, int | None, int], None] | None = None,
             on_progress: Callable[[int], None] | None = None) -> list[Path]:
    """Fetch every item; the paths, in order, are ready for ``qgraph ingest``."""
    return [fetch(item, refresh=refresh, on_start=on_start, on_progress=on_progress)
            for item in items]


class ByteProgress:
    """A byte progress bar on stderr, one task per file (silent when stderr is not a terminal)."""

    def __init__(self, enabled: bool = True) -> None:
        import sys

        from rich.console import Console
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            Progress,
            TextColumn,
            TransferSpeedColumn,
        )

        self._bar = Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(),
                             TransferSpeedColumn(), console=Console(stderr=True), transient=True,
                             disable=not (enabled and sys.stderr.isatty()))
        self._task: Any = None

    def __enter__(self) -> ByteProgress:
        self._bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._bar.stop()

    def start_file(self, item: Item, total: int | None, done: int) -> None:
        self._task = self._bar.add_task(f"{item.legislature} {item.target.name}", total=total,
                                        completed=done)

    def advance(self, n: int) -> None:
        if self._task is not None:
            self._bar.advance(self._task, n)

"""Stage 1, sources: files, folders, zips and stdin → typed records.

====================  ==========================================================
module                turns
====================  ==========================================================
``containers``        paths, folders, stdin, zip members → byte streams
``detect``            the first bytes of a stream → its kind (zip, JSON, XML, page…)
``dispatch``          a stream → the reader for its kind
``opendata_json``     ``{"question"|"acteur"|"mandat"|"organe": …}`` JSON → records
``opendata_xml``      XML (open-data sibling, XIV big file) → records, streamed
``legacy_xml``        ``<QUESTION TYPE="QE">`` legacy XML → QuestionRecord
``questions``/``amo``  parsed open-data objects → records
``values``            shared cleaning (nulls, dates, ints, HTML → text)
``pages``             question web pages and their text renderings (separate)
====================  ==========================================================

>>> from qgraph.sources import iter_records
>>> for item in iter_records(["dump.zip", "questions/", "-"]):  # doctest: +SKIP
...     print(item)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from qgraph.errors import SourceError
from qgraph.sources.boundary import Item
from qgraph.sources.containers import iter_sources
from qgraph.sources.dispatch import iter_bytes, iter_source, iter_stream

__all__ = ["Item", "iter_bytes", "iter_records", "iter_stream"]


def iter_records(paths: Iterable[str | Path], *, uid_hint: str | None = None) -> Iterator[Item]:
    """Every record in ``paths`` (files, folders, zips; ``"-"`` is stdin), in order.

    Formats are detected from content. A bad file or record is *yielded* as a
    :class:`~qgraph.errors.SourceError` and reading goes on; nothing else is raised for bad
    input. ``uid_hint`` is passed to the page reader (a page may not state its uid).
    Memory: one file (JSON, page) or one record (XML, streamed) at a time.
    """
    given: list[str | Path] = [paths] if isinstance(paths, (str, Path)) else list(paths)
    for source in iter_sources(given):
        if isinstance(source, SourceError):
            yield source
        else:
            yield from iter_source(source, uid_hint=uid_hint)

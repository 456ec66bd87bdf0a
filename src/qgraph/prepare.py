"""Records → N-Quads ahead of the store, in worker processes: the parallel half of the ingest.

Reading a file, parsing it, checksumming, mapping and enriching its records is pure CPU work
and independent from file to file, so it runs in a pool of processes while the main process
loads the store (``pipeline.ingest_records``). Results come back in reading order, and at most
a few chunks are in flight, so memory stays flat whatever the size of the corpus.

Two short cuts make a re-ingest cheap, both checked again by the main process:

- a file whose bytes were read before and whose record still has the state read from them
  (sidecar table ``files``) is not parsed at all;
- a record whose checksum is the one in the sidecar is not mapped.

A small input (fewer than :data:`PARALLEL_MIN` files) is read in-process: starting workers
would cost more than it saves.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import sqlite3
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from qgraph.errors import MappingError, SourceError
from qgraph.links.cache import fingerprints
from qgraph.rdf.nt import Triple
from qgraph.rdf.questions import ministry_node
from qgraph.records import MandatRecord, OrganeRecord, QuestionRecord, Record
from qgraph.records.text import IndexedText, TextFingerprint, pickled_by_constructor
from qgraph.sources.boundary import Item
from qgraph.sources.dispatch import iter_source
from qgraph.sources.units import Inline, Unit, UnitReader, iter_units
from qgraph.store.sidecar import known_files_in, rows_in

CHUNK = 200
"""Files per task sent to a worker."""
PARALLEL_MIN = 1000
"""Files read in-process before a pool is started (``workers=None``)."""
_SOURCES = ("sources", "records")


@pickled_by_constructor
@dataclass(slots=True)
class Prepared:
    """One record read and, unless known unchanged, mapped: what the store stage needs.

    A record mapped by a worker comes back without its ``record``: its N-Quads (``lines``) and
    the few facts the store stage keeps of it (``legislature`` … ``text``) are all it needs."""

    kind: str
    uid: str
    checksum: str
    record: Record | None  # None when mapped, or not parsed or not kept (known unchanged): see ``unit``
    lines: bytes | None = None  # N-Quads (UTF-8) of the record's graphs, when mapped
    shared: bytes = b""  # its N-Quads in graph/shared (facts of deputies, groups, ministries…)
    unit: Unit | None = None  # where to read it again
    file_hash: str | None = None  # hash of its file, when that file holds this record only
    legislature: int | None = None
    answered: bool = False  # a question with an answer
    assigned: str | None = None  # a question's current ministry (node)
    text: IndexedText | None = None  # a question's texts, for the search index and re-asks

    def summarise(self, rec: Record, fingerprint: TextFingerprint | None = None) -> None:
        """Keep what the store stage needs of ``rec`` besides its quads."""
        if isinstance(rec, QuestionRecord):
            self.legislature = rec.legislature
            self.answered = bool(rec.answered or rec.answer_text)
            self.assigned = ministry_node(rec.attributions[-1].ministry) if rec.attributions else None
            self.text = IndexedText.of(rec, fingerprint)
        elif isinstance(rec, MandatRecord | OrganeRecord):
            self.legislature = rec.legislature


@dataclass(frozen=True)
class Context:
    sidecar: str  # path of qgraph.sqlite, read only by workers
    enrich: bool
    ner: bool
    uid_hint: str | None


def file_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def reader_fingerprint() -> str:
    """A hash of the readers' code: file hashes remembered by another version are forgotten."""
    from qgraph import __version__

    root = Path(__file__).parent
    h = hashlib.blake2b(__version__.encode(), digest_size=16)
    for sub in _SOURCES:
        for path in sorted((root / sub).rglob("*.py")):
            h.update(path.read_bytes())
    return h.hexdigest()


class Preparer:
    """Reads, checksums and maps units (in a worker, or in-process with the main sidecar)."""

    def __init__(self, ctx: Context, db: sqlite3.Connection | None = None) -> None:
        from qgraph.pipeline import IngestOptions, _enricher

        self.ctx = ctx
        self.db = db or sqlite3.connect(f"file:{ctx.sidecar}?mode=ro", uri=True)
        self.reader = UnitReader()
        self.enrich: Callable[[QuestionRecord], list[Triple]] | None = _enricher(
            IngestOptions(enrich=ctx.enrich, ner=ctx.ner))

    def close(self) -> None:
        self.reader.close()

    def units(self, units: list[Unit]) -> list[Item | Prepared]:
        from qgraph.pipeline import _kind, content_checksum

        data = [(u, self.reader.read(u)) for u in units]
        hashes = {u: file_hash(d) for u, d in data if isinstance(d, bytes)}
        seen = self._known_files(set(hashes.values()))
        out: list[Item | Prepared] = []
        for unit, d in data:
            if isinstance(d, SourceError):
                out.append(d)
                continue
            h = hashes[unit]
            if h in seen:
                kind, uid, checksum = seen[h]
                out.append(Prepared(kind, uid, checksum, None, unit=unit))
                continue
            items = self.reader.items(unit, d, self.ctx.uid_hint)
            single = len(items) == 1 and not isinstance(items[0], SourceError)
            for item in items:
                if isinstance(item, SourceError):
                    out.append(item)
                else:
                    out.append(Prepared(_kind(item), item.uid, content_checksum(item), item, unit=unit,
                                        file_hash=h if single else None))
        self.map([p for p in out if isinstance(p, Prepared) and p.record is not None])
        return out

    def map(self, preps: list[Prepared]) -> None:
        """Map the records that the sidecar does not hold with the same checksum."""
        from qgraph.pipeline import _record_quads

        known: dict[tuple[str, str], str] = {}
        by_kind: dict[str, list[str]] = {}
        for p in preps:
            by_kind.setdefault(p.kind, []).append(p.uid)
        for kind, uids in by_kind.items():
            for uid, checksum in rows_in(self.db, "SELECT uid, checksum FROM records WHERE kind = ? AND uid IN ({marks})",
                                         uids, [kind]):
                known[(kind, uid)] = checksum
        mapped: list[Prepared] = []
        for p in preps:
            assert p.record is not None
            if known.get((p.kind, p.uid)) == p.checksum:
                p.record = None  # not shipped back: the main process reads it again if needed
                continue
            if p.kind == "page":
                continue  # mapped by the main process, against the store (store/pages.py)
            try:
                p.lines, p.shared = _record_quads(p.kind, p.record, self.enrich)
            except MappingError:
                continue  # the main process maps it again and reports the error
            mapped.append(p)
        signed = fingerprints(self.db, [(p.uid, p.record.legislature, p.record.question_text)
                                        for p in mapped if isinstance(p.record, QuestionRecord)
                                        and p.record.question_text])
        for p in mapped:
            assert p.record is not None
            p.summarise(p.record, signed.get(p.uid))
            p.record = None  # the quads and the summary are all the store stage needs

    def _known_files(self, hashes: set[str]) -> dict[str, tuple[str, str, str]]:
        return known_files_in(self.db, hashes)


def reread(prep: Prepared, uid_hint: str | None = None) -> Record | None:
    """The record of ``prep`` read again from its unit (it was known unchanged when read)."""
    assert prep.unit is not None
    reader = UnitReader()
    try:
        data = reader.read(prep.unit)
        if isinstance(data, SourceError):
            return None
        for item in reader.items(prep.unit, data, uid_hint):
            if not isinstance(item, SourceError) and item.uid == prep.uid:
                from qgraph.pipeline import _kind

                if _kind(item) == prep.kind:
                    return item
    finally:
        reader.close()
    return None


# worker processes --------------------------------------------------------------------------
_WORKER: Preparer | None = None


def _init_worker(ctx: Context) -> None:
    global _WORKER
    _WORKER = Preparer(ctx)


def _work(units: list[Unit]) -> list[Item | Prepared]:
    assert _WORKER is not None
    return _WORKER.units(units)


def default_workers() -> int:
    return min(os.cpu_count() or 1, 4)


def prepared_items(paths: Iterable[str | Path], ctx: Context, db: sqlite3.Connection,
                   workers: int | None = None, ahead: int = 0) -> Iterator[Item | Prepared]:
    """Every record of ``paths`` in reading order, prepared; errors yielded as SourceErrors.

    ``workers``: None picks the number of CPUs, once :data:`PARALLEL_MIN` files have been read
    in-process; 0 reads everything in-process. ``ahead``: records the workers may prepare beyond
    what the caller has taken (at least two tasks per worker are in flight). The ingest takes a
    batch of records, then indexes it for a while: with records ahead, the workers go on working
    meanwhile instead of waiting, and the ingest does not wait for them afterwards.
    """
    local = Preparer(ctx, db)
    pool: ProcessPoolExecutor | None = None
    pending: deque[tuple[Future[list[Item | Prepared]], int]] = deque()
    count = 0
    n_workers = default_workers() if workers is None else workers
    files = records = 0  # done by the workers, to count the tasks in flight in records

    def done(future: Future[list[Item | Prepared]], n_files: int) -> list[Item | Prepared]:
        nonlocal files, records
        out = future.result()
        files, records = files + n_files, records + len(out)
        return out
    try:
        for group in _groups(iter_units(paths)):
            if isinstance(group, Inline):
                while pending:
                    yield from done(*pending.popleft())
                yield from iter_source(group.source, uid_hint=ctx.uid_hint, in_zip=group.in_zip)
                continue
            if isinstance(group, SourceError):
                while pending:
                    yield from done(*pending.popleft())
                yield group
                continue
            count += len(group)
            if n_workers < 1 or (workers is None and (n_workers == 1 or count <= PARALLEL_MIN)):
                yield from local.units(group)
                continue
            if pool is None:
                pool = _pool(n_workers, ctx)
            pending.append((pool.submit(_work, group), len(group)))
            while len(pending) > tasks_in_flight(n_workers, ahead, files, records):
                yield from done(*pending.popleft())
        while pending:
            yield from done(*pending.popleft())
    finally:
        local.close()
        for f, _n in pending:
            f.cancel()
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def tasks_in_flight(workers: int, ahead: int, files: int, records: int) -> int:
    """Tasks sent to the workers and not yet taken: enough for ``ahead`` records beyond what the
    caller has taken (at the records per file seen so far), and at least two per worker."""
    per_task = CHUNK * max(1.0, records / files) if files else CHUNK
    return max(2 * workers, int(ahead / per_task) + 1 + workers)


def _pool(n: int, ctx: Context) -> ProcessPoolExecutor:
    methods = multiprocessing.get_all_start_methods()
    # fork: workers start at once with qgraph already imported (they never touch the store)
    mp = multiprocessing.get_context("fork" if "fork" in methods else None)
    return ProcessPoolExecutor(n, mp_context=mp, initializer=_init_worker, initargs=(ctx,))


def _groups(units: Iterator[Unit | Inline | SourceError]) -> Iterator[list[Unit] | Inline | SourceError]:
    """Runs of up to :data:`CHUNK` units; inline sources and errors on their own."""
    run: list[Unit] = []
    for u in units:
        if isinstance(u, Unit):
            run.append(u)
            if len(run) >= CHUNK:
                yield run
                run = []
        else:
            if run:
                yield run
                run = []
            yield u
    if run:
        yield run


__all__ = ["CHUNK", "Context", "PARALLEL_MIN", "Prepared", "Preparer", "prepared_items", "reread",
           "reader_fingerprint"]

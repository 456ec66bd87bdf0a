"""The ingest pipeline, stage by stage:

=========  ==========================================  ===================================
stage      module                                      turns … into …
=========  ==========================================  ===================================
sources    ``qgraph.sources``                          paths (files, folders, zips, stdin)
                                                       → typed records or SourceErrors
records    ``qgraph.records``                          the typed records themselves
enrich     ``qgraph.enrich``                           QuestionRecord → Enrichment
                                                       (organisations, themes)
rdf        ``qgraph.rdf``                              records, enrichments → triples
store      ``qgraph.store``                            triples → N-Quads, bulk-loaded into
                                                       one named graph per record
=========  ==========================================  ===================================

Crash safety: a record's checksum is written to the sidecar only after its graph is loaded and
its full-text and re-ask cache rows are written (the same commit), and a store left "dirty" by
an interrupted ingest has the graphs of every record it sees again dropped before loading;
re-running the same ingest therefore ends with each record once, searchable.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import orjson

from qgraph import __version__
from qgraph.errors import MappingError, SourceError
from qgraph.links.cache import index_texts
from qgraph.prepare import Context, Prepared, prepared_items, reader_fingerprint, reread
from qgraph.rdf import iris
from qgraph.rdf.amo import map_acteur, map_mandat, map_organe
from qgraph.rdf.nt import Triple, lit, nquad
from qgraph.rdf.questions import map_question, shared_triples, split_shared
from qgraph.rdf.vocab import DCTERMS, QG
from qgraph.records import ActeurRecord, MandatRecord, OrganeRecord, QuestionRecord, Record
from qgraph.records.codec import question_to_json
from qgraph.records.text import IndexedText
from qgraph.store.fulltext import build_index, queue_questions
from qgraph.store.graphstore import GraphStore
from qgraph.store.pages import refresh_pages
from qgraph.store.streamload import StreamLoad
from qgraph.store.vocabulary import ensure_vocabulary

if TYPE_CHECKING:
    from qgraph.links.refresh import LinksWork
    from qgraph.store.sidecar import Sidecar

T = TypeVar("T")
BATCH = 2000
STREAM_RECORDS = 200_000
"""Records fed to one bulk load at most (their checksums wait in memory until it ends)."""


@dataclass
class IngestReport:
    """What an ingest did. ``failed`` counts files or records that could not go in."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    answered_since_last: int = 0
    reattributed_since_last: int = 0
    questions: int = 0
    pages: int = 0
    amo: int = 0
    errors: list[str] = field(default_factory=list)

    def to_json(self) -> str:
        d = asdict(self)
        d.pop("errors")
        return json.dumps(d, sort_keys=True)

    def summary(self) -> str:
        return (f"{self.new} new, {self.updated} updated, {self.unchanged} unchanged, "
                f"{self.failed} failed; {self.answered_since_last} answered and "
                f"{self.reattributed_since_last} re-attributed since the last ingest")


@dataclass(frozen=True)
class IngestOptions:
    enrich: bool = True
    ner: bool = False
    uid_hint: str | None = None
    batch_size: int = BATCH
    stream_records: int = STREAM_RECORDS  # records fed to one bulk load at most
    links: bool = True  # recompute graph/links (re-asked questions, group successors)
    workers: int | None = None  # processes reading and mapping files: None = one per CPU, 0 = none


def content_checksum(rec: Record) -> str:
    """A hash of what a record says (not of its bytes), so that the same record read from
    another file or layout (a mandat in its own file or inside an acteur) counts as unchanged."""
    fields = {name: getattr(rec, name) for name in rec.__dataclass_fields__ if name != "origin"}
    try:  # orjson serialises (nested) dataclasses, dates and tuples 5× faster than repr
        data = type(rec).__name__.encode() + orjson.dumps(fields)
    except TypeError:  # a lone surrogate in some string: orjson refuses it
        data = repr((type(rec).__name__, fields)).encode()
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _kind(rec: Record) -> str:
    if isinstance(rec, QuestionRecord):
        return "page" if rec.origin.kind == "page" else "question"
    if isinstance(rec, ActeurRecord):
        return "acteur"
    if isinstance(rec, MandatRecord):
        return "mandat"
    return "organe"


def _graph(kind: str, uid: str) -> str:
    if kind == "question":
        return iris.question_graph(uid)
    return iris.record_graph(kind, uid)


def _node(kind: str, uid: str) -> str:
    if kind == "question":
        return iris.question(uid)
    if kind == "acteur":
        return iris.person(uid)
    if kind == "mandat":
        return iris.mandate(uid)
    return iris.organe(uid)


def _provenance(graph: str, rec: Record) -> list[Triple]:
    o = rec.origin
    return [(graph, DCTERMS.source, lit(o.describe())), (graph, QG.sourceKind, lit(o.kind)),
            (graph, QG.checksum, lit(o.checksum))]


def _enricher(opts: IngestOptions) -> Callable[[QuestionRecord], list[Triple]] | None:
    if not opts.enrich:
        return None
    from qgraph.enrich import enrich_question
    from qgraph.rdf.enrichment import map_enrichment

    def run(rec: QuestionRecord) -> list[Triple]:
        return map_enrichment(rec.uid, enrich_question(rec, ner=opts.ner))
    return run


def map_record(rec: Record) -> list[Triple]:
    """The triples of one official record (pages are mapped against the store, see pages.py)."""
    if isinstance(rec, QuestionRecord):
        return map_question(rec)
    if isinstance(rec, ActeurRecord):
        return map_acteur(rec)
    if isinstance(rec, MandatRecord):
        return map_mandat(rec)
    if isinstance(rec, OrganeRecord):
        return map_organe(rec)
    raise TypeError(type(rec))


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def ingest_records(store: GraphStore, items: Iterable[Record | SourceError | Prepared],
                   opts: IngestOptions = IngestOptions(),
                   on_error: Callable[[str], None] | None = None,
                   on_progress: Callable[[int], None] | None = None) -> IngestReport:
    """Load records into the store; bad ones are reported and skipped, the rest go in."""
    report = IngestReport()
    side = store.sidecar
    was_dirty = side.get_state("dirty") == "1"
    side.set_state("dirty", "1")
    side.commit()
    enrich = _enricher(opts)
    ensure_vocabulary(store)
    touched_pages_or_amo = False
    page_uids = side.page_uids()
    stream = _Stream(store, opts.stream_records)
    shared_fed: set[bytes] = set()  # graph/shared lines fed to the store by this ingest
    try:
        for chunk in _batches(items, opts.batch_size):
            latest: dict[tuple[str, str], Prepared] = {}
            for item in chunk:
                if isinstance(item, SourceError):
                    report.failed += 1
                    report.errors.append(str(item))
                    if on_error:
                        on_error(str(item))
                    continue
                prep = item if isinstance(item, Prepared) else Prepared(_kind(item), item.uid, content_checksum(item),
                                                                        item)
                latest[(prep.kind, prep.uid)] = prep
            if stream.holds(latest) or any(kind == "page" for kind, _uid in latest):
                stream.finish()  # the sidecar must know these records' last state first
            by_kind: dict[str, list[Prepared]] = {}
            for (kind, _uid), prep in latest.items():
                by_kind.setdefault(kind, []).append(prep)
            buffer: list[bytes] = []
            drops: list[str] = []
            remember: list[tuple[str, str, str, bool, str | None]] = []
            texts: list[IndexedText] = []  # for the full-text index and the re-ask cache
            files: list[tuple[str, str, str, str]] = []  # files holding one record, for re-ingests
            legislatures: set[int] = set()
            for kind, preps in by_kind.items():
                known = side.known(kind, [p.uid for p in preps])
                for prep in preps:
                    before = known.get(prep.uid)
                    checksum = prep.checksum
                    if prep.file_hash:
                        files.append((prep.file_hash, kind, prep.uid, checksum))
                    if before is not None and before.checksum == checksum:
                        report.unchanged += 1
                        continue
                    if prep.lines is None:  # not mapped by a worker: read (again) and map it here
                        rec = prep.record if prep.record is not None else reread(prep, opts.uid_hint)
                        if rec is None:  # the file changed while being ingested
                            report.failed += 1
                            report.errors.append(f"{prep.unit and prep.unit.origin.describe()}: "
                                                 "could not be read again")
                            continue
                        try:
                            prep.lines, prep.shared = _record_quads(kind, rec, enrich)
                        except MappingError as err:
                            report.failed += 1
                            report.errors.append(str(err))
                            if on_error:
                                on_error(str(err))
                            continue
                        prep.summarise(rec)
                        if kind == "page":
                            assert isinstance(rec, QuestionRecord)
                            side.save_page(rec.uid, question_to_json(rec))
                    if kind != "question":
                        touched_pages_or_amo = True
                    if before is not None or was_dirty:
                        drops.append(_graph(kind, prep.uid))
                    if kind == "question" and (before is not None or was_dirty or prep.uid in page_uids):
                        drops.append(iris.enrich_graph(prep.uid))
                    buffer.append(prep.lines)
                    # Many records state the same facts of a deputy, group or ministry: the load
                    # is fed each once (a fifth of the quads, parsed for nothing otherwise).
                    buffer += _new_lines(prep.shared, shared_fed)
                    if prep.legislature:
                        legislatures.add(prep.legislature)
                    if prep.text is not None:
                        texts.append(prep.text)
                    remember.append((kind, prep.uid, checksum, prep.answered, prep.assigned))
                    _count(report, kind, before, prep.answered, prep.assigned)
            if drops:  # a load cannot take back what it was fed: drop between two loads
                stream.finish()
                store.drop_graphs(drops)
            buffer += [nquad(t, iris.SHARED_GRAPH).encode() for n in sorted(legislatures) for t in shared_triples(n)]
            stream.feed(buffer, remember, files)
            queue_questions(side, sorted(texts, key=lambda t: not t.from_page))  # indexed when the load ends
            index_texts(side, texts)  # links.cache: signatures of new or changed texts
            if stream.full():  # after the batch's rows: the commit that remembers it holds them
                stream.finish()
            side.commit()
            if on_progress:
                on_progress(len(chunk))
        links = opts.links and bool(report.new or report.updated or was_dirty)
        stream.end_input()
        # The load's last minutes (sorting, writing its files) keep one core busy: the re-ask
        # candidates and scores, which need only the sidecar, are computed meanwhile.
        work = _start_links(side) if links else None
        stream.finish()
    finally:
        stream.abort()
    if touched_pages_or_amo or side.page_uids():
        _refresh_pages(store, enrich)
    if report.updated or was_dirty:
        store.prune_shared()
    if links:
        from qgraph.links import refresh_links  # imports numpy: only when needed
        refresh_links(store, work=work)
    side.set_state("dirty", None)
    side.commit()
    return report


class _Stream:
    """The open bulk load of an ingest, and the records fed to it: their checksums go to the
    sidecar only once the load has ended (then they are in the store; see the crash safety
    note above)."""

    def __init__(self, store: GraphStore, most: int) -> None:
        self.store = store
        self.most = most
        self.load: StreamLoad | None = None
        self.records: set[tuple[str, str]] = set()
        self.remember: list[tuple[str, str, str, bool, str | None]] = []
        self.files: list[tuple[str, str, str, str]] = []

    def holds(self, keys: Iterable[tuple[str, str]]) -> bool:
        return not self.records.isdisjoint(keys)

    def feed(self, parts: list[bytes], remember: list[tuple[str, str, str, bool, str | None]],
             files: list[tuple[str, str, str, str]]) -> None:
        if any(parts):
            if self.load is None:
                self.load = self.store.stream_load()
            self.load.feed_parts(parts)
        self.records.update((kind, uid) for kind, uid, *_rest in remember)
        self.remember += remember
        self.files += files

    def full(self) -> bool:
        """The load holds enough records to be ended (see ``IngestOptions.stream_records``)."""
        return len(self.remember) >= self.most

    def end_input(self) -> None:
        if self.load is not None:
            self.load.end_input()

    def finish(self) -> None:
        """End the load, then remember its records' checksums (committed). While the load writes
        its last files, which keeps one core busy only, the full-text rows queued so far are
        indexed and committed (that commit took ~4 s at 100k when it came after the load) and
        the checksums are written, uncommitted (BENCHMARKS.md)."""
        side = self.store.sidecar
        load, self.load = self.load, None
        if load is not None:
            load.end_input()
        if build_index(side):
            side.commit()  # the texts' rows were committed with their batches already
        side.remember(self.remember)
        side.remember_files(self.files)
        if load is not None:
            load.close()  # raises if the load failed: the checksums above are then never committed
        side.commit()
        self.records.clear()
        self.remember.clear()
        self.files.clear()

    def abort(self) -> None:
        """After an error: wait for the load to end, remember nothing (the store stays dirty)."""
        if self.load is not None:
            load, self.load = self.load, None
            try:
                load.close()
            except Exception:  # the error being raised is the one to report
                pass


def _start_links(side: Sidecar) -> LinksWork | None:
    from qgraph.links import start_links  # imports numpy: only when needed
    return start_links(side)


def _record_quads(kind: str, rec: Record,
                  enrich: Callable[[QuestionRecord], list[Triple]] | None) -> tuple[bytes, bytes]:
    """The N-Quads of a record's own graphs, and those it states in ``graph/shared``."""
    if kind == "page":
        return b"", b""  # mapped after the batch, against the store (see store/pages.py)
    g = _graph(kind, rec.uid)
    triples, shared = split_shared(_node(kind, rec.uid), map_record(rec))
    lines = [nquad(t, g) for t in triples]
    lines += [nquad(t, g) for t in _provenance(g, rec)]
    if kind == "question" and enrich is not None:
        assert isinstance(rec, QuestionRecord)
        eg = iris.enrich_graph(rec.uid)
        lines += [nquad(t, eg) for t in enrich(rec)]
    return "".join(lines).encode(), "".join(nquad(t, iris.SHARED_GRAPH) for t in shared).encode()


def _new_lines(data: bytes, fed: set[bytes]) -> Iterator[bytes]:
    """The lines of ``data`` not in ``fed`` (added to it)."""
    for line in data.splitlines(keepends=True):
        if line not in fed:
            fed.add(line)
            yield line


def _count(report: IngestReport, kind: str, before: object, answered: bool, assigned: str | None) -> None:
    if before is None:
        report.new += 1
    else:
        report.updated += 1
        if kind == "question":
            if answered and not getattr(before, "answered", False):
                report.answered_since_last += 1
            if assigned and assigned != getattr(before, "assigned", None):
                report.reattributed_since_last += 1
    if kind == "question":
        report.questions += 1
    elif kind == "page":
        report.pages += 1
    else:
        report.amo += 1


def _refresh_pages(store: GraphStore, enrich: Callable[[QuestionRecord], list[Triple]] | None) -> None:
    refresh_pages(store)
    if enrich is None:
        return
    from qgraph.records.codec import question_from_json
    for uid in sorted(store.sidecar.page_uids()):
        if store.sidecar.has_record("question", uid):
            continue  # the official record's text is the one enriched
        text = store.sidecar.page(uid)
        if text is None:
            continue
        rec = question_from_json(text)
        eg = iris.enrich_graph(uid)
        store.drop_graphs([eg])
        store.load_nquads("".join(nquad(t, eg) for t in enrich(rec)).encode())


def ingest(store: GraphStore, paths: Iterable[str | Path], opts: IngestOptions = IngestOptions(),
           on_error: Callable[[str], None] | None = None,
           on_progress: Callable[[int], None] | None = None) -> IngestReport:
    """Read ``paths`` (files, folders, zips, ``-`` for stdin) and load them into ``store``."""
    side = store.sidecar
    started = datetime.now(UTC).isoformat(timespec="seconds")
    log_id = side.start_ingest(started, __version__)
    fingerprint = reader_fingerprint()
    if side.get_state("reader") != fingerprint:  # the readers changed: read every file again
        side.forget_files()
        side.set_state("reader", fingerprint)
        side.commit()
    ctx = Context(str(side.path), opts.enrich, opts.ner, opts.uid_hint)
    # Half a batch ahead: the workers go on while a batch is indexed. A whole batch added ~160 MB
    # to the peak (~27 kB a record in flight; BENCHMARKS.md).
    items = prepared_items([str(p) for p in paths], ctx, side.db, opts.workers, ahead=opts.batch_size // 2)
    report = ingest_records(store, items, opts, on_error, on_progress)
    store.sidecar.end_ingest(log_id, datetime.now(UTC).isoformat(timespec="seconds"), report.to_json())
    return report

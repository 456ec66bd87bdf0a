"""The qgraph store: an on-disk Oxigraph database plus its SQLite sidecar, in one folder.

Layout of a store folder::

    {store}/oxigraph/      the RocksDB files of Oxigraph (``oxigraph serve --location`` this)
    {store}/qgraph.sqlite  checksums, page records, ingest log, full-text index
    {store}/qgraph.lock    held (flock) while the store is open: shared by readers, exclusive
                           by the one writer; a read-only Oxigraph beside a writer is undefined
                           behaviour in the engine, so each side refuses the other

Default location: ``./qgraph-store``, or ``$QGRAPH_STORE``, or ``--store``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from qgraph import __version__
from qgraph.errors import StoreError
from qgraph.rdf import iris
from qgraph.rdf.nt import integer, lit, nquad
from qgraph.rdf.vocab import QG, RDF
from qgraph.store.sidecar import Sidecar
from qgraph.store.streamload import StreamLoad

STORE_FORMAT = 3  # 2: node facts of question records in graph/shared, not in each question graph
# 3: deadlines and delays of each question (rdf.delays)
ONTOLOGY_VERSION = "0.2.0"
DEFAULT_STORE = "qgraph-store"
STORE_INFO = "<https://w3id.org/qgraph/id/store>"


def default_store_path() -> Path:
    return Path(os.environ.get("QGRAPH_STORE") or DEFAULT_STORE)


def _in_use_error(path: Path) -> StoreError:
    return StoreError(f"the store {path} is in use by another qgraph process or server; "
                      "wait for it to finish or stop it")


def lock_store(path: Path, read_only: bool) -> IO[bytes] | None:
    """Take ``{path}/qgraph.lock`` (shared for a reader, exclusive for a writer) or raise the
    in-use StoreError. The lock lasts until the returned file is closed (or the process dies)."""
    try:
        import fcntl
    except ImportError:  # not POSIX: RocksDB's own lock still keeps writers apart
        return None
    lock = path / "qgraph.lock"
    try:
        fh: IO[bytes] = open(lock, "a+b")
    except OSError:
        try:
            fh = open(lock, "rb")  # a read-only folder: lock the file if it is there
        except OSError:
            return None
    try:
        fcntl.flock(fh, (fcntl.LOCK_SH if read_only else fcntl.LOCK_EX) | fcntl.LOCK_NB)
    except OSError:
        fh.close()
        raise _in_use_error(path) from None
    return fh


def _in_use(err: OSError) -> bool:
    text = str(err).lower()
    return "lock" in text and ("temporarily unavailable" in text or "resource busy" in text
                               or "no locks available" in text or "lock hold" in text)


class GraphStore:
    """An open store. Use :func:`open_store`; close it (or use it as a context manager)."""

    def __init__(self, path: Path, read_only: bool = False, create: bool = True) -> None:
        self.path = path
        self.read_only = read_only
        db = path / "oxigraph"
        if (read_only or not create) and not db.is_dir():
            raise StoreError(f"no qgraph store at {path} (run 'qgraph ingest' first, or pass --store)")
        if not read_only:
            db.mkdir(parents=True, exist_ok=True)
        self._lock = lock_store(path, read_only)
        try:
            self.ox = ox.Store.read_only(str(db)) if read_only else ox.Store(str(db))
        except OSError as err:
            self._unlock()
            if _in_use(err):
                raise _in_use_error(path) from None
            raise StoreError(f"cannot open the store {path}: {str(err).splitlines()[0]}") from None
        try:
            self.sidecar = Sidecar(path / "qgraph.sqlite", read_only=read_only)
            self._check_format(write=not read_only)
        except BaseException:
            del self.ox
            self._unlock()
            raise

    # lifecycle -----------------------------------------------------------------
    def close(self) -> None:
        self.sidecar.close()
        if not self.read_only:
            self.ox.flush()
        del self.ox
        self._unlock()

    def _unlock(self) -> None:
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _check_format(self, write: bool) -> None:
        found = [s["f"].value for s in self.select(
            f"SELECT ?f WHERE {{ GRAPH {iris.META_GRAPH} {{ {STORE_INFO} {QG.storeFormat} ?f }} }}",
            union=False)]
        if found and found[0] != str(STORE_FORMAT):
            raise StoreError(f"the store {self.path} has format {found[0]} and this qgraph "
                             f"({__version__}) reads format {STORE_FORMAT}; re-ingest into a new store")
        if not found and write:
            g = iris.META_GRAPH
            quads = [(STORE_INFO, RDF.type, QG.StoreInfo), (STORE_INFO, QG.storeFormat, lit(str(STORE_FORMAT))),
                     (STORE_INFO, QG.ontologyVersion, lit(ONTOLOGY_VERSION))]
            self.load_nquads("".join(nquad(t, g) for t in quads).encode())
        if write:
            self.set_version()

    def set_version(self) -> None:
        self.ox.update(
            f"DELETE {{ GRAPH {iris.META_GRAPH} {{ {STORE_INFO} {QG.qgraphVersion} ?v }} }} "
            f"INSERT {{ GRAPH {iris.META_GRAPH} {{ {STORE_INFO} {QG.qgraphVersion} {lit(__version__)} }} }} "
            f"WHERE {{ OPTIONAL {{ GRAPH {iris.META_GRAPH} {{ {STORE_INFO} {QG.qgraphVersion} ?v }} }} }}")

    # writing -------------------------------------------------------------------
    def load_nquads(self, data: bytes) -> None:
        """Bulk-load N-Quads (the fast path: no transaction, see ingest for crash safety)."""
        if data:
            self.ox.bulk_load(input=data, format=ox.RdfFormat.N_QUADS)

    def stream_load(self) -> StreamLoad:
        """A bulk load fed batch after batch (see ``streamload``); close it to finish."""
        return StreamLoad(self.ox)

    def drop_graphs(self, graphs: Iterable[str]) -> None:
        """Remove named graphs given as serialised IRIs (``<...>``)."""
        for g in graphs:
            node = ox.NamedNode(g[1:-1])
            if self.ox.contains_named_graph(node):
                self.ox.remove_graph(node)

    # reading -------------------------------------------------------------------
    def query(self, sparql: str, substitutions: dict[str, ox.NamedNode | ox.Literal] | None = None,
              union: bool = True) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Any SPARQL query over the union of the named graphs (``union=False``: the default
        graph only, so patterns must name their graphs). Values in ``substitutions`` are bound
        as RDF terms to projected variables."""
        subs: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
            ox.Variable(k): v for k, v in (substitutions or {}).items()}
        return self.ox.query(sparql, use_default_graph_as_union=union, substitutions=subs or None)

    def select(self, sparql: str, substitutions: dict[str, ox.NamedNode | ox.Literal] | None = None,
               union: bool = True) -> ox.QuerySolutions:
        """A SELECT query (see ``query``)."""
        result = self.query(sparql, substitutions, union)
        if not isinstance(result, ox.QuerySolutions):
            raise TypeError("select() takes a SELECT query")
        return result

    def prune_shared(self) -> int:
        """Remove from ``graph/shared`` the nodes no other graph refers to any more (a deputy
        whose only question was re-attributed, a rubric renamed); returns how many."""
        shared = iris.SHARED_GRAPH
        orphans = [s["s"] for s in self.select(
            f"SELECT DISTINCT ?s WHERE {{ GRAPH {shared} {{ ?s ?p ?o }} "
            f"FILTER NOT EXISTS {{ GRAPH ?g {{ ?x ?y ?s }} FILTER(?g != {shared}) }} }}", union=False)]
        graph = ox.NamedNode(shared[1:-1])
        for node in orphans:
            for quad in list(self.ox.quads_for_pattern(node, None, None, graph)):
                self.ox.remove(quad)
        return len(orphans)

    def graph_exists(self, graph: str) -> bool:
        return bool(self.ox.contains_named_graph(ox.NamedNode(graph[1:-1])))

    def triple_count(self) -> int:
        row = next(iter(self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", union=False)))
        return int(row["n"].value)

    def quads(self) -> Iterator[ox.Quad]:
        return iter(self.ox)


@contextmanager
def open_store(path: str | Path | None = None, *, read_only: bool = False,
               create: bool = True) -> Iterator[GraphStore]:
    """The store at ``path``, made there if missing unless ``create`` is false (or read-only)."""
    store = GraphStore(Path(path) if path else default_store_path(), read_only=read_only, create=create)
    try:
        yield store
    finally:
        store.close()


__all__ = ["GraphStore", "open_store", "default_store_path", "integer"]

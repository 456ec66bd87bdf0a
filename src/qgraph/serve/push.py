"""``qgraph push``: send the store's named graphs to a SPARQL 1.1 store with the Graph Store HTTP
Protocol, one ``PUT {graph-store}?graph={iri}`` of N-Triples per named graph (a question, an AMO
record, a page, an enrichment…), and ``DELETE`` for graphs that left the store.

Only what changed since the last push to the same endpoint goes out: the checksum of each graph
(SHA-256 of its sorted N-Triples) is kept per endpoint in the sidecar table ``push_state``, and
written only once the server has accepted the graph. A push is therefore idempotent and can be
interrupted and re-run. Connection errors, 429 and 5xx are retried with a bounded backoff.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import socket
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, urlsplit

import pyoxigraph as ox

from qgraph.errors import QGraphError, UsageError
from qgraph.store.graphstore import GraphStore

SCHEMA = """
CREATE TABLE IF NOT EXISTS push_state (
    endpoint TEXT NOT NULL,      -- the SPARQL endpoint URL pushed to
    graph TEXT NOT NULL,         -- named graph IRI (without <>)
    checksum TEXT NOT NULL,      -- sha256 of the graph's sorted N-Triples
    pushed TEXT NOT NULL,        -- UTC time of the accepted PUT
    PRIMARY KEY (endpoint, graph)
) WITHOUT ROWID;
"""
RETRY_STATUS = {429, 500, 502, 503, 504}


class PushError(QGraphError):
    """The target cannot be reached or refuses the push as a whole."""


@dataclass(frozen=True)
class PushTarget:
    """Where to push. ``graph_store`` defaults to the endpoint's ``/store`` sibling (Oxigraph's
    layout: ``…/query`` or ``…/sparql`` → ``…/store``)."""

    endpoint: str
    graph_store: str | None = None
    auth: str | None = None        # "user:password" (HTTP Basic)
    token: str | None = None       # bearer token
    retries: int = 4
    backoff: float = 0.5
    workers: int = 4
    timeout: float = 60.0

    def check(self) -> None:
        for url in (self.endpoint, self.graph_store):
            if url is not None and urlsplit(url).scheme not in ("http", "https"):
                raise UsageError(f"expected an http(s) URL, got {url!r}")
        if self.auth and self.token:
            raise UsageError("give --auth or --token, not both")
        if self.auth is not None and ":" not in self.auth:
            raise UsageError("--auth expects user:password")

    @property
    def key(self) -> str:
        return self.endpoint.rstrip("/")

    @property
    def store_url(self) -> str:
        if self.graph_store:
            return self.graph_store
        base = self.endpoint.rstrip("/")
        for suffix in ("/query", "/sparql"):
            if base.endswith(suffix):
                return base[: -len(suffix)] + "/store"
        return base + "/store"

    def headers(self) -> dict[str, str]:
        if self.auth:
            return {"Authorization": "Basic " + base64.b64encode(self.auth.encode()).decode()}
        if self.token:
            return {"Authorization": f"Bearer {self.token}"}
        return {}


@dataclass
class PushReport:
    sent: int = 0
    unchanged: int = 0
    deleted: int = 0
    failed: int = 0
    triples_sent: int = 0
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{self.sent} sent ({self.triples_sent} triples), {self.unchanged} unchanged, "
                f"{self.deleted} deleted, {self.failed} failed")


def graph_ntriples(store: GraphStore, graph: ox.NamedNode) -> tuple[bytes, int]:
    """The graph as sorted N-Triples (a canonical form for checksums) and its triple count."""
    lines = sorted(f"{q.triple} .\n" for q in store.ox.quads_for_pattern(None, None, None, graph))
    return "".join(lines).encode("utf-8"), len(lines)


class PushState:
    """The ``push_state`` table of the store's sidecar (its own connection: the store itself is
    opened read-only, so a push can run beside ``qgraph serve``)."""

    def __init__(self, sidecar: Path, endpoint: str) -> None:
        self.db = sqlite3.connect(sidecar, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.executescript(SCHEMA)
        self.endpoint = endpoint
        self._lock = threading.Lock()

    def known(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT graph, checksum FROM push_state WHERE endpoint = ?",
                                    [self.endpoint]))

    def pushed(self, graph: str, checksum: str) -> None:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self._lock:
            self.db.execute("INSERT OR REPLACE INTO push_state VALUES (?, ?, ?, ?)",
                            [self.endpoint, graph, checksum, now])

    def forget(self, graph: str) -> None:
        with self._lock:
            self.db.execute("DELETE FROM push_state WHERE endpoint = ? AND graph = ?",
                            [self.endpoint, graph])

    def reset(self) -> None:
        self.db.execute("DELETE FROM push_state WHERE endpoint = ?", [self.endpoint])

    def commit(self) -> None:
        with self._lock:
            self.db.commit()

    def close(self) -> None:
        self.db.commit()
        self.db.close()


class GraphStoreClient:
    """Graph Store HTTP Protocol calls with retries; one keep-alive connection per thread."""

    def __init__(self, target: PushTarget) -> None:
        self.target = target
        url = urlsplit(target.store_url)
        self.https = url.scheme == "https"
        self.host = url.hostname or "localhost"
        self.port = url.port or (443 if self.https else 80)
        self.path = url.path or "/"
        self.query = url.query
        self._local = threading.local()

    def _conn(self) -> http.client.HTTPConnection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            cls = http.client.HTTPSConnection if self.https else http.client.HTTPConnection
            conn = cls(self.host, self.port, timeout=self.target.timeout)
            self._local.conn = conn
        return conn

    def _drop_conn(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    def graph_url(self, graph: str) -> str:
        sep = "&" if self.query else ""
        return f"{self.path}?{self.query}{sep}graph={quote(graph, safe='')}"

    def check_reachable(self) -> None:
        # Two tries only: a refused connection before anything was sent is most often a wrong URL.
        last: OSError | None = None
        for attempt in range(2):
            try:
                socket.create_connection((self.host, self.port), timeout=10).close()
                return
            except OSError as err:
                last = err
                if attempt == 0:
                    time.sleep(self.target.backoff)
        reason = getattr(last, "strerror", None) or str(last)
        raise PushError(f"cannot reach {self.target.store_url}: {reason}")

    def call(self, method: str, graph: str, body: bytes | None = None) -> int:
        """The final HTTP status (after retries). Raises ``OSError`` if the server stays
        unreachable."""
        headers = {**self.target.headers()}
        if body is not None:
            headers["Content-Type"] = "application/n-triples"
        last_error: OSError | None = None
        status = 0
        for attempt in range(self.target.retries + 1):
            if attempt:
                time.sleep(min(8.0, self.target.backoff * 2 ** (attempt - 1)))
            try:
                conn = self._conn()
                conn.request(method, self.graph_url(graph), body=body, headers=headers)
                resp = conn.getresponse()
                resp.read()
                status = resp.status
                if resp.getheader("Connection", "").lower() == "close":
                    self._drop_conn()
                if status not in RETRY_STATUS:
                    return status
            except (OSError, http.client.HTTPException) as err:
                self._drop_conn()
                last_error = err if isinstance(err, OSError) else OSError(str(err))
                status = 0
        if status:
            return status
        assert last_error is not None
        raise last_error


def _graphs(store: GraphStore) -> Iterator[ox.NamedNode]:
    for g in store.ox.named_graphs():
        if isinstance(g, ox.NamedNode):
            yield g


def push_store(store: GraphStore, target: PushTarget, *, force: bool = False,
               on_total: Callable[[int], None] | None = None,
               on_progress: Callable[[int], None] | None = None) -> PushReport:
    """Push every named graph of ``store`` that changed since the last push to ``target``, and
    delete on the target the graphs pushed before that are no longer in the store."""
    target.check()
    client = GraphStoreClient(target)
    client.check_reachable()
    state = PushState(store.path / "qgraph.sqlite", target.key)
    report = PushReport()
    lock = threading.Lock()
    try:
        if force:
            state.reset()
        known = state.known()
        graphs = sorted(_graphs(store), key=lambda g: g.value)
        present = {g.value for g in graphs}
        gone = sorted(set(known) - present)
        if on_total:
            on_total(len(graphs) + len(gone))

        def put(iri: str, body: bytes, checksum: str, count: int) -> None:
            status = client.call("PUT", iri, body)
            with lock:
                if 200 <= status < 300:
                    state.pushed(iri, checksum)
                    report.sent += 1
                    report.triples_sent += count
                else:
                    report.failed += 1
                    report.errors.append(f"PUT {iri}: HTTP {status}")

        def delete(iri: str) -> None:
            status = client.call("DELETE", iri)
            with lock:
                if 200 <= status < 300 or status == 404:
                    state.forget(iri)
                    report.deleted += 1
                else:
                    report.failed += 1
                    report.errors.append(f"DELETE {iri}: HTTP {status}")

        with ThreadPoolExecutor(max_workers=target.workers) as pool:
            pending: list[Future[None]] = []

            def settle(limit: int) -> None:
                while len(pending) > limit:
                    done = pending.pop(0)
                    try:
                        done.result()
                    except OSError as err:
                        for other in pending:
                            other.cancel()
                        raise PushError(f"lost the connection to {target.store_url}: "
                                        f"{err.strerror or err}; run the push again to resume") from None
                    if on_progress:
                        on_progress(1)

            for submitted, g in enumerate(graphs, 1):
                body, count = graph_ntriples(store, g)
                checksum = hashlib.sha256(body).hexdigest()
                if known.get(g.value) == checksum:
                    report.unchanged += 1
                    if on_progress:
                        on_progress(1)
                    continue
                pending.append(pool.submit(put, g.value, body, checksum, count))
                settle(target.workers * 4)  # bounded: graphs are not all held in memory
                if submitted % 500 == 0:
                    state.commit()
            for iri in gone:
                pending.append(pool.submit(delete, iri))
                settle(target.workers * 4)
            settle(0)
    finally:
        state.close()
    return report

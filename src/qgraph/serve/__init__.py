"""Serving the store: ``qgraph serve`` (SPARQL 1.1 Protocol through the oxigraph engine and a small
front proxy) and ``qgraph push`` (the Graph Store HTTP Protocol towards any SPARQL store).

=================  =========================================================================
path               what
=================  =========================================================================
``/``              the YASGUI query editor built into oxigraph (served locally, works offline)
``/query``         SPARQL 1.1 Protocol query endpoint (GET or POST); ``/sparql`` is the same
``/update``        SPARQL UPDATE, only with ``--writable`` (else 403)
``/store``         Graph Store HTTP Protocol: reads always, writes only with ``--writable``
``/queries/``      the named queries (JSON, or an HTML page with forms in a browser)
``/queries/NAME``  runs a named query, parameters as ``?name=value`` (``/queries/NAME.rq``: text)
=================  =========================================================================

The default graph is the union of the named graphs, as for ``qgraph query``.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from qgraph.errors import StoreError, UsageError
from qgraph.serve.engine import Engine, ServeError, find_oxigraph
from qgraph.store.graphstore import lock_store

__all__ = ["ServeOptions", "ServeError", "Server", "find_oxigraph", "run_server"]


@dataclass(frozen=True)
class ServeOptions:
    store: Path
    port: int = 7878
    bind: str = "127.0.0.1"
    writable: bool = False
    cors: str | None = None
    timeout: float | None = 30.0

    def check(self) -> None:
        if not 0 <= self.port <= 65535:
            raise UsageError(f"--port must be between 0 and 65535, got {self.port}")
        if self.timeout is not None and self.timeout <= 0:
            raise UsageError("--timeout must be a positive number of seconds (0 is not allowed)")
        if not self.writable and not (self.store / "oxigraph").is_dir():
            raise StoreError(f"no qgraph store at {self.store} (run 'qgraph ingest' first, or pass --store)")


class Server:
    """The engine and the proxy in front of it. ``start()`` returns once both accept connections."""

    def __init__(self, options: ServeOptions) -> None:
        options.check()
        self.options = options
        self.engine = Engine(options.store, writable=options.writable, timeout=options.timeout)
        self.proxy: object | None = None
        self._thread: threading.Thread | None = None
        self._lock: IO[bytes] | None = None

    @property
    def url(self) -> str:
        host = self.options.bind
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{self.port}/"

    @property
    def port(self) -> int:
        from qgraph.serve.proxy import ProxyServer

        assert isinstance(self.proxy, ProxyServer)
        return int(self.proxy.server_address[1])

    def start(self) -> None:
        from qgraph.serve.proxy import ProxyServer

        # qgraph's own store lock (shared when read-only, exclusive when writable), held while
        # serving: an ingest then says the store is in use instead of racing the engine.
        if self.options.writable:
            self.options.store.mkdir(parents=True, exist_ok=True)
        self._lock = lock_store(self.options.store, read_only=not self.options.writable)
        try:
            self.engine.start()
        except BaseException:
            self._release()
            raise
        try:
            self.proxy = ProxyServer((self.options.bind, self.options.port), self.engine,
                                     writable=self.options.writable, cors=self.options.cors,
                                     timeout=self.options.timeout)
        except OSError as err:
            self.engine.stop()
            self._release()
            raise ServeError(f"cannot listen on {self.options.bind}:{self.options.port}: "
                             f"{err.strerror or err}") from None
        self._thread = threading.Thread(target=self.proxy.serve_forever, name="qgraph-serve",
                                        daemon=True)
        self._thread.start()

    def stop(self) -> None:
        from qgraph.serve.proxy import ProxyServer

        if isinstance(self.proxy, ProxyServer):
            self.proxy.shutdown()
            self.proxy.server_close()
        self.engine.stop()
        self._release()

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    def engine_alive(self) -> bool:
        return self.engine.proc is not None and self.engine.proc.poll() is None


def run_server(options: ServeOptions, on_ready: Callable[[Server], None] | None = None) -> int:
    """Serve until SIGINT or SIGTERM, then stop the proxy and the engine. Returns the number of
    engine restarts (after timed-out queries or an engine crash)."""
    server = Server(options)
    stop = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        server.start()
        if on_ready:
            on_ready(server)
        while not stop.wait(1.0):
            if not server.engine_alive():  # crashed or killed from outside: bring it back
                server.engine.restart(server.engine.port)
    finally:
        server.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return server.engine.restarts

"""The SPARQL engine behind ``qgraph serve``: the ``oxigraph`` server binary (same version as
pyoxigraph, so it reads the store's on-disk format), run as a child process on a private
127.0.0.1 port. The qgraph process never opens the store itself while it runs."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from qgraph.errors import QGraphError, StoreError


class ServeError(QGraphError):
    """The server cannot start (binary missing, port taken, engine failing)."""


def find_oxigraph() -> str:
    """The ``oxigraph`` server binary: on PATH, or next to this Python (a venv's ``bin/``)."""
    found = shutil.which("oxigraph")
    if found:
        return found
    beside = Path(sys.executable).parent / ("oxigraph.exe" if os.name == "nt" else "oxigraph")
    if beside.is_file():
        return str(beside)
    raise ServeError("the 'oxigraph' server binary is not installed (pip install oxigraph==0.5.13)")


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def wait_for_port(host: str, port: int, deadline: float,
                  alive: Callable[[], bool] = lambda: True) -> bool:
    while time.monotonic() < deadline:
        if not alive():
            return False
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.05)
    return False


class Engine:
    """One ``oxigraph serve[-read-only]`` child process; :meth:`restart` replaces it."""

    def __init__(self, store: Path, *, writable: bool, timeout: float | None) -> None:
        self.store = store
        self.writable = writable
        self.timeout = timeout
        self.binary = find_oxigraph()
        self.port = 0
        self.proc: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()
        self.restarts = 0

    def command(self, port: int) -> list[str]:
        cmd = [self.binary, "serve" if self.writable else "serve-read-only",
               "--location", str(self.store / "oxigraph"), "--bind", f"127.0.0.1:{port}",
               "--union-default-graph"]
        if self.timeout:
            cmd += ["--timeout-s", str(max(1, round(self.timeout)))]
        return cmd

    def start(self) -> None:
        port = free_port()
        log = tempfile.TemporaryFile()
        # Its own process group: a Ctrl-C in the terminal reaches qgraph, which stops it in order.
        proc = subprocess.Popen(self.command(port), stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                start_new_session=True)
        ready = wait_for_port("127.0.0.1", port, time.monotonic() + 30, lambda: proc.poll() is None)
        if not ready:
            self._kill(proc)
            log.seek(0)
            text = log.read().decode("utf-8", "replace").strip()
            raise self._start_error(text)
        log.close()
        self.proc, self.port = proc, port

    def _start_error(self, text: str) -> QGraphError:
        lowered = text.lower()
        if "lock" in lowered:
            return StoreError(f"the store {self.store} is in use by another qgraph process or server; "
                              "wait for it to finish or stop it")
        first = next((line for line in text.splitlines() if line.strip()), "no output")
        return ServeError(f"the SPARQL engine did not start on {self.store}: {first}")

    def restart(self, seen_port: int) -> None:
        """Replace the engine (a query it cannot cancel outlived the timeout). Only the first of
        several requests that saw the same engine time out restarts it."""
        with self._lock:
            if self.port != seen_port:
                return
            old = self.proc
            self.start()
            self.restarts += 1
            if old is not None:
                self._kill(old)

    def stop(self) -> None:
        with self._lock:
            if self.proc is not None:
                self._kill(self.proc)
                self.proc = None

    @staticmethod
    def _kill(proc: subprocess.Popen[bytes]) -> None:
        if proc.poll() is not None:
            return
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

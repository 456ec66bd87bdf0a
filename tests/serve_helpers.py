"""Helpers of the server tests: free ports, starting and stopping real servers on 127.0.0.1,
plain-HTTP SPARQL calls and result sets comparable across engines."""

from __future__ import annotations

import json
import shlex
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

JSON = "application/sparql-results+json"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_port(port: int, proc: subprocess.Popen[bytes] | None = None, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            err = proc.stderr.read().decode() if proc.stderr else ""
            raise RuntimeError(f"server exited with {proc.returncode}: {err}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")


def start_qgraph_serve(store: Path, *args: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "qgraph.cli", "serve", "--store", str(store),
                             "--port", str(port), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wait_port(port, proc)
    return proc, f"http://127.0.0.1:{port}"


def start_oxigraph(location: Path, *args: str) -> tuple[subprocess.Popen[bytes], str]:
    from qgraph.serve import find_oxigraph

    port = free_port()
    proc = subprocess.Popen([find_oxigraph(), "serve", "--location", str(location),
                             "--bind", f"127.0.0.1:{port}", *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wait_port(port, proc)
    return proc, f"http://127.0.0.1:{port}"


def stop(proc: subprocess.Popen[bytes]) -> int:
    proc.terminate()
    try:
        return proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        raise


def http(method: str, url: str, data: bytes | None = None, headers: dict[str, str] | None = None,
         timeout: float = 60) -> tuple[int, Any, bytes]:
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def sparql(endpoint: str, query: str) -> list[dict[str, Any]]:
    status, _, body = http("POST", endpoint, urlencode({"query": query}).encode(),
                           {"Accept": JSON, "Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200, body
    return json.loads(body)["results"]["bindings"]


def rows(doc: dict[str, Any]) -> list[tuple[tuple[str, str, str, str, str], ...]]:
    """A SPARQL JSON result as a sorted list of rows, comparable whatever the engine's order."""
    out = []
    for b in doc["results"]["bindings"]:
        out.append(tuple(sorted((v, t["type"], t["value"], t.get("datatype", ""), t.get("xml:lang", ""))
                                for v, t in b.items())))
    return sorted(out)


def example_params(example: str) -> dict[str, str]:
    """The ``--param NAME=VALUE`` pairs of a named query's ``# example:`` line."""
    words = shlex.split(example)
    params = {}
    for i, word in enumerate(words):
        if word in ("--param", "-p") and i + 1 < len(words):
            key, value = words[i + 1].split("=", 1)
            params[key] = value
    return params

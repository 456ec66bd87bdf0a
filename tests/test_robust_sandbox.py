"""An ingest (with enrichment) and a query write nothing outside the store folder and never touch
the network: run in a real process whose sockets refuse to connect, with HOME, TMPDIR and the
working directory inside tmp_path, and compare every file under tmp_path before and after."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from robust_data import uid, write_question, write_zip

# qgraph's own CLI, in a process where any network use is reported and refused
NO_NETWORK = """
import socket, sys
def refuse(*args, **kwargs):
    sys.stderr.write("NETWORK USED\\n")
    raise OSError("network is not allowed in this test")
socket.socket.connect = socket.socket.connect_ex = refuse
socket.create_connection = socket.getaddrinfo = refuse
from qgraph.cli import main
sys.argv[0] = "qgraph"
main()
"""


def _files(root: Path, skip: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): p.stat().st_size for p in root.rglob("*")
            if p.is_file() and skip not in p.parents}


def test_ingest_and_query_stay_inside_the_store_and_offline(tmp_path: Path) -> None:
    work, home, tmp = tmp_path / "work", tmp_path / "home", tmp_path / "tmp"
    for d in (work, home, tmp):
        d.mkdir()
    inputs = [write_question(work / "q1.json", 1, text="M. X interroge le ministre sur Microsoft Azure et le "
                                                       "Health Data Hub, et la souveraineté numérique."),
              write_zip(work / "dump.zip", range(2, 6))]
    store = tmp_path / "store"
    before = _files(tmp_path, store)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "HF_", "SPACY"))}
    env.update(HOME=str(home), TMPDIR=str(tmp), PYTHONDONTWRITEBYTECODE="1")

    def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-c", NO_NETWORK, *map(str, args)], cwd=work, env=env,
                              capture_output=True, text=True, timeout=180)

    ingested = run("ingest", "-q", *inputs, "--store", store)
    assert ingested.returncode == 0, ingested.stderr
    card = run("query", "question-card", "--param", f"uid={uid(1)}", "--format", "json", "--store", store)
    assert card.returncode == 0, card.stderr
    assert json.loads(card.stdout)["results"]["bindings"][0]["uid"]["value"] == uid(1)
    assert "NETWORK USED" not in ingested.stderr + card.stderr
    assert _files(tmp_path, store) == before
    assert {"oxigraph", "qgraph.sqlite"} <= {p.name for p in store.iterdir()}
    assert all(p.name in ("oxigraph", "qgraph.lock") or p.name.startswith("qgraph.sqlite") for p in store.iterdir())

"""Two processes on one store. The engine allows one writer and, beside it, no safe reader
(pyoxigraph documents a read-only store opened beside a writer as undefined behaviour), so
qgraph holds ``{store}/qgraph.lock``: shared by readers, exclusive by a writer. Whoever comes
second against a writer, or writes beside a reader, gets one clear line and exit status 1;
readers work beside readers."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from qgraph.cli import main
from qgraph.store import open_store
from robust_data import popen_qgraph, qgraph, question, question_uids, uid, write_question


def in_use(store: Path) -> str:
    return (f"Error: the store {store} is in use by another qgraph process or server; "
            "wait for it to finish or stop it\n")


def _held_exclusively(store: Path) -> bool:
    with open(store / "qgraph.lock", "rb") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError:
            return True
        return False


def _wait(condition: object, what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


@pytest.fixture()
def store(tmp_path: Path) -> Path:
    path = tmp_path / "store"
    res = CliRunner().invoke(main, ["ingest", "-q", "--no-enrich", str(write_question(tmp_path / "q1.json", 1)),
                                    "--store", str(path)])
    assert res.exit_code == 0, res.stderr
    return path


@pytest.fixture()
def writer(store: Path) -> Iterator[subprocess.Popen[str]]:
    """A real ``qgraph ingest -`` holding the store while it waits for its input on stdin."""
    proc = popen_qgraph("ingest", "-q", "--no-enrich", "-", "--store", store, stdin=subprocess.PIPE,
                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        _wait(lambda: _held_exclusively(store) or proc.poll() is not None, "the writer to open the store")
        assert proc.poll() is None, proc.communicate()
        yield proc
    finally:
        proc.kill()
        proc.wait()


def test_second_writer_and_readers_beside_a_writer_get_a_clear_message(
        store: Path, writer: subprocess.Popen[str], tmp_path: Path) -> None:
    second = qgraph("ingest", "-q", "--no-enrich", write_question(tmp_path / "q2.json", 2), "--store", store)
    assert (second.returncode, second.stderr) == (1, in_use(store))
    for command in (["query", "question-card", "--param", f"uid={uid(1)}"], ["stats"]):
        reader = qgraph(*command, "--store", store)
        assert (reader.returncode, reader.stdout, reader.stderr) == (1, "", in_use(store)), command

    out, err = writer.communicate(json.dumps(question(3)), timeout=60)
    assert writer.returncode == 0, err
    assert question_uids(store) == [uid(1), uid(3)]  # the refused writer left nothing


def test_a_writer_beside_the_oxigraph_server_gets_the_same_message(store: Path) -> None:
    """Not through qgraph.lock: RocksDB's own lock, held by ``oxigraph serve``, is reported the same way."""
    binary = shutil.which("oxigraph", path=os.path.dirname(sys.executable)) or shutil.which("oxigraph")
    if binary is None:
        pytest.skip("the oxigraph server binary is not installed")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([binary, "serve", "--location", str(store / "oxigraph"), "--bind", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        def listening() -> bool:
            assert server.poll() is None
            with socket.socket() as c:
                return c.connect_ex(("127.0.0.1", port)) == 0
        _wait(listening, "the oxigraph server")
        res = CliRunner().invoke(main, ["ingest", "-q", "--no-enrich", "-", "--store", str(store)], input="{}")
        assert (res.exit_code, res.stderr) == (1, in_use(store))
    finally:
        server.kill()
        server.wait()


READER = "import sys\nfrom qgraph.store import open_store\nwith open_store(sys.argv[1], read_only=True):\n" \
         "    print('open', flush=True)\n    sys.stdin.read()\n"


def test_readers_work_beside_a_reader_and_a_writer_is_refused(store: Path, tmp_path: Path) -> None:
    reader = subprocess.Popen([sys.executable, "-c", READER, str(store)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert reader.stdout is not None and reader.stdout.readline() == "open\n"
        card = qgraph("query", "question-card", "--param", f"uid={uid(1)}", "--format", "json", "--store", store)
        assert card.returncode == 0, card.stderr
        assert json.loads(card.stdout)["results"]["bindings"][0]["number"]["value"] == "1"
        stats = qgraph("stats", "--format", "json", "--store", store)
        assert stats.returncode == 0 and json.loads(stats.stdout)["questions"] == 1
        with open_store(store, read_only=True) as mine:  # and in this process too
            assert mine.triple_count() > 0
        refused = qgraph("ingest", "-q", "--no-enrich", write_question(tmp_path / "q2.json", 2), "--store", store)
        assert (refused.returncode, refused.stderr) == (1, in_use(store))
    finally:
        reader.communicate("", timeout=30)
    again = qgraph("ingest", "-q", "--no-enrich", tmp_path / "q2.json", "--store", store)
    assert again.returncode == 0, again.stderr
    assert question_uids(store) == [uid(1), uid(2)]


def test_the_lock_dies_with_its_process(store: Path) -> None:
    """A killed writer leaves no stale lock: the kernel drops a flock with its process."""
    proc = popen_qgraph("ingest", "-q", "--no-enrich", "-", "--store", store, stdin=subprocess.PIPE,
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait(lambda: _held_exclusively(store), "the writer to open the store")
    finally:
        proc.kill()
        proc.wait()
    assert not _held_exclusively(store)
    with open_store(store) as s:
        assert s.triple_count() > 0

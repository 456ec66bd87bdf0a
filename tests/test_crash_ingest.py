"""Crash safety, for real: an ingest process killed with SIGKILL after some batches were loaded
leaves a store that opens, passes ``qgraph validate``, and a re-run of the same ingest ends
with every question exactly once (none lost, none doubled, no half-loaded graph left)."""

from __future__ import annotations

import signal
import sqlite3
import sys
import time
from pathlib import Path

import pytest

from robust_data import popen_qgraph, qgraph, question_graphs, question_uids, select, uid, write_zip

N = 1200
BATCH = "50"
STREAM = "100"  # records per bulk load: checksums are written after each

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


def _loaded(store: Path) -> int:
    """Questions the sidecar says are fully loaded (0 while the store is being created)."""
    db = store / "qgraph.sqlite"
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as con:
            return int(con.execute("SELECT count(*) FROM records WHERE kind = 'question'").fetchone()[0])
    except sqlite3.Error:
        return 0


def test_sigkill_in_the_middle_of_an_ingest(tmp_path: Path) -> None:
    dump = write_zip(tmp_path / "questions.zip", range(1, N + 1))
    store = tmp_path / "store"
    env = {"QGRAPH_BATCH_SIZE": BATCH, "QGRAPH_STREAM_RECORDS": STREAM}
    proc = popen_qgraph("ingest", "-q", "--no-enrich", dump, "--store", store, env=env)
    deadline = time.monotonic() + 90
    try:
        while _loaded(store) < 3 * int(BATCH):
            assert proc.poll() is None, "the ingest ended before it could be killed"
            assert time.monotonic() < deadline, "no batch was loaded in 90 s"
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    at_kill = _loaded(store)
    assert 3 * int(BATCH) <= at_kill < N

    checked = qgraph("validate", "--store", store)
    assert checked.returncode == 0, checked.stdout[-2000:] + checked.stderr
    assert len(question_uids(store)) >= at_kill  # what the sidecar counts as loaded is there

    again = qgraph("ingest", "-q", "--no-enrich", dump, "--store", store, env=env)
    assert again.returncode == 0, again.stderr
    assert f"{N - at_kill} new, 0 updated, {at_kill} unchanged, 0 failed" in again.stderr

    expected = sorted(uid(n) for n in range(1, N + 1))
    assert question_uids(store) == expected
    assert question_graphs(store) == expected
    twice = select(store, """SELECT ?q WHERE {
        { ?q a qg:Question ; qg:uid ?a , ?b FILTER(?a != ?b) } UNION
        { ?q a qg:Question ; qg:published ?a , ?b FILTER(?a != ?b) } }""")
    assert twice == []
    # every question graph holds the same number of triples (the questions differ only in number)
    sizes = select(store, """SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o }
        FILTER(STRSTARTS(STR(?g), "https://w3id.org/qgraph/graph/question/")) } GROUP BY ?g""")
    assert len(sizes) == N and len({row["n"] for row in sizes}) == 1
    state = select(store, "SELECT (COUNT(*) AS ?n) WHERE { ?q a qg:Question ; qg:number ?x }")
    assert state == [{"n": str(N)}]
    # the full-text index and the re-ask cache hold each question once
    with sqlite3.connect(store / "qgraph.sqlite") as con:
        counts = [con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                  for table in ("fulltext_docs", "fulltext_queue", "link_signatures")]
        # FTS5's check that the index holds exactly the words of those rows (raises otherwise)
        con.execute("INSERT INTO fulltext (fulltext, rank) VALUES ('integrity-check', 1)")
    assert counts == [N, 0, N]

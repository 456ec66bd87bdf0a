"""`qgraph optimize`: the store is compacted and keeps exactly the same quads and search hits."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from qgraph.cli import main
from qgraph.pipeline import IngestOptions, ingest
from qgraph.store import open_store
from qgraph.store.fulltext import search


def snapshot(path: Path) -> tuple[list[str], list[str]]:
    with open_store(path, read_only=True) as store:
        quads = sorted(str(q) for q in store.quads())
        hits = [h.uid for h in search(store.sidecar, "santé", limit=50)]
    return quads, hits


def test_optimize_keeps_the_data(an_fixtures: Path, tmp_path: Path) -> None:
    store_path = tmp_path / "store"
    with open_store(store_path) as store:
        files = sorted(str(f) for f in (an_fixtures / "questions").iterdir())
        for half in (files[::2], files[1::2]):  # two ingests: more table files
            ingest(store, half, IngestOptions(enrich=False, links=False))
    before = snapshot(store_path)
    assert len(before[0]) > 10_000 and before[1]

    result = CliRunner().invoke(main, ["optimize", "--store", str(store_path)])

    assert result.exit_code == 0, result.output
    summary = re.fullmatch(r"qgraph: store compacted in [0-9.]+ s: (\d+) → (\d+) table files, \d+ → \d+ MB\n",
                           result.stderr)
    assert summary and int(summary[2]) <= int(summary[1]), result.stderr
    assert snapshot(store_path) == before


def test_optimize_makes_no_store(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["optimize", "--store", str(tmp_path / "nothing")])
    assert result.exit_code == 1
    assert result.stderr == (f"Error: no qgraph store at {tmp_path / 'nothing'} "
                             "(run 'qgraph ingest' first, or pass --store)\n")
    assert not (tmp_path / "nothing").exists()

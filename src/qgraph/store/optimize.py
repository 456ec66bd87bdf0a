"""Compact a store after a large ingest: faster queries for the same data.

An ingest bulk-loads its quads as new table files and leaves RocksDB's compaction of them for
later, since compacting inside the ingest would cost it about a fifth of its time at 100k
questions. Until compacted, every index lookup searches more files: the named queries of the
100k benchmark store run ~30 % faster after ``qgraph optimize`` (BENCHMARKS.md). The full-text
index's queued rows (left by an interrupted ingest) are indexed and its segments merged into
one as well.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from qgraph.errors import StoreError
from qgraph.store.fulltext import merge_segments
from qgraph.store.graphstore import GraphStore


@dataclass(frozen=True)
class OptimizeReport:
    files_before: int
    files_after: int
    bytes_before: int
    bytes_after: int
    seconds: float

    def summary(self) -> str:
        return (f"store compacted in {self.seconds:.1f} s: {self.files_before} → {self.files_after} table files, "
                f"{self.bytes_before / 1e6:.0f} → {self.bytes_after / 1e6:.0f} MB")


def _tables(folder: Path) -> tuple[int, int]:
    count = size = 0
    for f in folder.glob("*.sst"):
        try:
            size += f.stat().st_size
        except FileNotFoundError:  # removed by a compaction in the meantime
            continue
        count += 1
    return count, size


def optimize_store(store: GraphStore) -> OptimizeReport:
    if store.read_only:
        raise StoreError(f"the store {store.path} is open read-only: it cannot be optimised")
    start = time.perf_counter()
    before = _tables(store.path / "oxigraph")
    store.ox.optimize()
    merge_segments(store.sidecar)
    after = _tables(store.path / "oxigraph")
    return OptimizeReport(before[0], after[0], before[1], after[1], time.perf_counter() - start)

"""The full-text index's cost as an ingest pays it: per batch, or queued and built once.

Texts of a generated corpus go into a new sidecar in batches of 2,000 with a commit each, as the
ingest writes them, two ways, interleaved ``--repeat`` times:

* ``per batch``: each batch's rows are indexed at once (``build_index`` after every batch: the
  ingest before 2026-12-07, when indexing ran in the busy part of the ingest);
* ``queued``: batches only write and queue their rows, and one ``build_index`` indexes them all
  (what the ingest does now, while the bulk load ends).

CPU time of each part (SQLite runs in this thread). Usage::

    python benchmarks/bench_fulltext.py --corpus benchmarks/out/100k/corpus --texts 20000
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

BATCH = 2000


def corpus_texts(corpus: str, count: int, skip: int) -> list:
    """The ``IndexedText`` of the first ``count`` questions of ``corpus`` after ``skip`` units."""
    from qgraph.records import QuestionRecord
    from qgraph.records.text import IndexedText
    from qgraph.sources.units import Unit, UnitReader, iter_units

    reader = UnitReader()
    out = []
    for unit in islice(iter_units([corpus]), skip, None):
        if isinstance(unit, Unit):
            data = reader.read(unit)
            out += [IndexedText.of(r) for r in reader.items(unit, data, None) if isinstance(r, QuestionRecord)]
            if len(out) >= count:
                break
    reader.close()
    return out[:count]


def run(texts: list, folder: Path, per_batch: bool, batch: int = BATCH) -> tuple[float, float]:
    """CPU seconds spent in the batches, and in the final build."""
    from qgraph.store.fulltext import build_index, queue_questions
    from qgraph.store.sidecar import Sidecar

    side = Sidecar(folder / "qgraph.sqlite")
    start = time.process_time()
    for i in range(0, len(texts), batch):
        queue_questions(side, texts[i:i + batch])
        if per_batch:
            build_index(side)
        side.commit()
    batches = time.process_time()
    build_index(side)
    side.commit()
    end = time.process_time()
    side.close()
    return batches - start, end - batches


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", required=True, help="a corpus of generate.py (its corpus/ folder)")
    ap.add_argument("--texts", type=int, default=20000)
    ap.add_argument("--skip", type=int, default=7000, help="units skipped first (the AMO files)")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    texts = corpus_texts(args.corpus, args.texts, args.skip)
    print(f"{len(texts)} texts of {args.corpus}; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
          file=sys.stderr)
    print("| round | per batch: batches | queued: batches | queued: build | queued: total |")
    print("|---|---|---|---|---|")
    for n in range(1, args.repeat + 1):
        with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
            old, _ = run(texts, Path(a), per_batch=True)
            batches, build = run(texts, Path(b), per_batch=False)
        print(f"| {n} | {old:.2f} s | {batches:.2f} s | {build:.2f} s | {batches + build:.2f} s |", flush=True)


if __name__ == "__main__":
    main()

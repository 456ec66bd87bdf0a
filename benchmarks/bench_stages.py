"""What one question costs in a worker of ``qgraph ingest``, stage by stage: CPU time and, under
valgrind, instructions.

    python benchmarks/bench_stages.py --corpus benchmarks/out/100k/corpus [--records 600]
                                      [--skip 7000] [--repeat 5] [--instructions] [--stages a,b]

The questions are the first ``--records`` question files of the corpus after ``--skip`` units
(the corpora of ``generate.py`` start with ~6,900 AMO files). Stages, as a worker runs them
(``qgraph.prepare.Preparer.units``):

- ``read``: the zip member's bytes; ``parse``: bytes → QuestionRecord (JSON, cleaning, HTML);
- ``checksum``: the record's content checksum; ``map``: its N-Quads (``_record_quads``);
- ``enrich``: organisations and themes, and their triples;
- ``fingerprint``: the re-ask fingerprint of its text (cleaning, MinHash, LSH keys);
- ``worker``: all of the above as a worker runs them, in tasks of ``CHUNK`` files;
- ``unpickle``: what the main process pays to receive a worker's results.

CPU time is the best of ``--repeat`` runs; on a shared machine it moves by ±30 % from one
minute to the next. Instruction counts (``--instructions``, needs valgrind) move by a few per
cent at most (the memory allocator's state): each stage runs under ``valgrind --tool=cachegrind``
twice, with and without the measured runs, with a fixed hash seed, and the difference is divided
by the records. They compare two versions of the code on a noisy machine
(``PYTHONPATH=old/src python benchmarks/bench_stages.py …``, then the new one).
"""

from __future__ import annotations

import argparse
import os
import pickle
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import cached_property
from itertools import islice
from pathlib import Path

STAGES = ("read", "parse", "checksum", "map", "enrich", "fingerprint", "worker", "unpickle")


def sample(corpus: str, records: int, skip: int, out: Path) -> int:
    """Write the units and bytes of ``records`` question files of ``corpus`` to ``out``."""
    from qgraph.records import QuestionRecord
    from qgraph.sources.units import Unit, UnitReader, iter_units

    reader = UnitReader()
    kept: list[tuple[Unit, bytes]] = []
    units = (u for u in islice(iter_units([corpus]), skip, None) if isinstance(u, Unit))
    for unit in units:
        data = reader.read(unit)
        if isinstance(data, bytes) and all(isinstance(i, QuestionRecord) for i in reader.items(unit, data, None)):
            kept.append((unit, data))
            if len(kept) == records:
                break
    reader.close()
    out.write_bytes(pickle.dumps(kept))
    return len(kept)


class Stages:
    """Each stage as a function over all the sampled questions; what a stage needs is set up on
    first use, so that a stage counted under valgrind sets up only its own inputs."""

    def __init__(self, samples_path: Path, work: Path) -> None:
        from qgraph.sources.units import UnitReader

        self.samples = pickle.loads(samples_path.read_bytes())
        self.work = work
        self.reader = UnitReader()

    @cached_property
    def records(self) -> list:
        from qgraph.records import QuestionRecord
        return [r for u, d in self.samples for r in self.reader.items(u, d, None) if isinstance(r, QuestionRecord)]

    @cached_property
    def preparer(self):
        from qgraph.prepare import Context, Preparer
        from qgraph.store import open_store
        with open_store(self.work / "store"):
            pass
        return Preparer(Context(str(self.work / "store" / "qgraph.sqlite"), True, False, None))

    @cached_property
    def results(self) -> list[bytes]:
        return [pickle.dumps(chunk, protocol=pickle.HIGHEST_PROTOCOL) for chunk in self.worker()]

    def stage(self, name: str) -> Callable[[], object]:
        from qgraph.links.cache import fingerprints
        from qgraph.pipeline import IngestOptions, _enricher, _record_quads, content_checksum

        if name == "read":
            return lambda: [self.reader.read(u) for u, _d in self.samples]
        if name == "parse":
            return lambda: [self.reader.items(u, d, None) for u, d in self.samples]
        if name == "checksum":
            return lambda: [content_checksum(r) for r in self.records]
        if name == "map":
            return lambda: [_record_quads("question", r, None) for r in self.records]
        if name == "enrich":
            enrich = _enricher(IngestOptions())
            assert enrich is not None
            return lambda: [enrich(r) for r in self.records]
        if name == "fingerprint":
            texts = [(r.uid, r.legislature, r.question_text) for r in self.records if r.question_text]
            return lambda: fingerprints(self.preparer.db, texts)
        if name == "worker":
            return self.worker
        if name == "unpickle":
            results = self.results
            return lambda: [pickle.loads(r) for r in results]
        raise ValueError(name)

    def worker(self) -> list[object]:
        from qgraph.prepare import CHUNK
        units = [u for u, _d in self.samples]
        return [self.preparer.units(units[i:i + CHUNK]) for i in range(0, len(units), CHUNK)]


def cpu_times(stages: Stages, names: list[str], repeat: int, n: int) -> dict[str, float]:
    out = {}
    for name in names:
        fn = stages.stage(name)
        fn()  # warm-up
        best = float("inf")
        for _ in range(repeat):
            start = time.process_time()
            fn()
            best = min(best, time.process_time() - start)
        out[name] = best / n * 1e6
    return out


def instructions(samples_path: Path, name: str, runs: int, n: int) -> float:
    """Instructions per question of one stage: cachegrind's total with ``runs`` measured runs,
    minus that of the set-up alone."""
    def total(k: int) -> int:
        proc = subprocess.run(
            ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
             sys.executable, __file__, "--child", str(samples_path), name, str(k)],
            capture_output=True, text=True, check=True,
            env={**os.environ, "PYTHONHASHSEED": "0"})  # the same set and dict layouts in both runs
        found = re.search(r"I\s+refs:\s+([\d,]+)", proc.stderr)
        assert found, proc.stderr[-2000:]
        return int(found.group(1).replace(",", ""))
    return (total(runs) - total(0)) / (runs * n)


def child(samples_path: Path, name: str, runs: int) -> None:
    with tempfile.TemporaryDirectory() as work:
        fn = Stages(samples_path, Path(work)).stage(name)
        fn()  # warm-up, in both counts
        for _ in range(runs):
            fn()


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        child(Path(sys.argv[2]), sys.argv[3], int(sys.argv[4]))
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", required=True, help="a corpus of generate.py (its corpus/ folder)")
    ap.add_argument("--records", type=int, default=600)
    ap.add_argument("--skip", type=int, default=7000, help="units skipped first (the AMO files)")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--instructions", action="store_true", help="also count instructions (valgrind)")
    ap.add_argument("--stages", default=",".join(STAGES))
    args = ap.parse_args()
    names = [s for s in args.stages.split(",") if s]
    unknown = set(names) - set(STAGES)
    if unknown:
        ap.error(f"unknown stages: {', '.join(sorted(unknown))} (choose from {', '.join(STAGES)})")
    with tempfile.TemporaryDirectory() as work:
        samples_path = Path(work) / "samples.pickle"
        n = sample(args.corpus, args.records, args.skip, samples_path)
        print(f"{n} questions of {args.corpus}; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
              file=sys.stderr)
        cpu = cpu_times(Stages(samples_path, Path(work)), names, args.repeat, n)
        print("| stage | µs per question (best CPU) |" + (" instructions per question |" if args.instructions else ""))
        print("|---|---|" + ("---|" if args.instructions else ""))
        for name in names:
            row = f"| {name} | {cpu[name]:.1f} |"
            if args.instructions:
                row += f" {instructions(samples_path, name, 2, n):,.0f} |"
            print(row, flush=True)


if __name__ == "__main__":
    main()

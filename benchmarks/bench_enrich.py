"""Enrichment speed on one core, questions per second: fast path, reference ("before"), NER.

    python benchmarks/bench_enrich.py [--fixtures DIR] [--corpus PATH ...] [--repeat N]
                                      [--reference] [--ner]

Corpora: ``evaluation`` (tests/data/evaluation: 29 authored questions and 19 AN fixtures, mean
~1,700 characters), ``fixtures`` (every question of the AN fixture folder, mostly QG debates of
~5,000 characters) and, with ``--corpus``, the questions of any files ``qgraph ingest`` reads
(e.g. a corpus from benchmarks/generate.py). Each measure runs the corpus ``--repeat`` times after
a warm-up (which loads the gazetteer and themes, and spaCy for ``--ner``) and reports the best
and the median run (wall clock), and the best run in CPU time, since the machine may be shared:
the load average is printed before and after, and a calibration time to compare machines.

- ``enrich``: ``enrich_question(record, ner=False)``, what ``qgraph ingest`` runs by default;
- ``enrich+rdf``: the same plus ``map_enrichment`` (the triples ingest writes);
- ``reference``: :mod:`qgraph.enrich.reference`, the original algorithm (``--reference``);
- ``ner``: ``enrich_question(record, ner=True)`` (``--ner``; one run, evaluation corpus only).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import orjson

from qgraph.enrich import enrich_question, question_source_text
from qgraph.enrich.evaluate import DEFAULT_DATA, DEFAULT_FIXTURES, fixture_record, load_records
from qgraph.rdf.enrichment import map_enrichment
from qgraph.records.model import QuestionRecord


def machine() -> str:
    model = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        mem = Path("/proc/meminfo").read_text().split("\n", 1)[0].split()[1]
        mem = f"{int(mem) / 2**20:.0f} GiB"
    except OSError:
        mem = "?"
    return (f"{os.cpu_count()} CPUs ({model}), {mem} RAM, Python {platform.python_version()}, "
            f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def corpora(args) -> dict[str, list[QuestionRecord]]:
    gold = orjson.loads((DEFAULT_DATA / "gold.json").read_bytes())["questions"]
    out = {"evaluation": list(load_records(Path(args.fixtures), DEFAULT_DATA, list(gold)).values())}
    folder = Path(args.fixtures) / "questions"
    if folder.is_dir():
        out["fixtures"] = [fixture_record(p) for p in sorted(folder.glob("*.json"))]
    if args.corpus:
        from qgraph.sources import iter_records

        out["corpus"] = [r for r in iter_records(args.corpus) if isinstance(r, QuestionRecord)]
    return out


def measure(records: list[QuestionRecord], run: Callable[[QuestionRecord], object],
            repeat: int) -> tuple[float, float, float]:
    """Best and median questions/s (wall clock) and best questions/s of CPU time (process
    time, which a busy machine inflates less) over ``repeat`` runs."""
    walls, cpus = [], []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        for r in records:
            run(r)
        walls.append(len(records) / (time.perf_counter() - t0))
        cpus.append(len(records) / max(1e-9, time.process_time() - c0))
    return max(walls), statistics.median(walls), max(cpus)


def calibration() -> float:
    """CPU milliseconds for ``sum(range(10**6))`` (best of 5), to compare machines."""
    best = float("inf")
    for _ in range(5):
        c0 = time.process_time()
        sum(range(10**6))
        best = min(best, time.process_time() - c0)
    return best * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixtures", default=str(DEFAULT_FIXTURES))
    parser.add_argument("--corpus", nargs="*", default=[])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--reference", action="store_true", help="also time the original code")
    parser.add_argument("--ner", action="store_true", help="also time NER (slow)")
    args = parser.parse_args()
    print(machine())
    data = corpora(args)
    first = data["evaluation"][0]
    t0 = time.perf_counter()
    enrich_question(first, ner=False)
    print(f"first call (loads and compiles the gazetteer and themes): "
          f"{time.perf_counter() - t0:.2f} s")
    modes: dict[str, Callable[[QuestionRecord], object]] = {
        "enrich": lambda r: enrich_question(r, ner=False),
        "enrich+rdf": lambda r: map_enrichment(r.uid, enrich_question(r, ner=False)),
    }
    if args.reference:
        from qgraph.enrich import reference

        reference.enrich_question(first)
        modes["reference"] = reference.enrich_question
    print(f"calibration: sum(range(10**6)) takes {calibration():.1f} ms of CPU")
    print(f"{'corpus':<11} {'questions':>9} {'chars/q':>8}  {'mode':<11} {'best q/s':>9} "
          f"{'median q/s':>10} {'CPU q/s':>8} {'M chars/s':>9}")
    for name, records in data.items():
        chars = sum(len(question_source_text(r)[0]) for r in records) / max(1, len(records))
        for mode, run in modes.items():
            repeat = args.repeat if mode != "reference" else min(args.repeat, 3)
            best, median, cpu = measure(records, run, repeat)
            print(f"{name:<11} {len(records):>9} {chars:>8.0f}  {mode:<11} {best:>9.0f} "
                  f"{median:>10.0f} {cpu:>8.0f} {best * chars / 1e6:>9.2f}")
    if args.ner:
        records = data["evaluation"]
        enrich_question(first, ner=True)  # loads spaCy
        best, _, cpu = measure(records, lambda r: enrich_question(r, ner=True), 1)
        print(f"{'evaluation':<11} {len(records):>9} {'':>8}  {'ner':<11} {best:>9.1f} "
              f"{'':>10} {cpu:>8.1f}")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()

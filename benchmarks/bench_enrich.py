"""Enrichment speed, questions per second, with and without NER.

    python benchmarks/bench_enrich.py [--fixtures DIR] [--repeat N]

Runs the evaluation set (tests/data/evaluation: 29 authored questions and 19 AN fixtures, QG
debates of ~5,000 characters included) after a warm-up that loads the gazetteer, the themes and
the spaCy model, so the numbers are steady-state throughput on one core.
"""

from __future__ import annotations

import argparse
import time

import orjson

from qgraph.enrich import enrich_question
from qgraph.enrich.evaluate import DEFAULT_DATA, DEFAULT_FIXTURES, load_records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixtures", default=str(DEFAULT_FIXTURES))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from pathlib import Path

    gold = orjson.loads((DEFAULT_DATA / "gold.json").read_bytes())["questions"]
    records = list(load_records(Path(args.fixtures), DEFAULT_DATA, list(gold)).values())
    chars = sum(len(r.question_text or r.answer_text or "") for r in records)
    t0 = time.perf_counter()
    enrich_question(records[0], ner=True)
    print(f"first call (loads gazetteer, themes, spaCy): {time.perf_counter() - t0:.2f} s")
    for ner, repeat in ((False, args.repeat), (True, 1)):
        t0 = time.perf_counter()
        for _ in range(repeat):
            for r in records:
                enrich_question(r, ner=ner)
        dt = time.perf_counter() - t0
        n = len(records) * repeat
        print(f"ner={ner!s:5}  {n / dt:7.1f} questions/s  "
              f"({chars * repeat / dt / 1000:.0f} k chars/s, {len(records)} questions)")


if __name__ == "__main__":
    main()

"""Export time and peak memory at a given corpus size.

Builds (or reuses) a store from the synthetic corpus of ``benchmarks/generate.py``, ingested
without the enrich and links stages (measured elsewhere), then adds deterministic synthetic enrichments through the real
enrichment mapper (one question in eight names 1–3 gazetteer organisations, one in fifteen
gets 1–2 themes) so that the organisation and theme projections are not empty. Each export
runs as its own ``qgraph export`` process; its wall time and peak RSS are reported.

Usage::

    python benchmarks/bench_export.py --questions 10000 --work /tmp/bx10k
    python benchmarks/bench_export.py --store /tmp/s10k --skip-build   # an existing store
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
QGRAPH = [sys.executable, "-m", "qgraph.cli"]
RUNS = [  # (projection, format, extra arguments)
    ("overview", "graphml", []),
    ("overview", "gexf", []),
    ("overview", "node-link", []),
    ("overview", "cytoscape", []),
    ("overview", "html", ["--legislature", "17"]),
    ("deputy-ministry", "gexf", []),
    ("deputy-ministry", "html", []),
    ("deputy-organisation", "gexf", []),
    ("organisation-co-mention", "gexf", []),
    ("theme-legislature", "gexf", []),
    ("question-reasked", "gexf", []),
]
# At 100k the overview in node-link/cytoscape costs what GraphML does (same build): skipped.
LARGE_RUNS = [r for r in RUNS if not (r[0] == "overview" and r[1] in ("node-link", "cytoscape"))]
ORGS = ("microsoft", "microsoft-azure", "amazon-web-services", "google", "cnil", "health-data-hub",
        "edf", "thales", "ovhcloud", "anssi", "airbus", "orange")
THEMES = ("digital-sovereignty", "cloud-hosting", "health-data", "energy", "defence",
          "cybersecurity", "industry-supply-chains")


def build(questions: int, work: Path, store: Path) -> None:
    corpus = work / "corpus"
    if not corpus.is_dir():
        subprocess.run([sys.executable, str(HERE / "generate.py"), "--questions", str(questions),
                        "--out", str(work)], check=True)
    from qgraph.pipeline import IngestOptions, ingest
    from qgraph.store import open_store

    t = time.perf_counter()
    with open_store(store) as s:  # no enrich, no links: this measures exports, not those stages
        ingest(s, [corpus], IngestOptions(enrich=False, links=False))
    print(f"ingest: {time.perf_counter() - t:.1f} s", file=sys.stderr)
    add_enrichments(store)


def add_enrichments(store_path: Path) -> None:
    from qgraph.enrich.model import Enrichment, Mention, ThemeScore
    from qgraph.rdf import iris
    from qgraph.rdf.enrichment import map_enrichment
    from qgraph.rdf.nt import nquad
    from qgraph.store import open_store

    with open_store(store_path) as store:
        uids = sorted(s["u"].value for s in store.query(  # type: ignore[union-attr]
            "SELECT DISTINCT ?u WHERE { ?q <https://w3id.org/qgraph/ontology#uid> ?u }"))
        lines: list[str] = []
        for uid in uids:
            rng = random.Random(uid)
            orgs = rng.sample(ORGS, rng.randint(1, 3)) if rng.random() < 1 / 8 else []
            themes = rng.sample(THEMES, rng.randint(1, 2)) if rng.random() < 1 / 15 else []
            if not orgs and not themes:
                continue
            mentions = tuple(Mention(o, 10 * i, 10 * i + 4, o, "gazetteer", 1.0)
                             for i, o in enumerate(orgs))
            e = Enrichment(mentions, tuple(ThemeScore(t, 0.8) for t in themes), bool(themes))
            lines += [nquad(t, iris.enrich_graph(uid)) for t in map_enrichment(uid, e)]
            if len(lines) > 200_000:
                store.load_nquads("".join(lines).encode())
                lines = []
        store.load_nquads("".join(lines).encode())


def run(store: Path, projection: str, fmt: str, extra: list[str], out: Path) -> dict:
    t = time.perf_counter()
    proc = subprocess.run([*QGRAPH, "export", "--store", str(store), "--format", fmt,
                           "--projection", projection, *extra, "-o", str(out)],
                          capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - t
    # Called in a fresh interpreter per run (see main), whose only child is this export.
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"projection": projection, "format": fmt, "args": " ".join(extra),
            "seconds": round(seconds, 1), "peak_mib": round(peak / 1024),
            "bytes": out.stat().st_size,
            "summary": proc.stderr.strip().splitlines()[-1]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--questions", type=int, default=10000)
    ap.add_argument("--work", type=Path, default=None, help="folder for corpus, store and outputs")
    ap.add_argument("--store", type=Path, default=None, help="store to use (default: WORK/store)")
    ap.add_argument("--skip-build", action="store_true", help="use the store as it is")
    args = ap.parse_args()
    work = args.work or Path(f"bench-export-{args.questions}")
    store = args.store or work / "store"
    work.mkdir(parents=True, exist_ok=True)
    if not args.skip_build and not (store / "oxigraph").is_dir():
        build(args.questions, work, store)
    results = []
    for projection, fmt, extra in (LARGE_RUNS if args.questions >= 50_000 else RUNS):
        # One process per run, in its own interpreter, so ru_maxrss is this run's peak.
        code = (f"import json,sys; sys.path.insert(0, {str(HERE)!r}); import bench_export as b; "
                f"print(json.dumps(b.run({str(store)!r}, {projection!r}, {fmt!r}, {extra!r}, "
                f"__import__('pathlib').Path({str(work / f'{projection}.{fmt}')!r}))))")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True, env={**os.environ})
        r = json.loads(out.stdout)
        results.append(r)
        print(f"| {r['projection']} {r['args']} | {r['format']} | {r['summary'].split('exported ')[-1]} "
              f"| {r['seconds']} | {r['peak_mib']} | {r['bytes'] / 1e6:.1f} |", flush=True)
    (work / "results.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()

"""Measure qgraph's ingest and queries on a generated corpus, in one run, and write BENCHMARKS.md.

What is measured, on the same corpus (see ``generate.py``):

1. ``qgraph ingest`` end to end (a subprocess, default enrichment), into a fresh store;
2. the same with ``--no-enrich``, into another fresh store;
3. the raw Oxigraph bulk loader: ``pyoxigraph.Store(path).bulk_load`` of qgraph's own N-Quads
   dump of store 1 (``qgraph dump --format nquads``), in a separate process, into a fresh store;
4. ``qgraph ingest`` again of the unchanged corpus into store 1 (re-ingest);
5. the latency of every named query of ``queries/`` on store 1 (median of ``--repeat`` runs,
   parameters from each query's ``# example:`` line);
6. with ``--rounds N``, N − 1 more rounds of 1 and 3, one after the other (the ingest into a
   scratch store): on a shared machine one round's ratio moves by ±10 %, so the ratio is
   reported per round and judged on the median.

For each process: wall time, CPU time (user + system, all its processes) and peak memory, both
"Maximum resident set size" of ``/usr/bin/time -v`` (the largest single process) and the peak of
the summed RSS of the process tree (sampled every 50 ms: workers included), and the peak of its
summed PSS (``/proc/PID/smaps_rollup``: a page shared by the forked workers and the main process
counts once, split between them, where the RSS sum counts it in each), read at the RSS peak
(see ``MemorySampler``; the sampler's own CPU is reported).

Usage::

    python benchmarks/run.py --questions 100000            # generates the corpus if needed
    python benchmarks/run.py --questions 10000 --no-write   # print only
    python benchmarks/run.py --questions 100000 --rounds 3  # the ingest/loader ratio 3 times

Results replace the "Ingest and queries" section of BENCHMARKS.md (other sections are kept).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from timeline import descendants, rss_kb  # benchmarks/ is the script's folder

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BIN = Path(sys.executable).parent
QGRAPH = str(BIN / "qgraph")
START = "<!-- benchmarks/run.py: start -->"
END = "<!-- benchmarks/run.py: end -->"

TARGETS = {"lookup": 0.050, "aggregation": 0.200, "cross-legislature": 1.0}
KNOWN_CLASSES = {
    "question-card": "lookup", "question-organisations": "lookup", "question-themes": "lookup",
    "deputy-questions": "lookup", "deputy-organisations": "lookup", "organisation-questions": "lookup",
    "ministry-lineage": "cross-legislature", "group-successors": "cross-legislature",
    "reasked": "cross-legislature", "reasked-by-others": "cross-legislature",
    "withdrawn-not-reasked": "cross-legislature", "organisation-timeline": "cross-legislature",
    "sovereignty-by-legislature": "cross-legislature",
}


@dataclass
class Run:
    label: str
    command: list[str]
    wall: float = 0.0
    cpu: float = 0.0
    max_rss_mb: float = 0.0  # largest single process (/usr/bin/time -v)
    tree_rss_mb: float = 0.0  # peak of the summed RSS of the process tree
    tree_pss_mb: float = 0.0  # peak of the summed PSS of the process tree (shared pages once)
    stderr_tail: str = ""
    extra: dict[str, object] = field(default_factory=dict)


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, IndexError, ValueError):
        pass
    return 0


class MemorySampler:
    """Peaks of the summed RSS and PSS of a process tree, read from ``/proc`` by a thread.

    The RSS (``statm``, a counter: 0.04 ms) is read every ``every`` seconds. The PSS
    (``smaps_rollup``) walks each process's page tables, 59 ms for a process of 2 GB: read
    every 50 ms (until 2026-12-07) it took a third of one of the two cores it measured on. So it
    is read only at the RSS peak (within ``near`` of it), once the RSS has grown by ``grow``
    since the last reading (a short process) or ``pss_every`` seconds after it (the loader's
    memory comes back to its peak with each batch). ``cpu`` is the thread's own CPU time."""

    def __init__(self, pid: int, every: float = 0.05, pss_every: float = 2.0, near: float = 0.005,
                 grow: float = 0.03) -> None:
        self.pid, self.every, self.pss_every, self.near, self.grow = pid, every, pss_every, near, grow
        self.peak_rss = self.peak_pss = 0  # kB
        self.cpu = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        last_pss_at, last_pss_rss = -self.pss_every, 0
        while not self._stop.is_set():
            pids = descendants(self.pid)
            rss = sum(rss_kb(p) for p in pids)
            self.peak_rss = max(self.peak_rss, rss)
            now = time.perf_counter()
            due = now - last_pss_at >= self.pss_every or rss > last_pss_rss * (1 + self.grow)
            if due and rss >= self.peak_rss * (1 - self.near):
                self.peak_pss = max(self.peak_pss, sum(_pss_kb(p) for p in pids))
                last_pss_at, last_pss_rss = now, rss
            self._stop.wait(self.every)
        self.cpu = time.thread_time()


def measure(label: str, command: list[str], env: dict[str, str] | None = None) -> Run:
    """Run ``command`` under ``/usr/bin/time -v``, sampling the RSS of its process tree."""
    run = Run(label, command)
    timed = ["/usr/bin/time", "-v", *command] if Path("/usr/bin/time").exists() else command
    started = time.perf_counter()
    before = os.times()
    proc = subprocess.Popen(timed, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **(env or {})})
    with MemorySampler(proc.pid) as memory:
        _, err = proc.communicate()
    run.wall = time.perf_counter() - started
    after = os.times()
    run.cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    run.tree_rss_mb = memory.peak_rss / 1024
    run.tree_pss_mb = memory.peak_pss / 1024
    run.extra["sampler_cpu"] = round(memory.cpu, 2)
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
    run.max_rss_mb = int(m.group(1)) / 1024 if m else 0.0
    own = err.split("\tCommand being timed:")[0]  # the program's stderr, before time's report
    lines = [ln for ln in own.splitlines() if ln.strip()]
    run.stderr_tail = "\n".join(lines[-3:])
    if proc.returncode != 0:
        raise SystemExit(f"{label} failed ({proc.returncode}):\n{err[-3000:]}")
    return run


# corpus and stores -----------------------------------------------------------------------------
def corpus(n: int, out: Path, seed: int) -> Path:
    manifest = out / "manifest.json"
    if manifest.exists():
        m = json.loads(manifest.read_text())
        if m.get("questions") == n and m.get("seed") == seed:
            return out / "corpus"
    subprocess.run([sys.executable, str(HERE / "generate.py"), "--questions", str(n), "--out", str(out),
                    "--seed", str(seed)], check=True, stdout=subprocess.DEVNULL)
    return out / "corpus"


def fresh(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    return path


INGEST_NO_LINKS = """
import sys
from qgraph.pipeline import IngestOptions, ingest
from qgraph.store import open_store
with open_store(sys.argv[1]) as store:
    report = ingest(store, [sys.argv[2]], IngestOptions(enrich=sys.argv[3] == "enrich", links=False))
print("qgraph: " + report.summary(), file=sys.stderr)
"""

LINKS = """
import sys
from qgraph.links import refresh_links
from qgraph.store import open_store
with open_store(sys.argv[1]) as store:
    print(refresh_links(store), file=sys.stderr)
"""

BULK_LOAD = """
import sys, pyoxigraph as ox
store = ox.Store(sys.argv[1])
store.bulk_load(path=sys.argv[2], format=ox.RdfFormat.N_QUADS)
store.flush()
print(len(store), file=sys.stderr)
"""


# queries ---------------------------------------------------------------------------------------
def classify(name: str, title: str) -> str:
    if name in KNOWN_CLASSES:
        return KNOWN_CLASSES[name]
    text = f"{name} {title}".lower()
    if any(w in text for w in ("reask", "lineage", "successor", "across legislatures", "timeline")):
        return "cross-legislature"
    if any(w in text for w in ("card", "of a question", "of one")):
        return "lookup"
    return "aggregation"


def example_args(example: str) -> tuple[dict[str, str], str | None]:
    params: dict[str, str] = {}
    search = None
    words = shlex.split(example)
    for i, w in enumerate(words):
        if w in ("--param", "-p") and i + 1 < len(words) and "=" in words[i + 1]:
            k, v = words[i + 1].split("=", 1)
            params[k] = v
        elif w == "--search" and i + 1 < len(words):
            search = words[i + 1]
    return params, search


QUERY_TIMEOUT = 180
QUERY_MEMORY = 6 << 30  # a runaway query must not take the (shared) machine's memory


def time_queries(store_path: Path, repeat: int) -> list[dict[str, object]]:
    """Each named query's median latency on the store, each query in its own process (one that
    runs over :data:`QUERY_TIMEOUT` seconds is stopped and reported as such)."""
    from qgraph.query import list_queries

    rows = []
    for q in list_queries():
        cmd = [sys.executable, __file__, "--query-one", q.name, "--store", str(store_path),
               "--repeat", str(repeat)]
        try:
            out = subprocess.run(cmd, capture_output=True, text=True, timeout=QUERY_TIMEOUT, check=True).stdout
            rows.append(json.loads(out.strip().splitlines()[-1]))
        except subprocess.TimeoutExpired:
            kind = classify(q.name, q.title)
            rows.append({"name": q.name, "class": kind, "params": example_args(q.example)[0], "search": None,
                         "median_s": None, "min_s": None, "rows": 0, "target_s": TARGETS[kind],
                         "error": f"over {QUERY_TIMEOUT} s (stopped)", "ok": False})
        except subprocess.CalledProcessError as err:  # e.g. over QUERY_MEMORY: the process aborts
            kind = classify(q.name, q.title)
            reason = (err.stderr or "").strip().splitlines()[-1:] or [f"exit status {err.returncode}"]
            rows.append({"name": q.name, "class": kind, "params": example_args(q.example)[0], "search": None,
                         "median_s": None, "min_s": None, "rows": 0, "target_s": TARGETS[kind],
                         "error": f"failed ({reason[0][:100]}); memory capped at {QUERY_MEMORY >> 30} GB",
                         "ok": False})
    return rows


def time_query(store_path: Path, name: str, repeat: int) -> dict[str, object]:
    """One named query's median latency (in-process, all rows read)."""
    from qgraph.query import load_query, run_query
    from qgraph.store import open_store
    from qgraph.store.fulltext import restrict_query, search_uids

    rows = []
    with open_store(store_path, read_only=True) as store:
        substitute = _substitutes(store)
        for q in [load_query(name)]:
            params, search = example_args(q.example)
            params = {k: substitute(k, v) for k, v in params.items()}
            times, n_rows, error = [], 0, None
            for _ in range(repeat):
                t = time.perf_counter()
                try:
                    named = q
                    if search is not None:
                        named = restrict_query(q, search_uids(store.sidecar, search))
                    n_rows = len(run_query(store, named, params).rows)
                except Exception as exc:  # a query another developer is still writing
                    error = f"{type(exc).__name__}: {str(exc).splitlines()[0][:120]}"
                    break
                times.append(time.perf_counter() - t)
                if sum(times) > 20:  # a slow query: fewer runs
                    break
            kind = classify(q.name, q.title)
            median = statistics.median(times) if times else None
            rows.append({"name": q.name, "class": kind, "params": params, "search": search,
                         "median_s": median, "min_s": min(times) if times else None, "rows": n_rows,
                         "target_s": TARGETS[kind], "error": error,
                         "ok": median is not None and median <= TARGETS[kind]})
    return rows[0]


def _substitutes(store: object):
    """Example parameters name real questions and deputies; use ones of the synthetic corpus."""
    def first(sparql: str) -> str | None:
        for row in store.query(sparql):  # type: ignore[attr-defined]
            return row[0].value
        return None

    qg = "https://w3id.org/qgraph/ontology#"
    cache: dict[str, str | None] = {}

    def substitute(key: str, value: str) -> str:
        if re.fullmatch(r"QANR5L\d+(QE|QG|QOSD)\d+", value):
            if first(f'SELECT ?q WHERE {{ ?q <{qg}uid> "{value}" }} LIMIT 1') is None:
                prefix = re.sub(r"\d+$", "", value)
                cache.setdefault(prefix, first(
                    f'SELECT ?u WHERE {{ ?q <{qg}uid> ?u ; <{qg}hasAnswer> ?a . FILTER(STRSTARTS(?u, "{prefix}")) }} LIMIT 1'))
                return cache[prefix] or value
        if re.fullmatch(r"PA\d+", value) or value.startswith("https://w3id.org/qgraph/id/person/"):
            pa = cache.setdefault("PA", first(
                f"SELECT ?pa WHERE {{ ?q <{qg}author> ?d . ?d <{qg}anId> ?pa }} LIMIT 1"))
            if pa:
                return pa if value.startswith("PA") else f"https://w3id.org/qgraph/id/person/{pa}"
        return value
    return substitute


# report ----------------------------------------------------------------------------------------
def machine() -> dict[str, str]:
    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")), platform.processor())
    free = subprocess.run(["free", "-h"], capture_output=True, text=True).stdout.strip()
    return {"nproc": str(os.cpu_count()), "cpu": cpu, "free": free, "python": platform.python_version(),
            "load": " ".join(f"{x:.1f}" for x in os.getloadavg())}


def fmt_run(r: Run) -> str:
    return (f"| {r.label} | {r.wall:.1f} s | {r.cpu:.1f} s | {r.max_rss_mb:,.0f} MB | {r.tree_rss_mb:,.0f} MB "
            f"| {r.tree_pss_mb:,.0f} MB |")


def report(n: int, runs: dict[str, Run], queries: list[dict[str, object]], info: dict[str, str],
           load_end: str, cmd: str, triples: int) -> str:
    ing, bulk, noen, re_ = runs["ingest"], runs["bulk_load"], runs["ingest_no_enrich"], runs["reingest"]
    mem_base = max(bulk.tree_rss_mb, 1)
    pss_base = max(bulk.tree_pss_mb, 1)

    def verdict(value: float, target: float, limit: float | None = None) -> str:
        if value <= target:
            return "met"
        return "missed" + (" (within the 2× limit)" if limit and value <= limit else "")

    lines = [START, f"## Ingest and queries ({n:,} questions)", "",
             "Reproduce (corpora, stores and dumps go to `benchmarks/out/`, git-ignored):", "", "```",
             cmd, "```", "",
             f"Machine: {info['nproc']} CPUs, {info['cpu']}, Python {info['python']}; load average "
             f"{info['load']} at the start and {load_end} at the end (the machine is shared: wall "
             "times move with the load, CPU times much less).", "", "```", info["free"], "```", "",
             f"Store: {triples:,} quads.", "",
             "| run | wall | CPU (user+sys) | peak RSS, largest process | peak RSS, process tree "
             "| peak PSS, process tree |",
             "|---|---|---|---|---|---|"]
    lines += [fmt_run(r) for key, r in runs.items() if not key.startswith("round")]
    sampled = [r for r in runs.values() if "sampler_cpu" in r.extra]
    if sampled:
        lines += ["", "The memory sampler's own CPU (a thread of `run.py`, beside the measured process): "
                  + ", ".join(f"{r.label} {float(r.extra['sampler_cpu']):.1f} s "  # type: ignore[arg-type]
                              f"({float(r.extra['sampler_cpu']) / max(r.wall, 0.01):.1%} of a core)"  # type: ignore[arg-type]
                              for r in sampled) + "."]
    rounds = ingest_rounds(runs)
    ratios = [i.wall / b.wall for i, b in rounds]
    ratio = statistics.median(ratios)
    measured = (f"{ratio:.2f}× wall ({ing.cpu / max(bulk.cpu, 0.01):.2f}× CPU)" if len(rounds) == 1 else
                f"{ratio:.2f}× wall, median of {len(rounds)} rounds ({min(ratios):.2f}–{max(ratios):.2f}×)")
    lines += ["", "| target | measured | verdict |", "|---|---|---|",
              f"| ingest (default enrichment) ≤ 1.3× bulk_load (≤ 2× at most) | {measured} "
              f"| {verdict(ratio, 1.3, 2.0)}{'' if max(ratios) <= 2.0 else f'; {max(ratios):.2f}× in one round'} |",
              f"| ingest --no-enrich vs bulk_load | {noen.wall / bulk.wall:.2f}× wall "
              f"({noen.cpu / max(bulk.cpu, 0.01):.2f}× CPU) | (for reference) |",
              f"| peak memory ≤ 1.2× bulk_load | {ing.tree_pss_mb / pss_base:.2f}× (tree, PSS), "
              f"{ing.tree_rss_mb / mem_base:.2f}× (tree, RSS sum), "
              f"{ing.max_rss_mb / max(bulk.max_rss_mb, 1):.2f}× (largest process) | "
              f"{verdict(ing.tree_pss_mb / pss_base, 1.2)} by PSS, {verdict(ing.tree_rss_mb / mem_base, 1.2)} "
              "by RSS sum |",
              f"| re-ingest unchanged ≤ 0.2× first ingest | {re_.wall / ing.wall:.2f}× | "
              f"{verdict(re_.wall / ing.wall, 0.2)} |"]
    if n >= 600_000:
        lines.append(f"| 600k in ≤ 3 min and ≤ 4 GB | {ing.wall / 60:.1f} min, {ing.tree_rss_mb / 1024:.1f} GB | "
                     f"{verdict(ing.wall, 180)} / {verdict(ing.tree_rss_mb, 4096)} (RSS sum) |")
    if len(rounds) > 1:
        lines += ["", "Interleaved rounds: `qgraph ingest` into a fresh store, then the raw `bulk_load`, one after "
                      "the other (round 1 is the table above):", "",
                  "| round | ingest | bulk_load | ratio, wall | ratio, CPU |", "|---|---|---|---|---|"]
        lines += [f"| {k} | {i.wall:.1f} s, {i.cpu:.0f} s CPU | {b.wall:.1f} s, {b.cpu:.0f} s CPU | "
                  f"{i.wall / b.wall:.2f}× | {i.cpu / max(b.cpu, 0.01):.2f}× |"
                  for k, (i, b) in enumerate(rounds, 1)]
    lines += ["", "Named queries on this store after `qgraph optimize` (median of the runs, in-process, all rows "
                  "read; parameters from each query's `# example:` line, with the example's uid or deputy replaced "
                  "by one of the synthetic corpus), and their median on the store as the ingest left it:", "",
              "| query | class (target) | median | min | as ingested | rows | params | verdict |",
              "|---|---|---|---|---|---|---|---|"]
    for q in queries:
        params = ", ".join(f"{k}={v}" for k, v in q["params"].items())  # type: ignore[union-attr]
        if q["search"]:
            params += f" search={q['search']!r}"
        if q["error"]:
            lines.append(f"| {q['name']} | {q['class']} | – | – | – | – | {params} | error: {q['error']} |")
            continue
        before = f"{q['before_s'] * 1000:.1f} ms" if q.get("before_s") is not None else "–"
        lines.append(f"| {q['name']} | {q['class']} (≤ {q['target_s'] * 1000:.0f} ms) | "
                     f"{q['median_s'] * 1000:.1f} ms | {q['min_s'] * 1000:.1f} ms | {before} | {q['rows']} | "
                     f"{params} | {'met' if q['ok'] else 'missed'} |")
    lines += ["", "Ingest summaries (stderr):", "", "```"]
    for r in (ing, noen, re_):
        lines.append(f"{r.label}: {r.stderr_tail.splitlines()[-1] if r.stderr_tail else ''}")
    lines += ["```", END]
    return "\n".join(lines) + "\n"


def ingest_rounds(runs: dict[str, Run]) -> list[tuple[Run, Run]]:
    """(ingest, bulk_load) of each round, the main one first."""
    rounds = [(runs["ingest"], runs["bulk_load"])]
    k = 2
    while f"round{k}_ingest" in runs:
        rounds.append((runs[f"round{k}_ingest"], runs[f"round{k}_bulk_load"]))
        k += 1
    return rounds


def write_section(path: Path, section: str, n: int) -> None:
    """Replace this run's section (by size) in BENCHMARKS.md, keeping every other section."""
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    start, end = START.replace("start", f"start {n}"), END.replace("end", f"end {n}")
    section = section.replace(START, start).replace(END, end)
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end) + r"\n?", re.S)
    text = pattern.sub(lambda _: section, text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section
    path.write_text(text)


def main() -> None:
    ap = argparse.ArgumentParser(description="Benchmark qgraph ingest and queries.")
    ap.add_argument("--questions", type=int, default=10000)
    ap.add_argument("--out", type=Path, default=HERE / "out")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=7, help="runs of each query (median)")
    ap.add_argument("--no-write", action="store_true", help="do not update BENCHMARKS.md")
    ap.add_argument("--no-links", action="store_true",
                    help="ingest through the library without the links stage (measured on its own)")
    ap.add_argument("--rounds", type=int, default=1,
                    help="rounds of the ingest and the raw bulk_load, one after the other (ratio per round)")
    ap.add_argument("--reuse-runs", action="store_true",
                    help="reuse the ingest measurements saved by an earlier run (runs.json), redo the queries")
    ap.add_argument("--query-one", help=argparse.SUPPRESS)
    ap.add_argument("--store", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.query_one:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (QUERY_MEMORY, QUERY_MEMORY))
        try:
            print(json.dumps(time_query(args.store, args.query_one, args.repeat)))
        except Exception as exc:  # reported in the table, the other queries go on
            print(json.dumps({"name": args.query_one, "class": "aggregation", "params": {}, "search": None,
                              "median_s": None, "min_s": None, "rows": 0, "target_s": 0.2, "ok": False,
                              "error": f"{type(exc).__name__}: {str(exc).splitlines()[0][:120]}"}))
        return
    n = args.questions
    label = f"{n // 1000}k" if n % 1000 == 0 else str(n)
    base = args.out / label
    info = machine()
    corpus_dir = corpus(n, base, args.seed)
    store, store_ne, store_bulk = base / "store", base / "store-no-enrich", base / "store-bulk"
    dump = base / "dump.nq"
    runs: dict[str, Run] = {}

    def ingest_cmd(target: Path, enrich: bool) -> list[str]:
        if args.no_links:  # the library call the CLI makes, without the links stage
            return [sys.executable, "-c", INGEST_NO_LINKS, str(target), str(corpus_dir),
                    "enrich" if enrich else "no"]
        return [QGRAPH, "ingest", "-q", "--store", str(target), str(corpus_dir)] + ([] if enrich else ["--no-enrich"])

    suffix = " (links stage off)" if args.no_links else ""
    saved = base / "runs.json"
    if args.reuse_runs and saved.exists():  # measured by an earlier run that stopped later on
        runs = {k: Run(**v) for k, v in json.loads(saved.read_text()).items()}
        return _finish(args, n, base, store, runs, info)
    runs["ingest"] = measure("qgraph ingest (default enrichment)" + suffix, ingest_cmd(fresh(store), True))
    runs["ingest_no_enrich"] = measure("qgraph ingest --no-enrich" + suffix, ingest_cmd(fresh(store_ne), False))
    subprocess.run([QGRAPH, "dump", "--store", str(store), "--format", "nquads", "--output", str(dump)], check=True)
    runs["bulk_load"] = measure("pyoxigraph bulk_load of the N-Quads dump",
                                [sys.executable, "-c", BULK_LOAD, str(fresh(store_bulk)), str(dump)])
    scratch = base / "store-round"
    for k in range(2, args.rounds + 1):
        runs[f"round{k}_ingest"] = measure(f"qgraph ingest, round {k}" + suffix, ingest_cmd(fresh(scratch), True))
        runs[f"round{k}_bulk_load"] = measure(f"pyoxigraph bulk_load, round {k}",
                                              [sys.executable, "-c", BULK_LOAD, str(fresh(store_bulk)), str(dump)])
        shutil.rmtree(scratch)
    runs["reingest"] = measure("qgraph ingest again (unchanged corpus)" + suffix, ingest_cmd(store, True))
    try:
        runs["links"] = measure("links refresh alone (re-asked questions; the last step of `qgraph ingest`)",
                                [sys.executable, "-c", LINKS, str(store)])
    except SystemExit as err:  # the links stage is another developer's work in progress
        print(f"links refresh not measured: {str(err).splitlines()[-1]}", file=sys.stderr)
    # the queries on the store as the ingest leaves it, then `qgraph optimize` and the queries again
    (base / "queries-as-ingested.json").write_text(json.dumps(time_queries(store, args.repeat)))
    runs["optimize"] = measure("qgraph optimize (compaction, after the ingests)",
                               [QGRAPH, "optimize", "--store", str(store)])
    saved.write_text(json.dumps({k: vars(v) for k, v in runs.items()}, indent=1))
    _finish(args, n, base, store, runs, info)


def _finish(args: argparse.Namespace, n: int, base: Path, store: Path, runs: dict[str, Run],
            info: dict[str, str]) -> None:
    bulk = runs["bulk_load"]
    triples = int(bulk.stderr_tail.splitlines()[-1]) if bulk.stderr_tail else 0
    queries = time_queries(store, args.repeat)
    as_ingested = base / "queries-as-ingested.json"
    if as_ingested.exists() and "optimize" in runs:
        before = {q["name"]: q for q in json.loads(as_ingested.read_text())}
        for q in queries:
            q["before_s"] = before.get(q["name"], {}).get("median_s")
    rounds = f" --rounds {args.rounds}" if args.rounds > 1 else ""
    cmd = (f"python benchmarks/run.py --questions {n}{rounds}{' --no-links' if args.no_links else ''}"
           f"    # generate.py --questions {n} --seed {args.seed}, then measures")
    section = report(n, runs, queries, info, machine()["load"], cmd, triples)
    print(section)
    (base / "results.json").write_text(json.dumps(
        {"runs": {k: vars(v) for k, v in runs.items()}, "queries": queries, "machine": info}, indent=1,
        default=str))
    if not args.no_write:
        write_section(REPO / "BENCHMARKS.md", section, n)


if __name__ == "__main__":
    main()

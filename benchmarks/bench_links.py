"""Measure the links refresh (re-asked questions, group successors) on a generated corpus.

Steps, on the corpus ``benchmarks/out/{N}/corpus`` of ``generate.py`` (made if absent):

1. **store**: the corpus ingested with ``IngestOptions(enrich=False, links=False)`` into
   ``{work}/store`` (kept and reused: pass ``--fresh`` to rebuild); the signatures the ingest
   hook computed are counted;
2. **full**: ``refresh_links(store, full=True)``: every text read from the store, cleaned,
   hashed, bucketed, candidates scored, ``graph/links`` written;
3. **no-op**: a refresh with nothing pending (what an ingest that changed only answers or AMO
   data pays);
4. **add 1,000**: 1,000 new questions (new uids, new texts; 2 % of them re-ask a 16th-legislature
   question of the same deputy) ingested with links off, then ``refresh_links(store)``; each
   repetition adds another 1,000;
5. **change 1,000**: 1,000 existing questions get a new text, then ``refresh_links(store)``.

Each step is repeated (``--repeat``; the full rebuild ``--full-repeat``) and reported as the
median wall time and median CPU time of this process (the machine is shared: wall time depends
on its load, CPU time much less), with the load average before the step.

Usage::

    python benchmarks/bench_links.py --questions 10000
    python benchmarks/bench_links.py --questions 100000 --full-repeat 2 --write

``--write`` puts the results in the "Links" section of BENCHMARKS.md (between this script's
markers; other sections are kept) and in ``{work}/links.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

from qgraph.links import cache  # noqa: E402
from qgraph.links.minhash import STATS  # noqa: E402
from qgraph.links.refresh import refresh_links  # noqa: E402
from qgraph.pipeline import IngestOptions, ingest, ingest_records  # noqa: E402
from qgraph.records import QuestionRecord  # noqa: E402
from qgraph.sources import iter_records  # noqa: E402
from qgraph.store import open_store  # noqa: E402
from qgraph.store.graphstore import GraphStore  # noqa: E402

START = "<!-- benchmarks/bench_links.py: start -->"
END = "<!-- benchmarks/bench_links.py: end -->"
NO_LINKS = IngestOptions(enrich=False, links=False)


def label(n: int) -> str:
    return f"{n // 1000}k" if n % 1000 == 0 else str(n)


def corpus(n: int) -> Path:
    out = HERE / "out" / label(n)
    if not (out / "corpus").is_dir():
        generate.generate(n, out)
    return out / "corpus"


def load() -> float:
    return round(os.getloadavg()[0], 1)


def timed(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def questions(path: Path, leg: int) -> Iterator[QuestionRecord]:
    for item in iter_records([path / f"Questions_ecrites_L{leg}.json.zip"]):
        if isinstance(item, QuestionRecord) and item.question_text:
            yield item


def new_text(key: str) -> str:
    rng = random.Random(key)
    return "M. X attire l'attention de M. le ministre sur " + " ".join(generate._sentences(rng, rng.randint(3, 8)))


def additions(path: Path, start: int, count: int) -> list[QuestionRecord]:
    """``count`` new 17th-legislature questions made from existing ones: new uid, new text, or
    (one in fifty) the text of a 16th-legislature question by the same deputy."""
    earlier = {}
    for rec in questions(path, 16):
        earlier.setdefault(rec.author.acteur_ref, rec.question_text)
    out = []
    for i, rec in enumerate(questions(path, 17)):
        if len(out) == count:
            break
        number = 900_000 + start + i
        text = earlier.get(rec.author.acteur_ref) if i % 50 == 0 else None
        out.append(replace(rec, uid=f"QANR5L17QE{number}", number=number,
                           question_text=text or new_text(f"add-{number}")))
    return out


def changes(path: Path, round_: int, count: int) -> list[QuestionRecord]:
    out = []
    for rec in questions(path, 15):
        if len(out) == count:
            break
        out.append(replace(rec, question_text=new_text(f"change-{round_}-{rec.uid}")))
    return out


def step(name: str, repeat: int, run: Callable[[int], dict[str, Any]]) -> dict[str, Any]:
    rows = []
    for i in range(repeat):
        before = load()
        row = run(i)
        row["load"] = before
        rows.append(row)
        print(f"  {name} #{i + 1}: " + ", ".join(f"{k}={v}" for k, v in row.items() if k != "report"),
              file=sys.stderr)
    out: dict[str, Any] = {"runs": rows}
    for key in ("wall", "cpu", "hook_wall", "ingest_wall"):
        if key in rows[0]:
            out[key] = round(statistics.median(r[key] for r in rows), 2)
    out["load"] = statistics.median(r["load"] for r in rows)
    out["report"] = rows[-1].get("report")
    return out


def refresh(store: GraphStore, full: bool = False) -> dict[str, Any]:
    wall, cpu, report = timed(lambda: refresh_links(store, full=full))
    return {"wall": round(wall, 2), "cpu": round(cpu, 2),
            "report": {k: v for k, v in vars(report).items()}}


def ingest_then_refresh(store: GraphStore, records: list[QuestionRecord]) -> dict[str, Any]:
    import qgraph.pipeline as pipeline
    hook = pipeline.index_texts
    spent = [0.0]

    def timed_hook(side: Any, recs: Any) -> int:
        t = time.perf_counter()
        try:
            return hook(side, recs)
        finally:
            spent[0] += time.perf_counter() - t
    pipeline.index_texts = timed_hook  # type: ignore[assignment]
    try:
        ingest_wall, _cpu, _r = timed(lambda: ingest_records(store, records, NO_LINKS))
    finally:
        pipeline.index_texts = hook
    row = refresh(store)
    row["ingest_wall"] = round(ingest_wall, 2)
    row["hook_wall"] = round(spent[0], 2)
    return row


def machine() -> dict[str, Any]:
    cpu = ""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = ""
    try:
        mem = subprocess.run(["free", "-g"], capture_output=True, text=True).stdout.splitlines()[1].split()[1] + " GB"
    except (OSError, IndexError):
        pass
    return {"cpu": cpu, "cpus": os.cpu_count(), "memory": mem, "python": platform.python_version(),
            "system": platform.platform()}


def run(n: int, work: Path, repeat: int, full_repeat: int, fresh: bool, store_from: Path | None) -> dict[str, Any]:
    path = corpus(n)
    store_path = work / "store"
    result: dict[str, Any] = {"questions": n, "machine": machine(), "date": time.strftime("%Y-%m-%d %H:%M")}
    if fresh and store_path.exists():
        shutil.rmtree(store_path)
    if not store_path.exists():
        if store_from is not None:
            shutil.copytree(store_from, store_path)
        else:
            before, load_before = STATS["signatures"], load()
            with open_store(store_path) as store:
                wall, cpu, report = timed(lambda: ingest(store, [path], NO_LINKS))
            result["ingest"] = {"wall": round(wall, 2), "cpu": round(cpu, 2), "load": load_before,
                                "signatures": STATS["signatures"] - before, "summary": report.summary()}
    with open_store(store_path) as store:
        result["texts"] = store.sidecar.db.execute(
            "SELECT count(*) FROM link_signatures WHERE signature IS NOT NULL").fetchone()[0] \
            if cache.ensure_tables(store.sidecar) else None
        print(f"{label(n)}: full rebuild", file=sys.stderr)
        result["full"] = step("full", full_repeat, lambda i: refresh(store, full=True))
        result["texts"] = store.sidecar.db.execute(
            "SELECT count(*) FROM link_signatures WHERE signature IS NOT NULL").fetchone()[0]
        result["noop"] = step("no-op", repeat, lambda i: refresh(store))
        taken = store.sidecar.db.execute("SELECT count(*) FROM link_signatures WHERE uid LIKE 'QANR5L17QE9_____'"
                                         ).fetchone()[0]
        result["add"] = step("add 1,000", repeat,
                             lambda i: ingest_then_refresh(store, additions(path, taken + 1000 * i, 1000)))
        result["change"] = step("change 1,000", repeat,
                                lambda i: ingest_then_refresh(store, changes(path, i, 1000)))
    return result


def section(results: list[dict[str, Any]]) -> str:
    m = results[0]["machine"]
    lines = [START, "## Links", "",
             "`benchmarks/bench_links.py` (re-asked questions and group successors, `graph/links`), on the "
             "corpora of `generate.py`. Median of the runs (n in brackets), wall time and CPU time of the "
             "process; load = 1-minute load average before the runs (the machine is shared).",
             "", f"Machine: {m['cpu']}, {m['cpus']} CPUs, {m['memory']}, Python {m['python']}; "
             f"{results[0]['date']}.", "",
             "| questions | step | wall (s) | CPU (s) | load | details |", "|---|---|---|---|---|---|"]
    for r in results:
        q = label(r["questions"])
        if "ingest" in r:
            i = r["ingest"]
            lines.append(f"| {q} | ingest, links off (1) | {i['wall']} | {i['cpu']} | {i['load']} | "
                         f"{i['signatures']} signatures computed by the ingest hook |")
        for key, name in (("full", "full rebuild"), ("noop", "refresh, nothing changed"),
                          ("add", "add 1,000 questions: refresh"), ("change", "change 1,000 texts: refresh")):
            s = r[key]
            rep = s["report"]
            extra = (f"{rep['hashed']} hashed, {rep['scored']} pairs scored, {rep['reasked']} reasked + "
                     f"{rep['reasked_by']} reaskedBy; steps {rep['seconds']}")
            if "hook_wall" in s:
                extra = f"ingest {s['ingest_wall']} s of which hashing hook {s['hook_wall']} s; " + extra
            lines.append(f"| {q} | {name} ({len(s['runs'])}) | {s['wall']} | {s['cpu']} | {s['load']} | {extra} |")
    lines += ["", END]
    return "\n".join(lines)


def write(results: list[dict[str, Any]]) -> None:
    path = REPO / "BENCHMARKS.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    new = section(results)
    if START in text and END in text:
        text = text[:text.index(START)] + new + text[text.index(END) + len(END):]
    else:
        text = text.rstrip("\n") + "\n\n" + new + "\n"
    path.write_text(text, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--questions", type=int, nargs="+", default=[10000])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--full-repeat", type=int, default=3)
    ap.add_argument("--work", type=Path, default=HERE / "out" / "links")
    ap.add_argument("--store-from", type=Path, help="copy this store (the corpus ingested) instead of ingesting")
    ap.add_argument("--fresh", action="store_true", help="rebuild the store")
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    results = []
    for n in args.questions:
        work = args.work / label(n)
        work.mkdir(parents=True, exist_ok=True)
        results.append(run(n, work, args.repeat, args.full_repeat, args.fresh,
                           args.store_from if len(args.questions) == 1 else None))
        (work / "links.json").write_text(json.dumps(results[-1], indent=1) + "\n")
    print(section(results))
    if args.write:
        write(results)


if __name__ == "__main__":
    main()

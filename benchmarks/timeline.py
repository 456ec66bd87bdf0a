"""Where a command's CPU goes over time: its threads' CPU, second by second, from ``/proc``.

    python benchmarks/timeline.py [--every 1] [--window 10] [--json OUT] -- qgraph ingest -q --store S CORPUS

Every ``--every`` seconds, the CPU time of each thread of the command's process tree is read from
``/proc/PID/task/TID/stat`` and charged to a group:

- ``main``: the main thread of the command's process (in ``qgraph ingest``: reading the workers'
  results, feeding the load, the sidecar's SQLite writes, the full-text build, the links);
- ``threads``: its other threads, but RocksDB's (in ``qgraph ingest``: the bulk load, which parses
  and sorts in threads of its own, and the process pool's feeder threads);
- ``rocksdb``: RocksDB's background threads (flushes and compactions);
- ``children``: every thread of its child processes (the workers).

The host's idle and steal time (``/proc/stat``, all CPUs) come with each sample: idle is a core
nobody used, steal a core the hypervisor gave to another machine; so do the resident memory
(RSS, from ``statm``) of the main process and the sum of its children's. A table of
``--window``-second windows (CPU in cores: 1.00 is one core busy all the time; memory: the
highest sample of the window) and the totals go to stdout; ``--json`` keeps every sample.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HZ = os.sysconf("SC_CLK_TCK")
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024
GROUPS = ("main", "threads", "rocksdb", "children")
MEMORY = ("main MB", "children MB")


def descendants(pid: int) -> list[int]:
    """``pid`` and every process below it."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo += [int(c) for c in f.read().split()]
        except OSError:
            pass
    return out


def rss_kb(pid: int) -> int:
    """Resident memory of a process (``statm``: a counter, cheap to read); 0 once it has ended."""
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * PAGE_KB
    except (OSError, IndexError, ValueError):
        return 0


def thread_times(root: int, pids: list[int]) -> dict[tuple[int, int], tuple[str, float]]:
    """(pid, tid) → (group, CPU seconds so far) of every thread of ``root``'s tree (``pids``)."""
    out = {}
    for pid in pids:
        try:
            tasks = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{pid}/task/{task}/stat") as f:
                    stat = f.read()
            except OSError:
                continue
            name = stat[stat.index("(") + 1:stat.rindex(")")]
            fields = stat[stat.rindex(")") + 2:].split()
            cpu = (int(fields[11]) + int(fields[12])) / HZ  # utime + stime
            out[(pid, int(task))] = (group_of(root, pid, int(task), name), cpu)
    return out


def group_of(root: int, pid: int, tid: int, name: str) -> str:
    if pid != root:
        return "children"
    if tid == root:
        return "main"
    return "rocksdb" if name.startswith("rocksdb") else "threads"


def resident_mb(root: int, pids: list[int]) -> tuple[float, float]:
    """RSS in MB of ``root``, and of the other processes of its tree (``pids``) together."""
    return rss_kb(root) / 1024, sum(rss_kb(p) for p in pids if p != root) / 1024


def host_times() -> tuple[float, float]:
    """Idle (with I/O wait) and steal seconds of all CPUs since boot."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    return (fields[3] + fields[4]) / HZ, fields[7] / HZ


def record(command: list[str], every: float) -> tuple[list[dict[str, float]], int]:
    """Run ``command``; one sample per ``every`` seconds: CPU per group, host idle and steal,
    over the interval, and the RSS at its end. Returns the samples and the command's exit status."""
    proc = subprocess.Popen(command)
    samples: list[dict[str, float]] = []
    seen: dict[tuple[int, int], float] = {}
    idle0, steal0 = host_times()
    start = last = time.perf_counter()
    while True:
        done = proc.poll() is not None
        if not done:
            time.sleep(every)
        now = time.perf_counter()
        sample = {"t": round(now - start, 2), "seconds": now - last} | dict.fromkeys(GROUPS, 0.0)
        pids = descendants(proc.pid)
        for key, (group, cpu) in thread_times(proc.pid, pids).items():
            sample[group] += cpu - seen.get(key, 0.0)
            seen[key] = cpu
        if not done:  # an ended command has no memory left to read
            sample[MEMORY[0]], sample[MEMORY[1]] = resident_mb(proc.pid, pids)
        idle, steal = host_times()
        sample["idle"], sample["steal"] = idle - idle0, steal - steal0
        idle0, steal0, last = idle, steal, now
        samples.append(sample)
        if done:
            return samples, proc.wait()


def table(samples: list[dict[str, float]], window: float) -> list[str]:
    """Windows of ``window`` seconds, CPU in cores and the highest RSS, then the totals in
    seconds and the peaks (with the peak of the tree's sum)."""
    cols = (*GROUPS, "idle", "steal")
    lines = ["| from | " + " | ".join((*cols, *MEMORY)) + " |", "|---|" + "---|" * (len(cols) + len(MEMORY))]
    per_row = max(1, round(window / max(samples[0]["seconds"], 1e-3))) if samples else 1
    for i in range(0, len(samples), per_row):
        part = samples[i:i + per_row]
        start = max(0.0, part[0]["t"] - part[0]["seconds"])
        span = sum(s["seconds"] for s in part) or 1.0
        cpu = [f"{sum(s[c] for s in part) / span:.2f}" for c in cols]
        lines.append(f"| {start:.0f} s | " + " | ".join(cpu + [_peak(part, m) for m in MEMORY]) + " |")
    total = {c: sum(s[c] for s in samples) for c in cols}
    wall = sum(s["seconds"] for s in samples)
    tree = max((s[MEMORY[0]] + s[MEMORY[1]] for s in samples if MEMORY[0] in s), default=0.0)
    peaks = [_peak(samples, m) for m in MEMORY]
    lines.append(f"| total, s; peak MB ({wall:.1f} s wall, tree {tree:,.0f} MB) | "
                 + " | ".join([f"{total[c]:.1f}" for c in cols] + peaks) + " |")
    return lines


def _peak(samples: list[dict[str, float]], key: str) -> str:
    found = [s[key] for s in samples if key in s]
    return f"{max(found):,.0f}" if found else "–"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--every", type=float, default=1.0, help="seconds between samples")
    ap.add_argument("--window", type=float, default=10.0, help="seconds per row of the table")
    ap.add_argument("--json", type=Path, help="write every sample there")
    ap.add_argument("command", nargs=argparse.REMAINDER, help="the command, after --")
    args = ap.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        ap.error("give the command to run after --")
    samples, status = record(command, args.every)
    if args.json:
        args.json.write_text(json.dumps(samples))
    print("\n".join(table(samples, args.window)))
    sys.exit(status)


if __name__ == "__main__":
    main()

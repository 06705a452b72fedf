"""Tracing overhead: pytrace against strace and the untraced run, in one run.

Each workload runs untraced, under strace, and under pytrace in several modes, pinned to one
CPU (tracer and tracee share it, as TERRAIN.md advises), alternating the commands round by
round; we print the median wall time of each and the ratios. Tracer peak RSS comes from the
rusage of the tracer process. A benchmark, not a test: it asserts nothing.

    python benchmarks/bench_trace.py [--rounds 5] [--quick]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.differential import compile_probe  # noqa: E402

STRACE = shutil.which("strace") or "/usr/bin/strace"
PY = [sys.executable, "-m", "pytrace"]
TASKSET = ["taskset", "-c", "0"] if shutil.which("taskset") else []


# Installed pytrace has its bytecode compiled (pip does it); an environment that forbids
# writing bytecode would make every run recompile ~150 modules. Compile once, as pip would.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "pytrace"), str(ROOT / "syscall_tables")], check=False)


# A process's ru_maxrss keeps the peak of the address space it exec'd from: a tracer forked by
# this (~20 MB) Python process would never report less than that. GNU time forks the tracer
# from its own small image, so its %M is the tracer's own peak (0 when time is missing).
TIME = shutil.which("time") or ""
RSS_FILE = f"/tmp/bench_trace_rss.{os.getpid()}"


def run(cmd: list[str]) -> tuple[float, int]:
    """(wall seconds, peak RSS of the command itself in KiB)."""
    wrap = [TIME, "-f", "%M", "-o", RSS_FILE] if TIME else []
    t0 = time.perf_counter()
    p = subprocess.Popen(TASKSET + wrap + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    _, status, ru = os.wait4(p.pid, 0)
    dt = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    rss = 0
    if TIME:
        try:
            rss = int(Path(RSS_FILE).read_text().split()[-1])
        except (OSError, ValueError, IndexError):
            rss = 0
    return dt, rss


def bench(name: str, workload: list[str], modes: dict[str, list[str]], rounds: int) -> dict[str, float]:
    times: dict[str, list[float]] = {m: [] for m in modes}
    rss: dict[str, int] = {}
    for _ in range(rounds):
        for mode, prefix in modes.items():
            dt, r = run(prefix + workload)
            times[mode].append(dt)
            rss[mode] = max(rss.get(mode, 0), r)
    med = {m: statistics.median(v) for m, v in times.items()}
    print(f"\n## {name}: {' '.join(workload)}  ({rounds} rounds, medians)")
    base = med.get("strace") or med.get("strace -o /dev/null true")
    for m, v in med.items():
        ratio_s = f"{v / base:5.2f}x strace" if base else ""
        ratio_u = f"{v / med['untraced']:6.1f}x untraced" if med.get("untraced") else ""
        print(f"  {m:28s} {v * 1000:9.1f} ms  {ratio_s}  {ratio_u}  peak RSS {rss[m] / 1024:6.1f} MB")
    return med


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--quick", action="store_true", help="fewer modes")
    args = ap.parse_args()
    getppid = compile_probe("bench_getppid")
    find = ["find", "/usr/share", "-maxdepth", "4"]
    full = {
        "untraced": [],
        "strace": [STRACE, "-o", "/dev/null"],
        "strace -e trace=none": [STRACE, "-o", "/dev/null", "-e", "trace=none"],
        "pytrace": [*PY, "-o", "/dev/null"],
    }
    # Where pytrace's time goes: the interpreter's start, pytrace's own start (tracing `true`),
    # and the stop floor (every syscall stopped twice, nothing decoded or printed).
    full["pytrace -e trace=none (floor)"] = [*PY, "--no-seccomp-bpf", "-o", "/dev/null", "-e", "trace=none"]
    bench("full decode", find, full, args.rounds)
    bench("full decode", [getppid, "100000"], full, args.rounds)
    starts = {
        "python3 -c pass": [sys.executable, "-c", "pass"],
        "pytrace -o /dev/null true": [*PY, "-o", "/dev/null", "true"],
        "strace -o /dev/null true": [STRACE, "-o", "/dev/null", "true"],
    }
    bench("start-up", [], starts, args.rounds)
    if args.quick:
        return
    summary = {
        "strace": [STRACE, "-c", "-o", "/dev/null"],
        "pytrace -c": [*PY, "-c", "-o", "/dev/null"],
    }
    bench("-c", find, summary, args.rounds)
    filt = {
        "strace": [STRACE, "-o", "/dev/null", "-e", "trace=openat"],
        "strace --seccomp-bpf": [STRACE, "--seccomp-bpf", "-f", "-o", "/dev/null", "-e", "trace=openat"],
        "pytrace (seccomp default)": [*PY, "-o", "/dev/null", "-e", "trace=openat"],
        "pytrace --no-seccomp-bpf": [*PY, "--no-seccomp-bpf", "-o", "/dev/null", "-e", "trace=openat"],
    }
    bench("-e trace=openat", find, filt, args.rounds)
    rss = {"pytrace": [*PY, "-o", "/dev/null"]}
    bench("RSS, 100k syscalls", [getppid, "100000"], rss, 1)
    bench("RSS, 1M syscalls", [getppid, "1000000"], rss, 1)


if __name__ == "__main__":
    main()

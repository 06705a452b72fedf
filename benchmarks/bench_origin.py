"""Cost of --origin (and -k) on the tracing benchmark, and first-load time per object.

Runs the workloads of bench_trace.py under ``pytrace`` with and without ``--origin`` (pinned,
interleaved, medians) and prints the ratio; then, in this process, times the first load of
each object a traced ``ls`` maps: ELF headers, symbols (debug file included), strace -k's
symbol table, and the .eh_frame CFI index. A benchmark, not a test: it asserts nothing.

    python benchmarks/bench_origin.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_trace import PY, bench  # noqa: E402
from tests.differential import compile_probe  # noqa: E402


def first_loads() -> None:
    from pytrace.origin.maps import read_maps
    from pytrace.origin.symbols import ElfObject
    from pytrace.origin.unwind import CFI

    pm = read_maps(1) or read_maps(__import__("os").getpid())
    paths = ["/usr/lib/x86_64-linux-gnu/libc.so.6", "/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2",
             "/usr/bin/ls", "/usr/lib/x86_64-linux-gnu/libselinux.so.1", sys.executable]
    if pm is not None:
        paths += sorted({m.path for m in pm.rows if m.path.startswith("/") and m.path not in paths})[:3]
    print("\n## first load per object (ms): headers, symbols (+debug file), -k symbols, CFI index")
    for p in paths:
        t0 = time.perf_counter()
        obj = ElfObject(p)
        t1 = time.perf_counter()
        n = len(obj.symbols)
        t2 = time.perf_counter()
        obj.dynsyms  # noqa: B018
        t3 = time.perf_counter()
        cfi = CFI(p)
        t4 = time.perf_counter()
        print(f"  {p:55s} {(t1 - t0) * 1e3:6.1f} {(t2 - t1) * 1e3:7.1f} ({n} syms{', debug' if obj.debug_path else ''})"
              f" {(t3 - t2) * 1e3:6.1f} {(t4 - t3) * 1e3:7.1f} ({len(cfi.fdes)} FDEs)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    getppid = compile_probe("bench_getppid")
    find = ["find", "/usr/share", "-maxdepth", "4"]
    modes = {
        "pytrace": [*PY, "-o", "/dev/null"],
        "pytrace --origin": [*PY, "--origin", "-o", "/dev/null"],
    }
    for w in (find, [getppid, "100000"]):
        med = bench("--origin", w, modes, args.rounds)
        print(f"  --origin overhead: {(med['pytrace --origin'] / med['pytrace'] - 1) * 100:+.1f}%")
    med = bench("-k", ["ls", "-R", "/usr/share/doc"], {**modes, "pytrace -k": [*PY, "-k", "-o", "/dev/null"]}, args.rounds)
    print(f"  -k: {med['pytrace -k'] / med['pytrace']:.2f}x pytrace")
    first_loads()


if __name__ == "__main__":
    main()

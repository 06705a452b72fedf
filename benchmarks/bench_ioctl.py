"""ioctl-heavy tracing: a probe doing N TCGETS under strace and under pytrace (pinned to one CPU).

Prints the median wall time of each and the ratio. Usage: ``python -m benchmarks.bench_ioctl [N] [RUNS]``
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time

from tests.differential import STRACE, compile_probe


def _run(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main(argv: list[str]) -> None:
    n = int(argv[0]) if argv else 100_000
    runs = int(argv[1]) if len(argv) > 1 else 5
    probe = compile_probe("ioctl_tcgets")
    pin = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    cmds = {
        "strace": [*pin, STRACE, "-o", "/dev/null", probe, str(n)],
        "pytrace": [*pin, sys.executable, "-m", "pytrace", "-o", "/dev/null", probe, str(n)],
    }
    times: dict[str, list[float]] = {k: [] for k in cmds}
    for _ in range(runs):  # interleaved
        for k, c in cmds.items():
            times[k].append(_run(c))
    med = {k: statistics.median(v) for k, v in times.items()}
    for k, v in med.items():
        print(f"{k:8s} {n} TCGETS: median {v:.3f} s ({v / n * 1e6:.1f} us/call)")
    print(f"ratio pytrace/strace: {med['pytrace'] / med['strace']:.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])

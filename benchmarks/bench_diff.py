"""pytrace diff at scale: two synthetic strace-text traces of N events (python -m benchmarks.bench_diff [N]).

The traces repeat a real event mix (open/fstat/read/close/mmap/write, three processes) with
~1% of events changed on side B; reports wall time and peak RSS of the whole diff (read,
normalise, align, JSON report).
"""

from __future__ import annotations

import io
import os
import random
import resource
import sys
import tempfile
import time
from contextlib import redirect_stdout

from pytrace.diff.cli import main as diff_main


def _trace(path: str, n: int, seed: int, mutate: float) -> None:
    rnd = random.Random(seed)
    pids = [1000, 1001, 1002]
    lines = [f"{pids[0]} clone(child_stack=NULL, flags=SIGCHLD) = {pids[1]}\n",
             f"{pids[0]} clone(child_stack=NULL, flags=SIGCHLD) = {pids[2]}\n"]
    k = 0
    while len(lines) < n:
        pid = pids[k % 3]
        f = f"/usr/share/file{(k // 7) % 5000}"
        ret = "-1 ENOENT (No such file or directory)" if rnd.random() < mutate else "3"
        lines += [
            f'{pid} openat(AT_FDCWD, "{f}", O_RDONLY|O_CLOEXEC) = {ret}\n',
            f'{pid} newfstatat(3, "", {{st_mode=S_IFREG|0644, st_size={k % 977}, ...}}, AT_EMPTY_PATH) = 0\n',
            f'{pid} read(3, "data {k}\\n"..., 4096) = {k % 977}\n',
            f"{pid} mmap(NULL, 8192, PROT_READ, MAP_PRIVATE, 3, 0) = {0x7f0000000000 + k * 0x2000:#x}\n",
            f"{pid} close(3) = 0\n",
            f'{pid} write(1, "line {k}\\n", 12) = 12\n',
        ]
        k += 1
    with open(path, "w") as out:
        out.writelines(lines[:n])


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as d:
        a, b = os.path.join(d, "a"), os.path.join(d, "b")
        _trace(a, n, 1, 0.0)
        _trace(b, n, 2, 0.01)
        for label, args in (("changed 1%", [a, b]), ("identical", [a, a])):
            t0 = time.perf_counter()
            with redirect_stdout(io.StringIO()):
                rc = diff_main(["--format", "json", *args])
            dt = time.perf_counter() - t0
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"{n} events per side, {label}: {dt:.2f} s, exit {rc}, peak RSS {rss:.0f} MB")


if __name__ == "__main__":
    main()

"""pytrace diff at scale (python -m benchmarks.bench_diff [N ...]; default 100000 and 1000000).

Synthetic strace-text traces of N events repeat a real event mix (open/fstat/read/close/mmap/
write, three processes); side B has ~1% of its opens failing. For each N, two cases each in a
fresh process (so peak RSS is the case's own): "changed 1%" (A vs B) and "identical" (A vs A).
Reports wall time and peak RSS of the whole diff (read, normalise, align, JSON report).
Targets (issue 6): 100k events per side <= 5 s and <= 500 MB; 1M identical <= 30 s, bounded memory.
"""

from __future__ import annotations

import io
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from contextlib import redirect_stdout


def _trace(path: str, n: int, seed: int, mutate: float) -> None:
    rnd = random.Random(seed)
    pids = [1000, 1001, 1002]
    with open(path, "w") as out:
        out.write(f"{pids[0]} clone(child_stack=NULL, flags=SIGCHLD) = {pids[1]}\n")
        out.write(f"{pids[0]} clone(child_stack=NULL, flags=SIGCHLD) = {pids[2]}\n")
        written = 2
        k = 0
        while written < n:
            pid = pids[k % 3]
            f = f"/usr/share/file{(k // 7) % 5000}"
            ret = "-1 ENOENT (No such file or directory)" if rnd.random() < mutate else "3"
            lines = [
                f'{pid} openat(AT_FDCWD, "{f}", O_RDONLY|O_CLOEXEC) = {ret}\n',
                f'{pid} newfstatat(3, "", {{st_mode=S_IFREG|0644, st_size={k % 977}, ...}}, AT_EMPTY_PATH) = 0\n',
                f'{pid} read(3, "data {k}\\n"..., 4096) = {k % 977}\n',
                f"{pid} mmap(NULL, 8192, PROT_READ, MAP_PRIVATE, 3, 0) = {0x7f0000000000 + k * 0x2000:#x}\n",
                f"{pid} close(3) = 0\n",
                f'{pid} write(1, "line {k}\\n", 12) = 12\n',
            ][: n - written]
            out.writelines(lines)
            written += len(lines)
            k += 1


def _case(a: str, b: str) -> None:
    """Run one diff in this process and print: seconds, exit status, peak RSS (MB)."""
    from pytrace.diff.cli import main as diff_main

    t0 = time.perf_counter()
    with redirect_stdout(io.StringIO()):
        rc = diff_main(["--format", "json", a, b])
    dt = time.perf_counter() - t0
    print(f"{dt:.2f} {rc} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}")


def main() -> None:
    if sys.argv[1:2] == ["--case"]:
        _case(sys.argv[2], sys.argv[3])
        return
    sizes = [int(x) for x in sys.argv[1:]] or [100_000, 1_000_000]
    with tempfile.TemporaryDirectory() as d:
        for n in sizes:
            a, b = os.path.join(d, f"a{n}"), os.path.join(d, f"b{n}")
            _trace(a, n, 1, 0.0)
            _trace(b, n, 2, 0.01)
            for label, pair in (("changed 1%", (a, b)), ("identical", (a, a))):
                out = subprocess.run([sys.executable, "-m", "benchmarks.bench_diff", "--case", *pair],
                                     capture_output=True, text=True, check=True).stdout.split()
                print(f"{n} events per side, {label}: {out[0]} s, exit {out[1]}, peak RSS {out[2]} MB", flush=True)


if __name__ == "__main__":
    main()

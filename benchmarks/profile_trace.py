"""Where the tracer's time goes on the full-decode run: cProfile of pytrace tracing
``find /usr/share -maxdepth 4`` in this process, the top functions by own time.

cProfile charges ctypes calls to their caller (the wait loop) and inflates small Python
functions; read it for proportions, and benchmarks/bench_floor.py for absolute costs.

    python benchmarks/profile_trace.py [--top 25] [COMMAND ...]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pytrace.cli import main as pytrace_main  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("command", nargs="*", default=["find", "/usr/share", "-maxdepth", "4"])
    ns = ap.parse_args()
    prof = cProfile.Profile()
    prof.enable()
    try:
        pytrace_main(["-o", "/dev/null", *ns.command])
    except SystemExit:
        pass
    prof.disable()
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("tottime").print_stats(ns.top)
    sys.stdout.write(out.getvalue())


if __name__ == "__main__":
    main()

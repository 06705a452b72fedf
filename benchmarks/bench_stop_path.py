"""The Python work pytrace does per syscall, without the kernel: the entry and exit handlers
of the session and the text writer, fed syscall-info records as the kernel fills them, for
calls made by this very process (so decoders read real memory through /proc/self/mem).

This isolates what the tracer's own code costs per stop; the ptrace and wait calls around it
are measured by bench_trace.py. Prints microseconds per syscall (median of 5 runs).

    python benchmarks/bench_stop_path.py
"""

from __future__ import annotations

import ctypes
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pytrace import ptrace  # noqa: E402
from pytrace.config import TraceConfig  # noqa: E402
from pytrace.render.output import Output  # noqa: E402
from pytrace.render.text import TextWriter  # noqa: E402
from pytrace.session import Session  # noqa: E402
from pytrace.syscalls import AUDIT_ARCH_X86_64  # noqa: E402

N = 20000


def run(nr: int, args: tuple[int, ...], rval: int) -> float:
    cfg = TraceConfig(output="/dev/null")
    writer = TextWriter(cfg, Output(cfg))
    s = Session(cfg, writer)
    writer.bind(s)
    t = s._add(os.getpid())
    entry = ptrace.ENTRY.pack(1, AUDIT_ARCH_X86_64, 0x401000, 0x7FFC0000, nr, *args)
    exit_ = ptrace.EXIT.pack(2, AUDIT_ARCH_X86_64, 0x401000, 0x7FFC0000, rval, 0)
    buf = ptrace._info
    t0 = time.perf_counter()
    for _ in range(N):
        ctypes.memmove(buf, entry, len(entry))
        s._entry(t, buf)
        ctypes.memmove(buf, exit_, len(exit_))
        s._exit(t, buf)
    dt = time.perf_counter() - t0
    writer.close()
    return dt / N * 1e6


def main() -> None:
    path = ctypes.create_string_buffer(b"/usr/share/doc")
    stat = ctypes.create_string_buffer(144)
    os.stat("/usr/share/doc")
    cases = {
        "getppid() = 1": (110, (0, 0, 0, 0, 0, 0), 1),
        "close(3) = 0": (3, (3, 0, 0, 0, 0, 0), 0),
        'openat(AT_FDCWD, "/usr/share/doc", O_RDONLY|O_CLOEXEC) = 3': (
            257, (0xFFFFFF9C, ctypes.addressof(path), 0o2000000, 0, 0, 0), 3),
        "newfstatat(3, ..., {st_mode=...}, 0) = 0": (262, (3, ctypes.addressof(path), ctypes.addressof(stat), 0, 0, 0), 0),
    }
    for name, (nr, args, rval) in cases.items():
        us = statistics.median(run(nr, args, rval) for _ in range(5))
        print(f"{us:6.2f} us  {name}")


if __name__ == "__main__":
    main()

"""The per-syscall floor of a Python tracer on this machine: what the calls every stop needs
cost from Python, measured against a real stopped tracee, next to what strace spends of its
own per syscall (its full run minus its ``-e trace=none`` run, over the number of syscalls).

A syscall is two stops; at each, pytrace makes one wait and two ptrace calls (GET_SYSCALL_INFO
and the resume; the exit's GET_SYSCALL_INFO is skipped for calls nothing prints), and a
decoder reads tracee memory through /proc/PID/mem. Prints microseconds (median of 5 runs).

    python benchmarks/bench_floor.py
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pytrace import ptrace  # noqa: E402

N = 100_000
WORKLOAD = ["find", "/usr/share", "-maxdepth", "4"]


def per_call(fn: object, *args: object) -> float:
    def once() -> float:
        t0 = time.perf_counter()
        for _ in range(N):
            fn(*args)  # type: ignore[operator]
        return (time.perf_counter() - t0) / N * 1e6

    return statistics.median(once() for _ in range(5))


def stopped_child() -> int:
    pid = os.fork()
    if pid == 0:
        ptrace.request(ptrace._C["PTRACE_TRACEME"], 0)
        os.kill(os.getpid(), signal.SIGSTOP)
        os._exit(0)
    os.waitpid(pid, 0)
    return pid


def strace_own_cost() -> tuple[float, int] | None:
    """strace's own microseconds per syscall on WORKLOAD, and the syscall count."""
    strace = shutil.which("strace")
    if strace is None:
        return None
    count = subprocess.run([strace, "-f", "-c", "-o", "/dev/stdout", *WORKLOAD], capture_output=True, text=True)
    total = [ln for ln in count.stdout.splitlines() if ln.rstrip().endswith("total")]
    calls = int(total[-1].split()[3]) if total else 0

    def wall(cmd: list[str]) -> float:
        t0 = time.perf_counter()
        subprocess.run(["taskset", "-c", "0", *cmd], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return time.perf_counter() - t0

    full, none = [], []
    for _ in range(5):
        full.append(wall([strace, "-o", "/dev/null", *WORKLOAD]))
        none.append(wall([strace, "-o", "/dev/null", "-e", "trace=none", *WORKLOAD]))
    return (statistics.median(full) - statistics.median(none)) / max(calls, 1) * 1e6, calls


def main() -> None:
    pid = stopped_child()
    fast = ptrace._fast
    info = ptrace._info_ptr
    get_info = ptrace.PTRACE_GET_SYSCALL_INFO
    mem = os.open(f"/proc/{os.getpid()}/mem", os.O_RDONLY)
    buf = ctypes.create_string_buffer(144)
    rows = {
        "ctypes ptrace(GET_SYSCALL_INFO) on a stopped tracee": per_call(fast, get_info, pid, 88, info),
        "ctypes ptrace(PEEKUSER)": per_call(fast, ptrace.PTRACE_PEEKUSER, pid, 0, 0),
        "os.waitpid(WNOHANG) (no child ready)": per_call(os.waitpid, pid, os.WNOHANG),
        "os.pread 144 bytes of /proc/self/mem": per_call(os.pread, mem, 144, ctypes.addressof(buf)),
        "os.getppid (a bare syscall from Python)": per_call(os.getppid),
    }
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    for name, us in rows.items():
        print(f"{us:6.2f} us  {name}")
    ctypes_call = rows["ctypes ptrace(GET_SYSCALL_INFO) on a stopped tracee"]
    wait = rows["os.waitpid(WNOHANG) (no child ready)"]
    floor = 2 * wait + 4 * ctypes_call
    print(f"{floor:6.2f} us  per syscall: 2 waits + 4 ptrace calls, before any decoding or output")
    own = strace_own_cost()
    if own is not None:
        print(f"{own[0]:6.2f} us  strace's own work per syscall on {' '.join(WORKLOAD)} ({own[1]} syscalls)")


if __name__ == "__main__":
    main()

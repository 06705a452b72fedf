"""-s 0 / -s 1 and -e verbose= edge cases of iovec arrays (readv, writev, process_vm_readv,
an i386 writev) and sched_*affinity cpu sets, live against strace 6.1 (probe s0_edges), and
the cpu set printer on real bytes."""

from __future__ import annotations

import re

import pytest

from pytrace.decoders.sched import cpuset_size
from tests.differential import compare, compile_probe, have_gcc, have_strace, run_both
from tests.test_int80 import BASE, END, SIZE, run, tracee

live = pytest.mark.skipif(not (have_strace() and have_gcc()), reason="needs strace and gcc")

# The tracers' environments differ in size, so the probe's stack addresses do: masked.
_STACK = re.compile(r"0x7ff[0-9a-f]{9}")
# -e verbose=: only the calls this probe is about (stat and prlimit64 are other decoders')
_CALLS = "trace=execve,readv,writev,process_vm_readv,sched_getaffinity,sched_setaffinity"


@live
@pytest.mark.parametrize(
    "opts",
    [["-s", "0"], ["-s", "1"], ["-s", "0", "-v"], ["-s", "1", "-v"], ["-s", "0", "-x"],
     ["-e", "verbose=none", "-e", _CALLS], ["-s", "0", "-e", "verbose=readv", "-e", _CALLS]],
    ids=["s0", "s1", "s0v", "s1v", "s0x", "verbose_none", "s0_verbose_readv"],
)
def test_s0_edges_match_strace(opts: list[str]) -> None:
    res = run_both([compile_probe("s0_edges")], opts)
    assert res.total > 12, res.report()
    masked = compare([_STACK.sub("STACK", x) for x in res.strace[1:]],
                     [_STACK.sub("STACK", x) for x in res.pytrace[1:]])
    print("s0_edges", opts, "raw:", res.report(0), "masked:", masked.report())
    assert masked.rate == 1.0, masked.report()


def test_cpuset_prints_every_cpu_whatever_s_says() -> None:
    mask = (1 << 0 | 1 << 5 | 1 << 70).to_bytes(16, "little")
    for s in (0, 1, 32):
        t = tracee(mask, "x86_64", string_limit=s)
        assert run(t, "sched_setaffinity", (0, 16, BASE)) == ["0", "16", "[0 5 70]"]
    n = cpuset_size()
    assert n >= 8 and n & (n - 1) == 0
    # longer than the kernel's cpuset: at most that much read, then "..."
    big = tracee(b"\x03" + bytes(SIZE - 1), "x86_64")
    if n < SIZE:
        assert run(big, "sched_setaffinity", (0, n + 8, BASE))[2] == "[0 1 ...]"
    # shorter than a word, NULL, unmapped, running into the unmapped end, a failed call
    assert run(tracee(b"\x06", "x86_64"), "sched_setaffinity", (0, 1, BASE))[2] == "[1 2]"
    assert run(tracee(b"", "x86_64"), "sched_setaffinity", (0, 8, 0))[2] == "NULL"
    assert run(tracee(b"", "x86_64"), "sched_setaffinity", (0, 8, END))[2] == "%#x" % END
    assert run(tracee(b"", "x86_64"), "sched_setaffinity", (0, 16, END - 8))[2] == "%#x" % (END - 8)
    assert run(tracee(mask, "x86_64"), "sched_getaffinity", (0, 16, BASE), rval=-22)[2] == "%#x" % BASE
    assert run(tracee(mask, "x86_64"), "sched_getaffinity", (0, 16, BASE), rval=16)[2] == "[0 5 70]"


def test_iovec_not_verbose_prints_the_address() -> None:
    from pytrace.structs import compat32 as L

    iov = L.IOVEC32.build(dict(iov_base=BASE + 64, iov_len=2)).ljust(64, b"\0") + b"hi"
    for arch in ("i386", "x86_64"):
        data = iov if arch == "i386" else (BASE + 64).to_bytes(8, "little") + (2).to_bytes(8, "little")
        data = data.ljust(64, b"\0") + b"hi"
        assert run(tracee(data, arch, verbose_set=frozenset()), "writev", (1, BASE, 1)) == ["1", "%#x" % BASE, "1"]
        assert run(tracee(data, arch, verbose_set=frozenset()), "writev", (1, BASE, 0)) == ["1", "[]", "0"]
        assert run(tracee(data, arch, string_limit=0), "writev", (1, BASE, 1)) == ["1", "[...]", "1"]
        assert run(tracee(data, arch, string_limit=0, verbose=True), "writev", (1, BASE, 1)) == [
            "1", '[{iov_base=""..., iov_len=2}]', "1"]

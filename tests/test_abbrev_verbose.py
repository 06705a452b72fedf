"""-e abbrev=SET, -e verbose=SET and -v as strace 6.1: per-call sets, the last of -v /
-e abbrev= wins, a call left out of -e verbose= prints every structure and array as its
address (and never reads it). Live against the installed strace on a real command and on
probes with structures; option parsing and the no-read rule on real bytes."""

from __future__ import annotations

import re

import pytest

from pytrace.cli import parse_args
from pytrace.structs.stat import STAT
from tests.differential import (
    compare,
    compile_probe,
    first_exec_line,
    have_gcc,
    have_strace,
    run_both,
)
from tests.test_int80 import BASE, END, ImageMemory, run, tracee

live = pytest.mark.skipif(not (have_strace() and have_gcc()), reason="needs strace and gcc")

# Values that differ between the two runs by nature, masked by class:
# - times: file times (the first run's reads and writes move atime, and mtime of /dev/null),
#   IPC and adjtimex times, times()'s tick count, clock readings;
_TIMES = re.compile(r"\b(\w*time(?:_nsec)?=|tv_u?n?sec=)-?\d+(?: /\* [^*]* \*/)?")
_TICKS = re.compile(r"^(\S+ times\(.*\)\s*= )\d+$")
# - random bytes: getrandom's buffer;
_RANDOM = re.compile(r'^(\S+ getrandom\()"[^"]*"(\.\.\.)?')
# - live counters: statfs free blocks and inodes;
_FREE = re.compile(r"\b(f_bfree|f_bavail|f_ffree)=\d+")
# - ephemeral ports the kernel picks per run;
_PORT = re.compile(r"(sin6?_port=htons\()\d+")
# - a syscall newer than strace 6.1's table (pytrace names it, strace prints syscall_0x1d7).
_NEWER = re.compile(r"^(\S+ )(?:syscall_0x1d7|rseq_slice_yield)\(")


def _mask(lines: list[str]) -> list[str]:
    out = []
    for line in lines:
        if first_exec_line(line):  # the spawning execve's argv/envp are tracer memory
            continue
        line = _TIMES.sub(r"\1T", line)
        line = _TICKS.sub(r"\1T", line)
        line = _RANDOM.sub(r'\1"R"', line)
        line = _FREE.sub(r"\1=F", line)
        line = _PORT.sub(r"\1PORT", line)
        out.append(_NEWER.sub(r"\1NEWER(", line))
    return out


def _check(argv: list[str], opts: list[str], minimum: int, **kw: object) -> None:
    res = run_both(argv, opts, **kw)  # type: ignore[arg-type]
    assert res.total >= minimum, res.report()
    masked = compare(_mask(res.strace), _mask(res.pytrace))
    print(opts, "raw:", res.report(0), "masked:", masked.report())
    assert masked.rate == 1.0, masked.report()


# ------------------------------------------------------------------ live: a real command
_STAT_CMD = ["env", "-i", "A=1", "/usr/bin/stat", "-c", "%s", "/"]
_MATRIX = [
    ["-e", "abbrev=none"],
    ["-e", "abbrev=execve"],
    ["-e", "abbrev=newfstatat"],
    ["-e", "abbrev=!execve"],
    ["-e", "verbose=none"],
    ["-e", "verbose=execve"],
    ["-e", "verbose=!newfstatat"],
    ["-v", "-e", "abbrev=all"],
    ["-e", "abbrev=all", "-v"],
    ["-e", "abbrev=none", "-e", "verbose=none"],
    ["--abbrev=newfstatat", "--verbose=!execve"],
]


@live
@pytest.mark.parametrize("opts", _MATRIX, ids=[" ".join(o) for o in _MATRIX])
def test_stat_command_matches_strace(opts: list[str]) -> None:
    """execve's envp (abbreviated: address and count) and the stat structures (abbreviated:
    st_mode, st_size, ...) of the second execve and every newfstatat."""
    _check(_STAT_CMD, opts, minimum=20)


@live
def test_second_execve_envp_follows_abbrev() -> None:
    """Guard against a comparison that cannot fail: the option changes the line itself."""
    full = run_both(_STAT_CMD, ["-e", "trace=execve", "-e", "abbrev=!execve"]).pytrace
    short = run_both(_STAT_CMD, ["-e", "trace=execve", "-e", "abbrev=execve"]).pytrace
    assert any(x.endswith('["A=1"]) = 0') for x in full), full
    assert any(x.endswith("/* 1 var */) = 0") for x in short), short


# ------------------------------------------------------------------ live: probes with structures
# sockets and msghdr, poll/select, sigaction and signal masks, rlimit/sched/ids, IPC, arrays
_PROBES = {
    "net_basic": ([], []),
    "desc_mux": ([], []),
    "sig_calls": ([], []),
    "proc": (["-w"], []),
    "ipc": ([], []),
    "rest": ([], []),
}
_PROBE_OPTS = [
    ["-e", "verbose=none"],
    ["-e", "abbrev=none"],
    ["-e", "verbose=!sendmsg,recvmsg,poll,rt_sigaction,prlimit64,getrlimit,shmctl,msgctl,semctl",
     "-e", "abbrev=recvmsg,recvmmsg,fstat,newfstatat,getdents64"],
]


@live
@pytest.mark.parametrize("probe", sorted(_PROBES))
@pytest.mark.parametrize("opts", _PROBE_OPTS, ids=["verbose_none", "abbrev_none", "verbose_not_abbrev_some"])
def test_probe_matches_strace(probe: str, opts: list[str]) -> None:
    flags, extra = _PROBES[probe]
    _check([compile_probe(probe, flags)], [*extra, *opts], minimum=40, per_process=True)


@live
@pytest.mark.parametrize("probe", ["ioctl_sock", "bpf", "iouring"])
def test_probe_not_verbose_matches_strace(probe: str) -> None:
    """ioctl (SIOCGIFCONF is read with umove: decoded, its ifreq array an address), bpf attrs
    (the address), io_uring: under -e verbose=none."""
    _check([compile_probe(probe)], ["-e", "verbose=none"], minimum=40, per_process=True)


# ------------------------------------------------------------------ option parsing
@pytest.mark.parametrize(
    ("argv", "abbrev_set", "verbose_set"),
    [
        ([], None, None),
        (["-v"], frozenset(), None),
        (["-v", "-e", "abbrev=all"], None, None),
        (["-e", "abbrev=all", "-v"], frozenset(), None),
        (["-e", "abbrev=execve", "-v"], frozenset(), None),
        (["-v", "-e", "abbrev=execve"], frozenset({"execve"}), None),
        (["-e", "a=execve", "-e", "abbrev=stat"], frozenset({"stat"}), None),  # the last set wins
        (["--abbrev=none", "--verbose=none"], frozenset(), frozenset()),
        (["-e", "verbose=execve", "-e", "v=stat64"], None, frozenset({"stat64"})),  # i386 names too
    ],
)
def test_option_order(argv: list[str], abbrev_set: frozenset[str] | None, verbose_set: frozenset[str] | None) -> None:
    cfg = parse_args([*argv, "true"])
    assert cfg.abbrev_set == abbrev_set
    assert cfg.verbose_set == verbose_set
    assert cfg.verbose == (abbrev_set == frozenset())


def test_negated_sets_hold_every_other_name() -> None:
    cfg = parse_args(["-e", "abbrev=!execve", "-e", "verbose=!fstat", "true"])
    assert cfg.abbrev_set is not None and "execve" not in cfg.abbrev_set and "fstat" in cfg.abbrev_set
    assert cfg.verbose_set is not None and "fstat" not in cfg.verbose_set and "execve" in cfg.verbose_set


# ------------------------------------------------------------------ real bytes: no read when not verbose
class _Recorder(ImageMemory):
    """ImageMemory that records every address read."""

    def __init__(self, base: int, data: bytes) -> None:
        super().__init__(base, data)
        self.reads: list[int] = []

    def read_upto(self, addr: int, size: int) -> bytes | None:
        self.reads.append(addr)
        return super().read_upto(addr, size)


_STAT_BYTES = STAT.build(dict(
    st_dev=0xFE00, st_ino=7, st_mode=0o100644, st_nlink=1, st_uid=0, st_gid=0, st_rdev=0,
    st_size=1234, st_blksize=4096, st_blocks=8, st_atime=0, st_atime_nsec=0, st_mtime=0,
    st_mtime_nsec=0, st_ctime=0, st_ctime_nsec=0,
))

# (call, args, rval, index of the structure/array argument): each argument points at BASE
_CALLS = [
    ("fstat", (3, BASE), 0, 1),
    ("getresuid", (BASE, BASE + 4, BASE + 8), 0, 0),
    ("sched_getparam", (0, BASE), 0, 1),
    ("socketpair", (1, 1, 0, BASE), 0, 3),
    ("poll", (BASE, 1, 0), 1, 0),
    ("rt_sigprocmask", (0, BASE, 0, 8), 0, 1),
    ("getrlimit", (7, BASE), 0, 1),
    ("setgroups", (2, BASE), 0, 1),
    ("nanosleep", (BASE, 0), 0, 0),
    ("wait4", (-1, BASE, 0, 0), 5, 1),
]


def _tracee(mem: ImageMemory, **cfg: object):  # type: ignore[no-untyped-def]
    t = tracee(b"", "x86_64", **cfg)
    t.mem = mem
    return t


@pytest.mark.parametrize(("name", "args", "rval", "pos"), _CALLS, ids=[c[0] for c in _CALLS])
def test_not_verbose_reads_no_structure(name: str, args: tuple[int, ...], rval: int, pos: int) -> None:
    """A call -e verbose= leaves out prints the address and never reads the structure;
    the same call in the set reads and decodes it (so the check can fail)."""
    data = _STAT_BYTES.ljust(256, b"\x01")
    mem = _Recorder(BASE, data)
    out = run(_tracee(mem, verbose_set=frozenset({"other"})), name, args, rval)
    assert out[pos] == "%#x" % args[pos], out
    assert mem.reads == [], (out, mem.reads)
    mem = _Recorder(BASE, data)
    out = run(_tracee(mem, verbose_set=frozenset({name})), name, args, rval)
    assert out[pos] != "%#x" % args[pos], out
    assert mem.reads, out


def test_not_verbose_unmapped_and_null() -> None:
    """Unmapped and NULL pointers print as in a verbose call: the address and NULL."""
    mem = _Recorder(BASE, b"")
    t = _tracee(mem, verbose_set=frozenset())
    assert run(t, "fstat", (3, END), 0)[1] == "%#x" % END
    assert run(t, "fstat", (3, 0), 0)[1] == "NULL"
    assert run(t, "getresuid", (0, END, BASE), 0) == ["NULL", "%#x" % END, "%#x" % BASE]
    assert mem.reads == []


def test_abbrev_set_per_call() -> None:
    """A stat structure prints whole only for a call outside -e abbrev=."""
    short = run(tracee(_STAT_BYTES, "x86_64", abbrev_set=frozenset({"fstat"})), "fstat", (3, BASE), 0)[1]
    whole = run(tracee(_STAT_BYTES, "x86_64", abbrev_set=frozenset({"newfstatat"})), "fstat", (3, BASE), 0)[1]
    assert short == "{st_mode=S_IFREG|0644, st_size=1234, ...}"
    assert whole.startswith("{st_dev=makedev(0xfe, 0), st_ino=7, st_mode=S_IFREG|0644,"), whole
    # a truncated structure (running into the unmapped end) prints the address either way
    cut = tracee(_STAT_BYTES[:40], "x86_64", at=256 - 40)
    assert run(cut, "fstat", (3, END - 40), 0)[1] == "%#x" % (END - 40)

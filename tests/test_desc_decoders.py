"""Descriptor and multiplexing decoders (poll, select, epoll, eventfd, signalfd, inotify,
fanotify, splice family, fallocate/fadvise/flock/sync, memfd) against the installed strace,
and on real bytes with NULL, unmapped and truncated buffers."""

from __future__ import annotations

import re
import struct

import pytest

from pytrace.config import TraceConfig
from pytrace.decoders import load_decoders
from pytrace.decoders.registry import DECODERS
from pytrace.tracee import Tracee
from tests.differential import (
    compare,
    compile_probe,
    first_exec_line,
    have_gcc,
    have_strace,
    run_both,
)

DESC_CALLS = (
    "poll,ppoll,select,pselect6,epoll_create,epoll_create1,epoll_ctl,epoll_wait,epoll_pwait,"
    "epoll_pwait2,eventfd,eventfd2,signalfd,signalfd4,inotify_init,inotify_init1,"
    "inotify_add_watch,inotify_rm_watch,fanotify_init,fanotify_mark,splice,tee,vmsplice,"
    "sendfile,copy_file_range,fallocate,fadvise64,flock,fsync,fdatasync,syncfs,"
    "sync_file_range,memfd_create"
)
# -y: pipe and anon-inode numbers differ between the two runs by nature.
_INODES = re.compile(r"(pipe|anon_inode|socket):\[\d+\]")


def _noinode(lines: list[str]) -> list[str]:
    # Deleted files (O_TMPFILE) are annotated by fds.py, which places "(deleted)" differently
    # from strace 6.1 (a -y difference class outside these decoders): leave those lines out.
    return [_INODES.sub(r"\1:[N]", line) for line in lines if "(deleted)" not in line]


live = pytest.mark.skipif(not (have_strace() and have_gcc()), reason="needs strace and gcc")


@live
@pytest.mark.parametrize("opts", [[], ["-v", "-s", "4"], ["-y"]], ids=["default", "v-s4", "y"])
def test_desc_probe_matches_strace(opts: list[str]) -> None:
    res = run_both([compile_probe("desc_mux")], ["-e", f"trace={DESC_CALLS}", *opts])
    assert res.total > 80, res.report()
    res = compare(_noinode(res.strace), _noinode(res.pytrace))
    print("desc", opts, res.report())
    assert res.rate == 1.0, res.report()


@live
def test_select_exit_text_limit() -> None:
    """strace 6.1's 1024-byte exit text: fd lists cut near 1000 bytes, "]" closing each visited
    set, "left ..." dropped when it does not fit (tests/probes/select_big.c)."""
    res = run_both([compile_probe("select_big")], ["-e", "trace=select,pselect6"])
    assert res.total > 20, res.report()
    assert res.rate == 1.0, res.report()


@live
def test_desc_probe_all_calls() -> None:
    """Untraced-filter run: every line but the spawning execve's envp is identical."""
    res = run_both([compile_probe("desc_mux")])
    bad = [(a, b) for a, b in res.diffs if not (first_exec_line(a) and first_exec_line(b))]
    print("desc (all):", res.report())
    assert res.rate >= 0.98, res.report()
    assert len(bad) <= 2, res.report()  # set_robust_list etc. belong to other families


# ---------------------------------------------------------------- decoders on real bytes
class ImageMemory:
    """A tracee address space made of one mapped region holding ``data`` (no ptrace)."""

    def __init__(self, base: int, data: bytes) -> None:
        self.base, self.data = base, data

    def read_upto(self, addr: int, size: int) -> bytes | None:
        off = addr - self.base
        if off < 0 or off >= len(self.data):
            return None if size > 0 else b""
        return self.data[off : off + size]

    def read(self, addr: int, size: int) -> bytes | None:
        got = self.read_upto(addr, size)
        return got if got is not None and len(got) == size else None

    def read_cstring(self, addr: int, limit: int) -> tuple[bytes, bool] | None:
        got = self.read_upto(addr, limit)
        if got is None:
            return None
        nul = got.find(b"\0")
        return (got[:nul], True) if nul >= 0 else (got, False)


BASE = 0x10000
END = BASE + 64  # the first unmapped address


def decode(name: str, args: tuple[int, ...], data: bytes, rval: int | None = None) -> Tracee:
    load_decoders()
    t = Tracee(1, TraceConfig(), ImageMemory(BASE, data.ljust(64, b"\0")[:64]))  # type: ignore[arg-type]
    from pytrace.syscalls import table

    t.desc = table("x86_64").by_name[name]
    t.args = (*args, *(0,) * (6 - len(args)))
    t.out = []
    more = DECODERS[name](t)
    if more and rval is not None:
        t.exiting, t.rval, t.is_error = True, rval, rval < 0
        DECODERS[name](t)
    return t


def test_poll_truncated_and_unmapped() -> None:
    pfd = struct.pack("<ihH", 3, 1, 1)
    # Two elements, the second past the end of the mapping.
    t = decode("poll", (END - 8, 2, 0), b"\0" * 56 + pfd, rval=-14)
    assert t.out == ["[{fd=3, events=POLLIN}, ... /* %#x */]" % END, "2", "0"]
    t = decode("poll", (END, 1, 0), b"", rval=-14)
    assert t.out[0] == "%#x" % END
    t = decode("poll", (0, 0, 0), b"", rval=0)
    assert t.out[0] == "NULL" and t.raux == " (Timeout)"
    t = decode("poll", (BASE, 1, 5), pfd, rval=1)
    assert t.raux == " ([{fd=3, revents=POLLIN}])"


def test_epoll_ctl_event_bytes() -> None:
    ev = struct.pack("<IQ", 0x80000001, (1 << 32) | 7)
    t = decode("epoll_ctl", (4, 1, 5, BASE), ev)
    assert t.out[3] == "{events=EPOLLIN|EPOLLET, data={u32=7, u64=4294967303}}"
    t = decode("epoll_ctl", (4, 1, 5, END - 4), ev)  # truncated by the unmapped page
    assert t.out[3] == "%#x" % (END - 4)
    t = decode("epoll_ctl", (4, 2, 5, 0), b"")
    assert t.out[3] == "NULL"


def test_select_sets_and_hostile_nfds() -> None:
    bits = struct.pack("<Q", (1 << 3) | (1 << 5))
    t = decode("select", (7, BASE, 0, END, 0), bits, rval=2)
    assert t.out == ["7", "[3 5]", "NULL", "%#x" % END, "NULL"]
    assert t.raux == " (in [3 5])"
    t = decode("select", (0x7FFFFFFF, BASE, 0, 0, 0), bits, rval=-22)
    assert t.out[1] == "%#x" % BASE  # the fd set would run past the mapping


def test_sendfile_offset_change_and_memfd_hugetlb() -> None:
    t = decode("sendfile", (1, 3, BASE, 5), struct.pack("<q", 2))
    assert t.out == ["1", "3", "[2]"]
    t = decode("sendfile", (1, 3, END, 5), b"")
    assert t.out == ["1", "3", "%#x" % END, "5"]
    t = decode("memfd_create", (BASE, 4 | (21 << 26)), b"x\0")
    assert t.out == ['"x"', "MFD_HUGETLB|21<<MFD_HUGE_SHIFT"]


# ------------------------------------------------------------------ hostile input
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

MINE = (
    DESC_CALLS.split(",")
    + "clock_gettime,clock_settime,clock_getres,clock_adjtime,gettimeofday,settimeofday,"
    "timer_create,timer_settime,timer_gettime,timer_getoverrun,timer_delete,setitimer,getitimer,"
    "times,adjtimex,alarm,time,timerfd_create,timerfd_settime,timerfd_gettime".split(",")
)
_ARG = st.sampled_from([0, BASE, BASE + 8, END - 4, END, 1, 2, 64, 0xFFFFFFFF, (1 << 64) - 1])


@settings(max_examples=300, deadline=None)
@given(
    name=st.sampled_from(MINE),
    args=st.tuples(_ARG, _ARG, _ARG, _ARG, _ARG, _ARG),
    data=st.binary(max_size=64),
    rval=st.sampled_from([-14, -22, 0, 1, 2, 64]),
)
def test_decoders_never_raise_on_hostile_memory(
    name: str, args: tuple[int, ...], data: bytes, rval: int
) -> None:
    t = decode(name, args, data, rval)
    # Every argument prints as terminal-safe text (tracee bytes escaped).
    for text in [*t.out, t.raux]:
        assert isinstance(text, str) and text.isprintable() and text.isascii(), text

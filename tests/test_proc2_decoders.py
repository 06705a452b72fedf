"""The rest of the process-control decoders against the installed strace, one family at a
time (tests/probes/proc.c and proc2.c): prctl, statfs, mount, numa/mincore/process_vm, ptrace,
seccomp, keys, landlock, bpf/perf/io_uring/reboot.

Both tracers run with --seccomp-bpf so that PR_GET_SECCOMP answers the same in both."""

from __future__ import annotations

import ctypes
import functools
import mmap
import os
import struct

import construct as cs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pytrace.config import TraceConfig
from pytrace.decoders.perf import perf_event_open
from pytrace.decoders.statfs import STATFS, format_statfs, statfs_decl
from pytrace.tracee import Tracee
from tests.differential import compile_probe, have_gcc, have_strace, run_both

live = pytest.mark.skipif(not (have_strace() and have_gcc()), reason="needs strace and gcc")

FAMILIES = {
    "prctl": "prctl",
    "statfs": "statfs,fstatfs",
    "mount": "mount,umount2,fsopen,fsconfig,fsmount,fspick,move_mount,open_tree",
    "memory": "mincore,get_mempolicy,set_mempolicy,mbind,process_vm_readv,process_vm_writev",
    "ptrace": "ptrace",
    "seccomp": "seccomp",
    "keys": "add_key,request_key,keyctl",
    "landlock": "landlock_create_ruleset,landlock_add_rule,landlock_restrict_self",
    "misc": "bpf,perf_event_open,io_uring_setup,io_uring_enter,io_uring_register,reboot",
}
# f_bfree, f_bavail and f_ffree of a live file system change between the two runs.
_LIVE_COUNTS = ("f_bfree=", "f_bavail=", "f_ffree=")


@live
@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_family_matches_strace(family: str) -> None:
    calls = FAMILIES[family]
    total = matched = 0
    reports = []
    for probe in ("proc", "proc2"):
        res = run_both([compile_probe(probe, ["-w"])], ["--seccomp-bpf", "-e", f"trace={calls}"])
        extra = sum(1 for a, b in res.diffs if _same_but_counts(a, b) or _session_diff(a, b))
        total += res.total
        matched += res.matched + extra
        reports.append(f"{probe}: " + res.report())
    print(family, matched, "/", total)
    assert total >= 1, reports
    assert matched / total >= 0.98, "\n".join(reports)


def _session_diff(a: str, b: str) -> bool:
    """strace --seccomp-bpf sets no_new_privs even as root; pytrace only when not root."""
    return "prctl(PR_GET_NO_NEW_PRIVS" in a and a.rsplit("=", 1)[0] == b.rsplit("=", 1)[0]


def _same_but_counts(a: str, b: str) -> bool:
    import re

    pat = re.compile(r"(f_bfree|f_bavail|f_ffree)=\d+")
    return a != b and any(k in a for k in _LIVE_COUNTS) and pat.sub("", a) == pat.sub("", b)


def _statfs_bytes(**kw: int) -> bytes:
    base = dict(f_type=0xEF53, f_bsize=4096, f_blocks=10, f_bfree=5, f_bavail=4, f_files=100,
                f_ffree=50, f_fsid0=-1, f_fsid1=0, f_namelen=255, f_frsize=4096, f_flags=0x1020)
    base.update(kw)
    return statfs_decl.build(base)


def test_statfs_layout() -> None:
    assert statfs_decl.sizeof() == STATFS.size == 120
    with pytest.raises(cs.StreamError):
        statfs_decl.parse(b"\0" * 100)


def test_statfs_known_and_unknown_magic() -> None:
    text = format_statfs(_statfs_bytes())
    assert text.startswith("{f_type=EXT2_SUPER_MAGIC, f_bsize=4096,")
    assert "f_fsid={val=[0xffffffff, 0]}" in text
    assert text.endswith("f_flags=ST_VALID|ST_RELATIME}")
    assert format_statfs(_statfs_bytes(f_type=0x12345, f_flags=0)).startswith("{f_type=0x12345,")
    assert format_statfs(_statfs_bytes(f_flags=0)).endswith("f_flags=0}")


@live
@pytest.mark.parametrize("opts", [["-v"], [], ["-v", "-X", "verbose"]], ids=["v", "abbrev", "v-Xverbose"])
def test_seccomp_filter_program(opts: list[str]) -> None:
    """-v prints the classic BPF program (BPF_STMT/BPF_JUMP, return actions, unknown bits,
    arrays cut by an unmapped page); without -v only its address (tests/probes/seccomp_filter.c)."""
    res = run_both([compile_probe("seccomp_filter")], [*opts, "-e", "trace=seccomp"])
    assert res.total >= 7, res.report()
    assert res.rate == 1.0, res.report()


@live
def test_io_uring_setup_params() -> None:
    """struct io_uring_params (tests/probes/io_uring_setup.c): entry fields, the kernel's
    answer at exit, reserved fields printed at entry only, unreadable struct as its address."""
    res = run_both([compile_probe("io_uring_setup")], ["-e", "trace=io_uring_setup,io_uring_register"])
    assert res.total >= 10, res.report()
    assert res.rate == 1.0, res.report()


@live
@pytest.mark.parametrize("opts", [[], ["-v"]], ids=["abbrev", "v"])
def test_perf_event_attr(opts: list[str]) -> None:
    """struct perf_event_attr (tests/probes/bpf_perf.c): software, tracepoint, VER0 hardware,
    unknown type with size 0, an attr cut by an unmapped page, NULL."""
    res = run_both([compile_probe("bpf_perf", ["-w"])], [*opts, "-e", "trace=perf_event_open"])
    assert res.total >= 6, res.report()
    assert res.rate == 1.0, res.report()


@live
@pytest.mark.parametrize("opts", [[], ["-v"]], ids=["abbrev", "v"])
def test_perf_attr_leftovers(opts: list[str]) -> None:
    """tests/probes/perf.c: breakpoint types (named, invalid, unknown), bp_addr/bp_len, the
    HW_CACHE config split, branch_sample_type, unknown sample/read bits, every attr size,
    __reserved_1/__reserved_2, oversized attrs, E2BIG and attrs against an unmapped page."""
    res = run_both([compile_probe("perf", ["-w"])], [*opts, "-e", "trace=perf_event_open"])
    assert res.total >= 50, res.report()
    assert res.rate == 1.0, res.report()


@functools.cache
def _page_before_hole() -> int:
    """The end of a readable page whose successor is unmapped (this process's memory)."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.mmap.restype = ctypes.c_void_p
    libc.mmap.argtypes = (ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_long)
    libc.munmap.argtypes = (ctypes.c_void_p, ctypes.c_size_t)
    page = libc.mmap(None, 2 * mmap.PAGESIZE, 3, 0x22, -1, 0)
    assert libc.munmap(page + mmap.PAGESIZE, mmap.PAGESIZE) == 0
    return int(page) + mmap.PAGESIZE


_ATTR_HEAD = st.builds(
    lambda typ, size: struct.pack("<II", typ, size),
    st.sampled_from([0, 1, 2, 3, 4, 5, 6, 0xFFFFFFFF]),
    st.sampled_from([0, 8, 63, 64, 65, 72, 80, 88, 92, 96, 104, 110, 111, 112, 120, 128, 136, 4096, 0xFFFFFFFF]),
)


@settings(max_examples=200, deadline=None)
@given(head=_ATTR_HEAD, rest=st.binary(min_size=0, max_size=200), verbose=st.booleans(),
       err=st.sampled_from([0, -7, -22]))
def test_perf_attr_hostile_bytes(head: bytes, rest: bytes, verbose: bool, err: int) -> None:
    """Random attr bytes ending against an unmapped page (short reads, any size field, any
    type and bit word): the decoder prints a struct or the address and never raises."""
    data = head + rest
    end = _page_before_hole()
    a = end - len(data)
    ctypes.memmove(a, data, len(data))
    cfg = TraceConfig()
    cfg.verbose = verbose
    t = Tracee(os.getpid(), cfg)
    t.args = (a, 0, 2**32 - 1, 2**32 - 1, 8, 0)
    assert perf_event_open(t) is True
    t.exiting, t.rval, t.is_error = True, err, bool(err)
    perf_event_open(t)
    assert t.out[0].startswith("{type=") or t.out[0] == "%#x" % a, t.out[0]
    assert t.out[0].count("{") == t.out[0].count("}")

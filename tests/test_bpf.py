"""bpf(2) against the installed strace (tests/probes/bpf.c: every command strace 6.1 decodes,
good attrs, short sizes, oversized attrs with a non-zero tail, NULL and unmapped attrs), and the
decoder on hostile bytes placed against an unmapped page of this process."""

from __future__ import annotations

import ctypes
import functools
import mmap
import os
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pytrace.config import TraceConfig
from pytrace.decoders.bpf import COMMANDS, bpf
from pytrace.tracee import Tracee
from tests.differential import compile_probe, have_gcc, have_strace, run_both

live = pytest.mark.skipif(not (have_strace() and have_gcc()), reason="needs strace and gcc")
_MAP_ID = re.compile(r"\bid=\d+")  # map ids grow from one run to the next


@live
@pytest.mark.parametrize("opts", [[], ["-v"], ["-X", "raw"], ["-X", "verbose"], ["-y"], ["-s", "4", "-x"]],
                         ids=["abbrev", "v", "raw", "xverbose", "y", "s4x"])
def test_bpf_commands_match_strace(opts: list[str]) -> None:
    res = run_both([compile_probe("bpf", ["-w"])], [*opts, "-e", "trace=bpf"])
    assert res.total >= 120, res.report()
    a = [_MAP_ID.sub("id=N", line) for line in res.strace]
    b = [_MAP_ID.sub("id=N", line) for line in res.pytrace]
    assert a == b, res.report()


@functools.cache
def _page_end() -> int:
    """The end of a readable page whose successor is unmapped."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.mmap.restype = ctypes.c_void_p
    libc.mmap.argtypes = (ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_long)
    libc.munmap.argtypes = (ctypes.c_void_p, ctypes.c_size_t)
    page = libc.mmap(None, 2 * mmap.PAGESIZE, 3, 0x22, -1, 0)
    assert libc.munmap(page + mmap.PAGESIZE, mmap.PAGESIZE) == 0
    return int(page) + mmap.PAGESIZE


def _call(args: tuple[int, ...], err: int, verbose: bool) -> tuple[list[str], int]:
    """The arguments as printed, and how many of them were printed at entry."""
    cfg = TraceConfig()
    cfg.verbose = verbose
    t = Tracee(os.getpid(), cfg)
    t.args = args
    more = bpf(t)
    nentry = len(t.out)
    if more:
        t.exiting, t.rval, t.is_error = True, err, bool(err)
        bpf(t)
    return t.out, nentry


def _balanced(text: str) -> bool:
    text = re.sub(r'"(\\.|[^"\\])*"', "", text)  # brackets inside strings do not count
    return text.count("{") == text.count("}") and text.count("[") == text.count("]")


@settings(max_examples=400, deadline=None)
@given(
    cmd=st.sampled_from(sorted(COMMANDS) + [36, 99]),
    data=st.binary(min_size=0, max_size=200),
    size=st.sampled_from([1, 4, 8, 12, 16, 20, 28, 32, 48, 72, 76, 128, 144, 200]),
    err=st.sampled_from([0, -14, -22]),
    verbose=st.booleans(),
)
def test_hostile_bytes(cmd: int, data: bytes, size: int, err: int, verbose: bool) -> None:
    """Random attr bytes (random pointers, counts, flags), cut by the unmapped page when shorter
    than size: the address or one balanced structure, the size last, never an exception."""
    a = _page_end() - len(data)
    ctypes.memmove(a, data, len(data))
    out, _ = _call((cmd, a, size, 0, 0, 0), err, verbose)
    assert out[-1].endswith(str(size)), out
    attr = "".join(out[1:-1])
    if len(data) < size or cmd not in COMMANDS:
        assert attr == "%#x" % a, out
    else:
        assert attr.startswith("{") and attr.endswith("}") and _balanced(attr), out


@pytest.mark.parametrize("cmd", sorted(COMMANDS))
@pytest.mark.parametrize("where", ["null", "unmapped", "cut", "size0", "size4097"])
def test_unreadable_attr_prints_address(cmd: int, where: str) -> None:
    """NULL prints NULL; an attr on an unmapped page or cut by it, size 0 and size above a page
    print the address (strace reads the attr whole or not at all)."""
    end = _page_end()
    a, size = {"null": (0, 16), "unmapped": (end, 16), "cut": (end - 8, 16),
               "size0": (end - 8, 0), "size4097": (end - 8, 4097)}[where]
    out, nentry = _call((cmd, a, size, 0, 0, 0), 0, False)
    assert nentry == 3
    assert out[1:] == ["NULL" if a == 0 else "%#x" % a, str(size)]


def test_exit_fields_continue_the_entry_structure() -> None:
    """GET_NEXT_ID prints next_id's new value and open_flags at exit, glued to the entry text
    (the kernel's answer is written into the attr before the exit stop)."""
    end = _page_end()
    a = end - 12
    ctypes.memmove(a, (ctypes.c_uint32 * 3)(7, 0, 0), 12)
    cfg = TraceConfig()
    t = Tracee(os.getpid(), cfg)
    t.args = (11, a, 12, 0, 0, 0)  # BPF_PROG_GET_NEXT_ID
    assert bpf(t) is True
    assert t.out == ["BPF_PROG_GET_NEXT_ID", "{start_id=7, next_id=0"]
    ctypes.memmove(a + 4, (ctypes.c_uint32 * 1)(9), 4)
    t.exiting, t.rval, t.is_error = True, 0, False
    bpf(t)
    assert "".join(t.out[1:-1]) + ", " + t.out[-1] == "{start_id=7, next_id=0 => 9, open_flags=0}, 12"

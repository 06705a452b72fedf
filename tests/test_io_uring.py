"""io_uring_setup and io_uring_register against the installed strace (tests/probes/iouring.c:
every opcode strace 6.1 decodes, with good, short, NULL and unmapped arguments), and the
register decoder on hostile bytes placed against an unmapped page of this process."""

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
from pytrace.decoders.io_uring import io_uring_register, io_uring_setup
from pytrace.tracee import Tracee
from tests.differential import by_process, compare, compile_probe, have_gcc, have_strace, run_both

live = pytest.mark.skipif(not (have_strace() and have_gcc()), reason="needs strace and gcc")


@live
@pytest.mark.parametrize("opts", [[], ["-v"], ["-s", "2"], ["-X", "raw"]], ids=["abbrev", "v", "s2", "raw"])
def test_register_opcodes_match_strace(opts: list[str]) -> None:
    """Buffers, files, eventfd, files update, probe (at exit, and `` => `` after a non-zero
    probe), personality, restrictions, enable rings, files2/buffers2 with a non-zero tail,
    files/buffers update2, iowq affinity and max workers (`` => `` at exit), ring fds, pbuf
    rings, unknown opcodes; io_uring_setup with IORING_SETUP_ATTACH_WQ."""
    res = run_both([compile_probe("iouring", ["-w"])], [*opts, "-e", "trace=io_uring_setup,io_uring_register,io_uring_enter"])
    assert res.total >= 80, res.report()
    assert res.rate == 1.0, res.report()


def _split_shapes(lines: list[str]) -> dict[tuple[str, str], set[str]]:
    """The distinct cut halves of io_uring_register lines (numbers masked: which call gets cut
    is up to the scheduler), keyed by (opcode, half)."""
    out: dict[tuple[str, str], set[str]] = {}
    for line in lines:
        body = re.sub(r"\d+", "N", line.split(" ", 1)[-1])
        for op in ("IORING_REGISTER_PROBE", "IORING_REGISTER_IOWQ_MAX_WORKERS"):
            if body.endswith(" <unfinished ...>") and f"io_uring_register(3, {op}," in body:
                out.setdefault((op, "unfinished"), set()).add(body)
            elif body.startswith("<... io_uring_register resumed>"):
                key = "{" if body[len("<... io_uring_register resumed>"):].startswith("{") else "["
                kind = "IORING_REGISTER_PROBE" if key == "{" else "IORING_REGISTER_IOWQ_MAX_WORKERS"
                if kind == op:
                    out.setdefault((op, "resumed"), set()).add(body)
    return out


@live
def test_register_lines_cut_by_another_thread_match_strace() -> None:
    """tests/probes/iouring_mt.c under -f: the halves strace prints when another thread cuts a
    line (`` <unfinished ...>`` after ``PROBE, `` or after `` => ``; the rest after
    ``<... io_uring_register resumed>``) equal pytrace's, and the joined lines match."""
    res = run_both([compile_probe("iouring_mt", ["-lpthread"])], ["-e", "trace=io_uring_register,getuid"])
    # which thread is P1 is up to the scheduler: compare the joined lines as sorted bodies
    bodies = [sorted(ln.split(" ", 1)[-1] for ln in by_process(lines)) for lines in (res.strace, res.pytrace)]
    joined = compare(*bodies)
    assert joined.rate >= 0.98, joined.report()
    a, b = _split_shapes(res.strace), _split_shapes(res.pytrace)
    common = a.keys() & b.keys()
    if not common:
        pytest.skip("the scheduler cut no io_uring_register line in both runs")
    for key in common:
        assert a[key] == b[key], (key, a[key], b[key])


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


def _call(decoder: object, args: tuple[int, ...], err: int, verbose: bool) -> list[str]:
    cfg = TraceConfig()
    cfg.verbose = verbose
    t = Tracee(os.getpid(), cfg)
    t.args = args
    more = decoder(t)  # type: ignore[operator]
    if more:
        t.exiting, t.rval, t.is_error = True, err, bool(err)
        decoder(t)  # type: ignore[operator]
    return t.out


def _balanced(text: str) -> bool:
    return text.count("{") == text.count("}") and text.count("[") == text.count("]")


@settings(max_examples=300, deadline=None)
@given(
    op=st.integers(0, 25),
    data=st.binary(min_size=0, max_size=160),
    nargs=st.sampled_from([0, 1, 2, 3, 4, 16, 31, 32, 33, 40, 48, 256, 257, 0xFFFFFFFF]),
    err=st.sampled_from([0, -14, -22]),
    verbose=st.booleans(),
)
def test_register_hostile_bytes(op: int, data: bytes, nargs: int, err: int, verbose: bool) -> None:
    """Any opcode with random bytes ending against an unmapped page (truncated structures and
    arrays, random nested pointers and counts): no exception, balanced brackets, and the last
    argument is nargs."""
    a = _page_end() - len(data)
    ctypes.memmove(a, data, len(data))
    out = _call(io_uring_register, (3, op, a, nargs, 0, 0), err, verbose)
    assert out[-1].endswith(str(nargs)), out
    assert _balanced("".join(out[2:-1])), out


@pytest.mark.parametrize("where", ["null", "unmapped", "cut"])
@pytest.mark.parametrize("op", [0, 2, 4, 6, 8, 11, 13, 14, 15, 16, 17, 19, 20, 21, 22])
def test_register_unreadable_argument_prints_address(op: int, where: str) -> None:
    """NULL prints NULL; an argument on an unmapped page, or one whose first element or
    structure is cut by it, prints its address (strace's umove_or_printaddr)."""
    end = _page_end()
    a = {"null": 0, "unmapped": end, "cut": end - 2}[where]
    nargs = 32 if op in (13, 14, 15, 16) else 1  # rsrc calls: nargs is the struct size
    if op == 17:  # IOWQ_AFF: nargs is the mask's size in bytes; 1 byte before the page end reads whole
        nargs = 8
    out = _call(io_uring_register, (3, op, a, nargs, 0, 0), 0, False)
    arg = "".join(out[2:-1]).removeprefix(" => ")
    expect = "NULL" if where == "null" else "%#x" % a
    if op == 19:  # IOWQ_MAX_WORKERS: NULL/unreadable arrays print at entry only
        assert out[2] == expect, out
    else:
        assert arg == expect, out


@settings(max_examples=100, deadline=None)
@given(data=st.binary(min_size=0, max_size=130), err=st.sampled_from([0, -22]))
def test_setup_hostile_params(data: bytes, err: int) -> None:
    """Random io_uring_params bytes (any flags, reserved fields, ring offsets), possibly cut by
    the unmapped page: a balanced structure or the address, never an exception."""
    a = _page_end() - len(data)
    ctypes.memmove(a, data, len(data))
    out = _call(io_uring_setup, (4, a, 0, 0, 0, 0), err, True)
    text = "".join(out[1:])
    assert text == "%#x" % a or (text.startswith("{flags=") and _balanced(text)), out


def test_print_array_reads_large_arrays_in_chunks() -> None:
    """Under -v a hostile count reads in bounded chunks: a 20,000-element array (more than one
    chunk) prints whole, and 2**32-1 elements stop at the unmapped page with its address."""
    from pytrace.decoders._print_array import print_array

    cfg = TraceConfig()
    cfg.verbose = True
    t = Tracee(os.getpid(), cfg)
    buf = (ctypes.c_uint32 * 20000)(*range(20000))
    text = print_array(t, ctypes.addressof(buf), 20000, 4, lambda b: str(int.from_bytes(b, "little")))
    assert text == "[" + ", ".join(map(str, range(20000))) + "]"
    end = _page_end()
    text = print_array(t, end - 8, 0xFFFFFFFF, 4, lambda b: "x")
    assert text == "[x, x, ... /* %#x */]" % end

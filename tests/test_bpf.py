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
# What differs by nature between two runs: map and prog ids grow from one run to the next (id=,
# map_ids=[...]); load_time is the load's boot time in ns, its comment the wall-clock second.
_BY_NATURE = [
    (re.compile(r"\bid=\d+"), "id=N"),
    (re.compile(r"\bmap_ids=\[\d+(, \d+)*\]"), "map_ids=[ID]"),
    (re.compile(r"\bload_time=\d+( /\* [^*]* \*/)?"), "load_time=T"),
]


def _mask(line: str) -> str:
    for pat, repl in _BY_NATURE:
        line = pat.sub(repl, line)
    return line


@live
@pytest.mark.parametrize("opts", [[], ["-v"], ["-X", "raw"], ["-X", "verbose"], ["-y"], ["-s", "4", "-x"],
                                  ["-v", "-X", "raw"], ["-v", "-X", "verbose"], ["-v", "-s", "4", "-x"]],
                         ids=["abbrev", "v", "raw", "xverbose", "y", "s4x", "v_raw", "v_xverbose", "v_s4x"])
def test_bpf_commands_match_strace(opts: list[str]) -> None:
    res = run_both([compile_probe("bpf", ["-w"])], [*opts, "-e", "trace=bpf"])
    assert res.total >= 150, res.report()
    a = [_mask(line) for line in res.strace]
    b = [_mask(line) for line in res.pytrace]
    assert a == b, res.report()


@live
def test_prog_info_decoded_under_v() -> None:
    """-v decodes struct bpf_prog_info: the masks above hide only ids and load times, and the
    probe's prog info lines (each size strace 6.1 cuts at, E2BIG extra data) are all there."""
    res = run_both([compile_probe("bpf", ["-w"])], ["-v", "-e", "trace=bpf"])
    lines = [line for line in res.pytrace if "tag=" in line]
    assert len(lines) >= 20, res.report()
    assert any("load_time=" in line and " /* 20" in line for line in lines)
    assert any("map_ids=[" in line and "map_ids=[]" not in line for line in lines)
    assert any("extra_data=" in line and "/* bytes 220..239 */" in line for line in lines)


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


def _prog_info_text(data: bytes, saved: bytes = b"", err: int = 0, verbose: bool = True) -> str:
    from pytrace.decoders.bpf import PROG_INFO, _fields, _prog_info

    cfg = TraceConfig()
    cfg.verbose = verbose
    t = Tracee(os.getpid(), cfg)
    t.exiting, t.rval, t.is_error = True, err, bool(err)
    return _prog_info(t, data, _fields(PROG_INFO, saved)[0])


def test_prog_info_pointers_into_an_unmapped_page() -> None:
    """struct bpf_prog_info built with construct: arrays and the jited buffer that start on the
    unmapped page print their addresses; a failed call prints non-empty arrays as addresses."""
    from pytrace.decoders.bpf import prog_info_decl

    end = _page_end()
    fields = {f.name: 0 for f in prog_info_decl.subcons}
    fields.update(tag=bytes(range(8)), name=b"p\n\"q".ljust(16, b"\0"), jited_prog_len=4,
                  jited_prog_insns=end, xlated_prog_len=16, xlated_prog_insns=end, nr_map_ids=1,
                  map_ids=end, gpl_compatible=0xFFFFFFFF, created_by_uid=0xFFFFFFFF, verified_insns=2)
    data = prog_info_decl.build(fields)
    assert len(data) == 220
    text = _prog_info_text(data, data)
    assert f"jited_prog_insns={end:#x}" in text and f"xlated_prog_insns={end:#x}" in text
    assert f"map_ids={end:#x}" in text and "gpl_compatible=1," in text and "created_by_uid=-1," in text
    assert 'name="p\\n\\"q"' in text and text.endswith("verified_insns=2}")
    # readable arrays, then the same call failing: the arrays print as their addresses
    a = end - 16
    ctypes.memmove(a, b"\0" * 16, 16)
    fields.update(xlated_prog_insns=a, map_ids=a)
    data = prog_info_decl.build(fields)
    assert "xlated_prog_insns=[{" in _prog_info_text(data, data)
    failed = _prog_info_text(data, data, err=-14)
    assert f"xlated_prog_insns={a:#x}" in failed and f"map_ids={a:#x}" in failed


@pytest.mark.parametrize("size", [1, 8, 40, 41, 80, 81, 104, 105, 128, 129, 192, 193, 208, 209, 216, 217, 220, 240])
def test_prog_info_truncated(size: int) -> None:
    """Only the fields strace 6.1 prints for an info_len of ``size``; bytes past 220 are extra data."""
    data = bytes(size - 1) + b"\x01"
    text = _prog_info_text(data)
    assert _balanced(text)
    assert ("load_time=" in text) == (size > 40)
    assert ("ifindex=" in text) == (size > 80)
    assert ("nr_jited_ksyms=" in text) == (size > 104)
    assert ("btf_id=" in text) == (size > 128)
    assert ("run_cnt=" in text) == (size > 192)
    assert ("recursion_misses=" in text) == (size > 208)
    assert ("verified_insns=" in text) == (size > 216)
    assert ("extra_data=" in text) == (size > 220)


@settings(max_examples=300, deadline=None)
@given(data=st.binary(min_size=0, max_size=300), saved=st.binary(max_size=300),
       err=st.sampled_from([0, -7, -14]), verbose=st.booleans())
def test_prog_info_hostile_bytes(data: bytes, saved: bytes, err: int, verbose: bool) -> None:
    """Random info bytes (random pointers and counts) and random entry values: one balanced
    structure, never an exception."""
    assert _balanced(_prog_info_text(data, saved, err, verbose))

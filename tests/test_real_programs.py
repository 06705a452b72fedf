"""Real programs under strace 6.1 and pytrace (the sweep's most representative commands, see
tests/sweep.py) and regression tests for what the sweep found."""

from __future__ import annotations

import re
import struct
import subprocess

import pytest

from pytrace.printers import xlat
from tests.differential import STRACE, compare, compile_probe, have_gcc, have_strace, run_both
from tests.sweep import CASES, DEFAULT_CLASSES, Case, classify, mask, run_case
from tests.test_int80 import BASE, ImageMemory, run, tracee


# --------------------------------------------------------------------------- found by the sweep
@pytest.mark.skipif(not (have_strace() and have_gcc()), reason="needs strace and gcc")
@pytest.mark.parametrize("opts", [[], ["-X", "raw"], ["-X", "verbose"], ["-y"]], ids=["default", "Xraw", "Xverbose", "y"])
def test_sweep_fixes_probe(opts: list[str]) -> None:
    """si_utime/si_stime as clock_t with their seconds (SIGCHLD lines and rt_sigqueueinfo),
    umask's return value as %#03o, FICLONE's source fd as a plain int, and under -y a deleted
    file as ``<path>(deleted)``."""
    res = run_both([compile_probe("sweep_fixes")], opts)
    assert res.total > 20, res.report()

    def fresh(lines: list[str]) -> list[str]:  # the O_TMPFILE file's inode number
        return [re.sub(r"</tmp/#\d+>", "</tmp/#INO>", ln) for ln in mask(lines, ["first-execve-envp"])]

    masked = compare(fresh(res.strace), fresh(res.pytrace))
    assert masked.rate == 1.0, masked.report()
    assert any("si_utime=3 /* 0.03 s */" in ln for ln in res.strace) != (opts == ["-X", "raw"])
    assert any("(deleted), BTRFS_IOC_CLONE or FICLONE, 3)" in ln for ln in res.strace) == (opts == ["-y"])


_TMS = struct.Struct("<4Q")


@pytest.mark.parametrize(("xstyle", "want"), [
    ("abbrev", "{tms_utime=0, tms_stime=3 /* 0.03 s */, tms_cutime=250 /* 2.50 s */, "
               "tms_cstime=18446744073709551615 /* 184467440737095516.15 s */}"),
    ("raw", "{tms_utime=0, tms_stime=3, tms_cutime=250, tms_cstime=18446744073709551615}"),
])
def test_times_clock_t(xstyle: str, want: str) -> None:
    t = tracee(_TMS.pack(0, 3, 250, (1 << 64) - 1), arch="x86_64", xlat_style=xstyle)
    assert run(t, "times", (BASE,), rval=100) == [want]


def test_times_null_unmapped_truncated() -> None:
    t = tracee(_TMS.pack(1, 2, 3, 4), arch="x86_64")
    assert run(t, "times", (0,), rval=100) == ["NULL"]
    assert run(t, "times", (0x1000,), rval=100) == ["0x1000"]
    end = BASE + len(t.mem.data)  # type: ignore[attr-defined]
    assert run(t, "times", (end - 8,), rval=100) == ["%#x" % (end - 8)]


@pytest.mark.skipif(not (have_strace() and have_gcc()), reason="needs strace and gcc")
@pytest.mark.parametrize("opts", [[], ["-v"]], ids=["default", "v"])
def test_statx_partial_mask_live(opts: list[str]) -> None:
    """ls -lR under -v: statx(..., STATX_INO, ...) returns no ctime/mtime, which strace leaves out."""
    res = run_both([compile_probe("statx_masks")], opts)
    assert res.total > 30, res.report()
    names = ["first-execve-envp", "random-bytes"]
    masked = compare(mask(res.strace, names), mask(res.pytrace, names))
    assert masked.rate == 1.0, masked.report()


@pytest.mark.skipif(not (have_strace() and have_gcc()), reason="needs strace and gcc")
@pytest.mark.parametrize("verbose", [False, True], ids=["default", "v"])
def test_statx_mask_bits_vs_strace_inject(verbose: bool) -> None:
    """Every stx_mask bit on the probe's own bytes: strace -e inject leaves the buffer to the
    probe and prints it; pytrace decodes the same bytes (0x11 everywhere but stx_mask)."""
    out = subprocess.run(
        [STRACE, *(["-v"] if verbose else []), "-e", "trace=statx", "-e", "inject=statx:retval=0",
         compile_probe("statx_inject")], capture_output=True, text=True, check=True).stderr.splitlines()
    lines = [ln.removesuffix(" (INJECTED)") for ln in out if ln.startswith("statx(")]
    assert len(lines) == 18, out
    for line in lines:
        m = re.search(r"\{stx_mask=([^,]*),", line)
        assert m
        bits = 0
        for name in m.group(1).split("|"):
            bits |= int(name, 0) if name[0].isdigit() else xlat("statx_masks").value_of(name)
        t = tracee(struct.pack("<I", bits) + b"\x11" * 252, arch="x86_64", verbose=verbose)
        t.mem = ImageMemory(BASE, t.mem.data + b"/\0")  # type: ignore[attr-defined]
        got = run(t, "statx", ((-100) & (1 << 64) - 1, BASE + 256, 0, 0, BASE), rval=0)
        assert ", ".join(got) == line[len("statx("):line.rindex(") = 0")], (line, got)


# --------------------------------------------------------------------------- real programs
def _case(name: str) -> Case:
    return next(c for c in CASES if c.name == name)


@pytest.mark.skipif(not have_strace(), reason="needs strace")
@pytest.mark.parametrize(("name", "opts", "floor"), [
    ("ls-lR-ssl", ["-v"], 0.97),  # statx with partial masks, getdents64, lgetxattr
    ("stat", ["-v"], 0.95),  # statx, statfs-free, locale files
    ("id", ["-yy"], 0.85),  # nscd/NSS socket connects: -yy socket details
    ("dd", ["-y"], 0.9),  # /dev/zero, /dev/null under -y, large read/write
    ("files", ["-y"], 0.97),  # cp -r (FICLONE, copy_file_range), mv, ln -s, chmod, touch -d, rm -r
    ("pipeline", ["-v"], 0.9),  # sh pipeline: pipes, clone, wait4, SIGCHLD
], ids=lambda v: v if isinstance(v, str) else None)
def test_real_program_matches_strace(name: str, opts: list[str], floor: float) -> None:
    """Every line is identical once the named run-dependent classes are masked
    (tests/sweep.py: MASKS) and lines that only moved between runs are set aside."""
    res, masked, left = run_case(_case(name), opts)
    print(name, opts, res.report(0), "masked:", masked.report(0))
    assert res.total > 30, res.report()
    assert not left, masked.report()
    assert res.rate >= floor, res.report()
    for a, b in res.diffs:  # every raw difference belongs to a named class, or only moved
        assert classify(a, b, DEFAULT_CLASSES + _case(name).extra) or a in res.pytrace or b in res.strace, (a, b)

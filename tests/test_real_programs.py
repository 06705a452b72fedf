"""Real programs under strace 6.1 and pytrace (the sweep's most representative commands, see
tests/sweep.py) and regression tests for what the sweep found."""

from __future__ import annotations

import struct

import pytest

from tests.differential import compare, compile_probe, have_gcc, have_strace, run_both
from tests.sweep import mask
from tests.test_int80 import BASE, run, tracee


# --------------------------------------------------------------------------- found by the sweep
@pytest.mark.skipif(not (have_strace() and have_gcc()), reason="needs strace and gcc")
@pytest.mark.parametrize("opts", [[], ["-X", "raw"], ["-X", "verbose"]], ids=["default", "Xraw", "Xverbose"])
def test_sweep_fixes_probe(opts: list[str]) -> None:
    """si_utime/si_stime as clock_t with their seconds (SIGCHLD lines and rt_sigqueueinfo),
    umask's return value as %#03o."""
    res = run_both([compile_probe("sweep_fixes")], opts)
    assert res.total > 20, res.report()
    masked = compare(mask(res.strace, ["first-execve-envp"]), mask(res.pytrace, ["first-execve-envp"]))
    assert masked.rate == 1.0, masked.report()
    assert any("si_utime=3 /* 0.03 s */" in ln for ln in res.strace) != (opts == ["-X", "raw"])


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

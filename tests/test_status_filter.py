"""-z / -Z / -e status= under -f: strace 6.1's staged output, against the installed strace.

Which process prints first is up to the scheduler, and under staging so is where a line gets
cut, so multi-process runs are compared per process after joining cut lines
(tests/staged_compare.py), and every raw line pytrace writes is checked against the staging
rules. Single-process runs must be identical as written.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.differential import (
    STRACE,
    _env,
    _norepeat,
    compare,
    compile_probe,
    first_exec_line,
    have_gcc,
    have_strace,
    run_both,
)
from tests.staged_compare import check_staged, join_staged, per_process, run_both_raw
from tests.sweep import moved

pytestmark = pytest.mark.skipif(not (have_strace() and have_gcc()), reason="needs strace and gcc")

ALL = frozenset({"successful", "failed", "unfinished", "unavailable", "detached"})
OPTIONS = {
    "-z": frozenset({"successful"}),
    "-Z": frozenset({"failed"}),
    "-e status=successful,unfinished": frozenset({"successful", "unfinished"}),
    "-e status=!failed": ALL - {"failed"},
    "-e status=failed,unfinished": frozenset({"failed", "unfinished"}),
    "-e status=unfinished": frozenset({"unfinished"}),
}
SHELL = ["/bin/sh", "-c", "echo hi | cat >/dev/null; ls /tmp >/dev/null"]


def _opts(key: str) -> list[str]:
    return key.split(" ", 1) if " " in key else [key]


def _masked(lines: list[str]) -> list[str]:
    """The first execve (its envp is tracer memory), getrandom's bytes and the traced
    command's getppid (the tracer's pid) differ by nature."""
    return ["EXEC" if first_exec_line(x) else "NATURE" if "getrandom(" in x or "getppid()" in x else x for x in lines]


@pytest.fixture(scope="module")
def probe() -> str:
    return compile_probe("status_filter")


@pytest.mark.parametrize("key", ["-z", "-Z", "-e status=successful,unfinished", "-e status=unfinished"])
def test_single_process_identical(probe: str, key: str) -> None:
    res = run_both([probe, "single"], _opts(key))
    res = compare(_masked(res.strace), _masked(res.pytrace))
    assert res.rate == 1.0, res.report()
    assert res.total > 2


def _per_process_rate(sa: list[str], sb: list[str]) -> tuple[float, str]:
    a, b = per_process(sa, sb)
    res = compare(_masked(a), _masked(b))
    return res.rate, res.report()


@pytest.mark.parametrize("key", list(OPTIONS))
def test_processes_staged(probe: str, key: str) -> None:
    sa, sb = run_both_raw([probe], _opts(key))
    rate, report = _per_process_rate(sa, sb)
    assert rate >= 0.98, report
    assert check_staged(sb, OPTIONS[key]) == []
    assert check_staged(sa, OPTIONS[key]) == []  # the checker accepts strace's own output
    if "unfinished" in OPTIONS[key]:  # the child killed in its own kill() and the exit_groups
        assert any(x.endswith("= ?") and "kill(" in x for x in join_staged(sb)), sb


@pytest.mark.parametrize("key", ["-z", "-Z"])
def test_shell_pipeline(key: str) -> None:
    """The shell's SIGCHLDs land wherever its children exit: a signal placed differently
    in the parent, and which of a shell's lines come before it, are the scheduler's."""
    sa, sb = run_both_raw(SHELL, _opts(key))
    a, b = per_process(sa, sb)
    res = compare(_masked(a), _masked(b))
    # Take out lines that only moved (unmatched on both sides) and a SIGCHLD, with its
    # handler's rt_sigreturn, that the kernel merged into another in one run: what is left
    # must be nothing.
    left, _ = moved(res.diffs)
    timing = re.compile(r"^(--- SIGCHLD \{.*\} ---|rt_sigreturn\(\{mask=.*\}\)\s+= .*)?$")
    envp = re.compile(r"0x[0-9a-f]+ (?=/\* \d+ vars \*/)")  # the first execve's: tracer memory
    assert [d for d in left if not (timing.match(d[0]) and timing.match(d[1]))
            and envp.sub("", d[0]) != envp.sub("", d[1])] == [], res.report()
    assert res.rate >= 0.9, res.report()
    assert check_staged(sb, OPTIONS[key]) == []


def test_output_separately(probe: str) -> None:
    """-ff: one file per process, nothing cut; files paired by content."""
    outs = []
    with tempfile.TemporaryDirectory() as d:
        for i, tracer in enumerate(([STRACE], [sys.executable, "-m", "pytrace"])):
            base = os.path.join(d, f"t{i}", "x")
            os.mkdir(os.path.dirname(base))
            subprocess.run(
                _norepeat([*tracer, "-ff", "-o", base, "-e", "status=successful,unfinished", probe]),
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_env(), timeout=60,
            )
            files = sorted(Path(base).parent.iterdir())
            outs.append([f"{f.name.split('.')[1]} {ln}" for f in files for ln in f.read_text().splitlines()])
            assert len(files) == 4
    for lines in outs:
        assert not any(x.endswith("<unfinished ...>") for x in lines)
    rate, report = _per_process_rate(*outs)
    assert rate >= 0.98, report


def test_append(probe: str) -> None:
    """-A: the staged lines go after what the file held."""
    with tempfile.TemporaryDirectory() as d:
        path = Path(d, "out")
        path.write_text("before\n")
        subprocess.run(
            _norepeat([sys.executable, "-m", "pytrace", "-f", "-A", "-o", str(path), "-Z", probe, "single"]),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_env(), timeout=60,
        )
        lines = path.read_text().splitlines()
    assert lines[0] == "before"
    assert len(lines) > 3 and check_staged(lines[1:], OPTIONS["-Z"]) == []


@pytest.mark.parametrize("status", ["detached,successful", "successful"])
def test_detach_on_execve(status: str) -> None:
    """-b execve: the staged execve entry is published (`` <detached ...>``) only with detached."""
    res = run_both(["/bin/sh", "-c", "echo x >/dev/null; exec /bin/true"], ["-b", "execve", "-e", f"status={status}"])
    assert any(x.endswith("<detached ...>") for x in res.pytrace) == ("detached" in status)
    res = compare(_masked(res.strace), _masked(res.pytrace))
    assert res.rate == 1.0, res.report()


def test_checker_rejects() -> None:
    """check_staged flags what staging cannot print (so the live checks can fail)."""
    st = frozenset({"successful"})
    good = [
        "7     read(0,  <unfinished ...>",
        '"x", 1)                                 = 1',
        "7     close(3)                          = 0",
        "7     +++ exited with 0 +++",
    ]
    assert check_staged(good, st) == []
    assert check_staged(["7     <... read resumed>\"x\", 1) = 1"], st)  # a resumed line
    assert check_staged(good[:1] + good[2:], st)  # a cut head with no continuation
    assert check_staged(good[1:], st)  # a continuation with no head
    assert check_staged([good[0], '"x", 1) = 1'], st)  # '=' not padded from the cut
    assert check_staged(["7     close(3) = 0"], st)  # '=' not padded from the line's start
    assert check_staged(["7     close(-1)                         = -1 EBADF (Bad file descriptor)"], st)


@pytest.mark.parametrize("status", ["successful,detached", "!failed", "successful"])
def test_exec_from_thread(status: str) -> None:
    """The exec'ing thread's staged entry (cut by the leader's lost pause) is published only
    with detached; the call resumes after "+++ superseded" in a buffer of its own."""
    probe = compile_probe("status_texec", ["-pthread"])
    sa, sb = run_both_raw([probe], ["-e", f"status={status}"])
    rate, report = _per_process_rate(sa, sb)
    assert rate >= 0.98, report
    sts = ALL - {"failed"} if status == "!failed" else frozenset(status.split(","))
    assert check_staged(sb, sts) == []
    assert any("+++ superseded by execve" in x for x in sb)

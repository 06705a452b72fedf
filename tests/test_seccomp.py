"""seccomp-bpf: the filter traces exactly the chosen numbers, and traced output is unchanged."""

from __future__ import annotations

import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pytrace.seccomp import SECCOMP_RET_ALLOW, SECCOMP_RET_TRACE, build_filter, interpret
from tests.differential import have_strace

PYTRACE = [sys.executable, "-m", "pytrace"]


@pytest.mark.parametrize("size", [0, 1, 5, 100, 300, 460])
def test_filter_traces_exactly_the_set(size: int) -> None:
    rng = random.Random(size)
    chosen = set(rng.sample(range(0, 470), size))
    prog = build_filter(chosen)
    assert len(prog) < 4096
    for nr in range(0, 520):
        want = SECCOMP_RET_TRACE if nr in chosen else SECCOMP_RET_ALLOW
        assert interpret(prog, nr) == want, nr
    assert interpret(prog, 0x40000000 | 1) == SECCOMP_RET_TRACE  # x32 always stops
    assert interpret(prog, 3, arch=0x40000003) == SECCOMP_RET_TRACE  # i386 always stops


@pytest.mark.skipif(not have_strace(), reason="strace is not installed")
@pytest.mark.parametrize("expr", ["trace=openat", "trace=%process", "trace=close,read,write", "trace=none"])
def test_filtered_output_is_the_same_with_and_without_seccomp(tmp_path: Path, expr: str) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    cmd = ["sh", "-c", "ls / >/dev/null; cat /etc/hostname >/dev/null"]
    # Signals are left out: when SIGCHLD lands relative to wait4 is up to the scheduler.
    subprocess.run([*PYTRACE, "-o", str(a), "-e", "signal=none", "-e", expr, *cmd], check=True)
    subprocess.run([*PYTRACE, "--no-seccomp-bpf", "-o", str(b), "-e", "signal=none", "-e", expr, *cmd], check=True)

    def body(p: Path) -> list[str]:
        # pids differ between the two runs: mask them (and only numbers as long as pids)
        lines = p.read_text().splitlines()
        return [re.sub(r"(?<=si_pid=)\d+|(?<== )\d+$|\b\d{4,}\b|0x7ff[0-9a-f]+", "N", ln) for ln in lines if not ln.startswith("execve(")]

    assert body(a) == body(b)


@pytest.mark.parametrize(
    ("opts", "mode"),
    [
        (["-e", "trace=openat"], "2"),  # a filter is installed by default for a partial set
        (["--no-seccomp-bpf", "-e", "trace=openat"], "0"),
        ([], "0"),  # tracing everything: no filter
        (["--seccomp-bpf"], "2"),
    ],
)
def test_filter_is_installed_when_it_should_be(opts: list[str], mode: str) -> None:
    out = subprocess.run([*PYTRACE, "-o", "/dev/null", *opts, "grep", "^Seccomp:", "/proc/self/status"],
                         capture_output=True, text=True, check=True).stdout
    assert out.split() == ["Seccomp:", mode]

"""--color adds styles only: stripping them gives the exact text of an uncoloured run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pytrace.render.color import Colorizer, strip

PYTRACE = [sys.executable, "-m", "pytrace"]


def test_colour_strips_to_the_plain_trace(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    cmd = ["sh", "-c", "cat /nonexistent; kill -USR1 $$"]
    env_opts = ["-qq", "-e", "trace=openat,close,read,write,kill,exit_group"]
    subprocess.run(["setarch", "-R", *PYTRACE, "--color=always", "-o", str(a), *env_opts, *cmd], stderr=subprocess.DEVNULL)
    subprocess.run(["setarch", "-R", *PYTRACE, "--color=never", "-o", str(b), *env_opts, *cmd], stderr=subprocess.DEVNULL)
    coloured = a.read_text()
    assert "\x1b[" in coloured
    plain = b.read_text()
    # The only varying part between two runs is the pid in kill() and si_pid: compare shapes.
    import re

    def norm(s: str) -> str:
        return re.sub(r"\b\d{3,}\b", "N", s)

    assert norm(strip(coloured)) == norm(plain)


def test_tracee_text_is_not_markup() -> None:
    c = Colorizer()
    line = 'write(1, "[bold red]x[/] \\33[31m", 12) = -1 EBADF (Bad file descriptor)\n'
    out = c.line(line)
    assert strip(out) == line
    assert "[bold red]x[/]" in out  # left as text, not interpreted

"""The coverage report runs and accounts for every x86_64 syscall exactly once."""

from __future__ import annotations

import subprocess
import sys

import syscall_tables
from pytrace.coverage import classify


def test_every_syscall_in_one_class() -> None:
    classes = classify()
    names = [n for v in classes.values() for n in v]
    assert len(names) == len(set(names))
    assert set(names) == set(syscall_tables.arch_table("x86_64").NAMES.values())
    assert "shmctl" in classes["decoded"]


def test_report_runs() -> None:
    out = subprocess.run([sys.executable, "-m", "pytrace.coverage"], capture_output=True,
                         text=True, check=True).stdout
    assert out.startswith("x86_64 syscalls: ")
    assert "missing decoders (" in out

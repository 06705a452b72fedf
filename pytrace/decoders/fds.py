"""-y / -yy: what a file descriptor refers to, read from /proc/PID/fd (printfd)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from ..quote import escape_text

if TYPE_CHECKING:
    from ..tracee import Tracee


def fd_path(pid: int, fd: int) -> str | None:
    try:
        return os.readlink(f"/proc/{pid}/fd/{fd}")
    except OSError:
        return None


def fd_annotation(t: Tracee, fd: int) -> str:
    """``</etc/passwd>`` for -y, or "" when the descriptor is not open."""
    target = fd_path(t.pid, fd)
    if target is None:
        return ""
    return "<" + escape_text(target, b"<>") + ">"


def cwd_annotation(t: Tracee) -> str:
    try:
        target = os.readlink(f"/proc/{t.pid}/cwd")
    except OSError:
        return ""
    return "<" + escape_text(target, b"<>") + ">"

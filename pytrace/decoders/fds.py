"""-y / -yy: what a file descriptor refers to, read from /proc/PID/fd (printfd).

-yy adds socket details (sock_diag), device numbers and pidfd pids, as strace 6.1 prints them.
"""

from __future__ import annotations

import os
import stat
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
    kinds = t.cfg.decode_fds_set or _PATH_ONLY
    if t.cfg.decode_fds >= 2:
        extra = _decode_more(t.pid, fd, target, kinds)
        if extra is not None:
            return extra
    if "path" not in kinds:
        return ""
    if target.endswith(_DELETED):  # strace: <path>(deleted)
        return "<" + escape_text(target[: -len(_DELETED)], b"<>") + ">(deleted)"
    return "<" + escape_text(target, b"<>") + ">"


_DELETED = " (deleted)"
_PATH_ONLY = frozenset({"path"})


def _decode_more(pid: int, fd: int, target: str, kinds: frozenset[str]) -> str | None:
    """The -yy forms: ``<TCP:[...]>``, ``<pid:N>``, ``</dev/null<char 1:3>>``; None: plain."""
    if "socket" in kinds and target.startswith("socket:[") and target.endswith("]"):
        from ._sockdiag import socket_details

        try:
            inode = int(target[8:-1])
        except ValueError:
            return None
        details = socket_details(pid, fd, inode)
        return None if details is None else f"<{details}>"
    if "pidfd" in kinds and target == "anon_inode:[pidfd]":
        try:
            with open(f"/proc/{pid}/fdinfo/{fd}") as f:
                for line in f:
                    if line.startswith("Pid:"):
                        return f"<pid:{int(line.split()[1])}>"
        except (OSError, ValueError, IndexError):
            return None
        return None
    if "dev" in kinds and target.startswith("/"):
        try:
            st = os.stat(f"/proc/{pid}/fd/{fd}")
        except OSError:
            return None
        if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode):
            kind = "char" if stat.S_ISCHR(st.st_mode) else "block"
            dev = st.st_rdev
            return f"<{escape_text(target, b'<>')}<{kind} {os.major(dev)}:{os.minor(dev)}>>"
    return None


def cwd_annotation(t: Tracee) -> str:
    if "path" not in (t.cfg.decode_fds_set or _PATH_ONLY):
        return ""
    try:
        target = os.readlink(f"/proc/{t.pid}/cwd")
    except OSError:
        return ""
    return "<" + escape_text(target, b"<>") + ">"

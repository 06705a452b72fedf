"""-Y / --decode-pids=comm: the ``<comm>`` strace 6.1 prints after a pid (print_pid_comm).

The name is read from /proc/PID/comm each time a pid is printed (a reaped process has none:
nothing is printed), and escaped as text: it is tracee data.
"""

from __future__ import annotations

import re

from .quote import escape_text


def comm_text(raw: bytes) -> str:
    """``<comm>`` for the bytes of a comm file: its first line (strace reads it with fgets), or
    "" when that is empty (strace prints nothing)."""
    raw = raw.split(b"\n", 1)[0]
    if not raw:
        return ""
    # strace quotes it (print_quoted_string_ex without the quotes, "<>" escaped too): unlike
    # escape_text, a '"' or '\\' in it is escaped as \" or \\ as well.
    text = raw.decode("utf-8", "surrogateescape")
    if '"' in text or "\\" in text:
        parts = re.split(r'(["\\])', text)
        return "<" + "".join("\\" + p if p in ('"', "\\") else escape_text(p, b"<>") for p in parts) + ">"
    return "<" + escape_text(text, b"<>") + ">"


def pid_comm(pid: int) -> str:
    """``<comm>`` of process or thread ``pid`` as it is now, or "" if it has none."""
    if pid <= 0:
        return ""
    try:
        with open(f"/proc/{pid}/comm", "rb") as f:
            raw = f.read()
    except OSError:
        return ""
    return comm_text(raw)

"""-Y / --decode-pids=comm: the ``<comm>`` strace 6.1 prints after a pid (print_pid_comm).

The name is read from /proc/PID/comm each time a pid is printed (a reaped process has none:
nothing is printed), and escaped as text: it is tracee data.
"""

from __future__ import annotations

from .quote import escape_text


def comm_text(raw: bytes) -> str:
    """``<comm>`` for the bytes of a comm file: its first line (strace reads it with fgets),
    quoted without quotes (``"`` ``\\`` ``<`` ``>`` escaped), or "" when it is empty."""
    raw = raw.split(b"\n", 1)[0]
    if not raw:
        return ""
    return "<" + escape_text(raw.decode("utf-8", "surrogateescape"), b"<>") + ">"


class StaleComm(str):
    """A line-prefix comm that still holds for the line of the syscall that entered at
    ``until`` (prctl(PR_SET_NAME) prints under the old name), and is read again after it:
    strace reloads the comm it prints after a pid once the name has changed."""

    until: float

    def __new__(cls, text: str, until: float) -> StaleComm:
        self = super().__new__(cls, text)
        self.until = until
        return self


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

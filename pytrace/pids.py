"""What strace 6.1 prints after a pid: -Y / --decode-pids=comm's ``<comm>`` (print_pid_comm)
and --pidns-translation's `` /* N in strace's PID NS */`` (translate_pid).

The name is read from /proc/PID/comm each time a pid is printed (a reaped process has none:
nothing is printed), and escaped as text: it is tracee data.
"""

from __future__ import annotations

import os

from .quote import escape_text


def comm_text(raw: bytes) -> str:
    """``<comm>`` for the bytes of a comm file: its first line (strace reads it with fgets),
    quoted without quotes (``"`` ``\\`` ``<`` ``>`` escaped), or "" when it is empty."""
    raw = raw.split(b"\n", 1)[0]
    if not raw:
        return ""
    return "<" + escape_text(raw.decode("utf-8", "surrogateescape"), b"<>") + ">"


class StaleComm(str):
    """A line-prefix comm kept for one more line: that of the syscall which entered at
    ``until`` (prctl(PR_SET_NAME) prints under the old name); after it the name is read
    again, as strace reloads the comm once the name changed."""

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


# --pidns-translation: strace's printpid comment for a pid of another pid namespace.

_FIELDS = {"tid": "NSpid", "tgid": "NStgid", "pgid": "NSpgid", "sid": "NSsid"}
_own_ns: list[int] = []  # the tracer's pid namespace inode, once read
_tracee_ns: dict[int, tuple[int, int] | None] = {}  # tracee pid -> (ns inode, depth)
_translated: dict[tuple[int, str, int], int] = {}  # (ns, kind, pid in ns) -> pid in ours


def _ns_inode(proc_dir: str) -> int | None:
    try:
        return os.stat(proc_dir + "/ns/pid").st_ino
    except OSError:
        return None


def _ns_ids(proc_dir: str, field: str) -> list[int] | None:
    """The ids of a /proc/PID/status ``NS*`` line, outermost (ours) first; None for a zombie,
    which strace 6.1 does not translate (a SIGCHLD's si_pid prints bare)."""
    try:
        with open(proc_dir + "/status", "rb") as f:
            text = f.read()
    except OSError:
        return None
    if b"\nState:\tZ" in text:
        return None
    key = field.encode() + b":"
    for line in text.splitlines():
        if line.startswith(key):
            try:
                return [int(x) for x in line[len(key):].split()]
            except ValueError:
                return None
    return None


def _namespace(tracee: int) -> tuple[int, int] | None:
    """(ns inode, depth below ours) of a tracee in another pid namespace, else None."""
    if tracee in _tracee_ns:
        return _tracee_ns[tracee]
    if not _own_ns:
        _own_ns.append(_ns_inode("/proc/self") or 0)
    where = f"/proc/{tracee}"
    ns = _ns_inode(where)
    ids = _ns_ids(where, "NSpid")
    found = None if ns is None or ns == _own_ns[0] or not ids or len(ids) < 2 else (ns, len(ids) - 1)
    if ns is not None:
        _tracee_ns[tracee] = found
    return found


def _candidates(kind: str) -> list[str]:
    try:
        procs = [d for d in os.listdir("/proc") if d.isdigit()]
    except OSError:
        return []
    if kind != "tid":
        return ["/proc/" + d for d in procs]
    out = []
    for d in procs:
        try:
            out += [f"/proc/{d}/task/{t}" for t in os.listdir(f"/proc/{d}/task")]
        except OSError:
            continue
    return out


def translate(tracee: int, v: int, kind: str = "tgid") -> int:
    """``v``, a pid of ``kind`` as ``tracee`` sees it, as the tracer sees it; 0 when the tracee
    shares the tracer's pid namespace or no live process has that id (strace's translate_pid:
    /proc/*/status NS* lines)."""
    if v <= 0:
        return 0
    where = _namespace(tracee)
    if where is None:
        return 0
    ns, depth = where
    field = _FIELDS.get(kind, "NSpid")
    key = (ns, field, v)
    known = _translated.get(key)
    if known is not None:
        ids = _ns_ids(f"/proc/{known}", field)
        if ids and len(ids) > depth and ids[depth] == v and ids[0] == known:
            return known
        del _translated[key]
    for cand in _candidates(kind):
        ids = _ns_ids(cand, field)
        if ids and len(ids) > depth and ids[depth] == v and _ns_inode(cand) == ns:
            _translated[key] = ids[0]
            return ids[0]
    return 0


def after_pid(tracee: int, v: int, kind: str, comm: bool, pidns: bool) -> str:
    """What follows pid ``v`` (as ``tracee`` sees it): ``<comm>`` under -Y, read from the process
    the pid names in the tracer's namespace, then under --pidns-translation
    `` /* N in strace's PID NS */`` when that number differs."""
    if v <= 0:
        return ""
    host = v if _namespace(tracee) is None else translate(tracee, v, kind)
    text = pid_comm(host) if comm and host else ""
    if pidns and host and host != v:
        text += f" /* {host} in strace's PID NS */"
    return text

"""What the summary reports of one side, gathered call by call (nothing else is kept)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .normalize import Call, Process

FILE_CALLS = frozenset({
    "open", "openat", "openat2", "creat", "execve", "execveat", "stat", "lstat", "newfstatat", "statx", "access",
    "faccessat", "faccessat2", "readlink", "readlinkat", "unlink", "unlinkat", "mkdir", "mkdirat", "rename",
    "renameat", "renameat2", "chdir", "truncate", "chmod", "fchmodat", "chown", "fchownat", "utimensat",
})
NET_CALLS = frozenset({"connect", "bind", "sendto", "sendmsg", "accept", "accept4", "recvfrom"})


def _path(c: Call) -> str | None:
    for a in c.args:
        if a.startswith('"'):
            return a
    return None


class Facts:
    """Per-syscall counts, files, errors, network endpoints, programs; times with --timing."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.files: set[str] = set()
        self.errors: Counter[str] = Counter()
        self.net: set[str] = set()
        self.execs: list[str] = []
        self.time: Counter[str] = Counter()  # seconds in each syscall (-T durations)
        self.timed: Counter[str] = Counter()  # calls that had a duration

    def add(self, calls: Iterable[Call]) -> None:
        counts, files, errors = self.counts, self.files, self.errors
        for c in calls:
            if c.kind == "syscall":
                name = c.name
                counts[name] += 1
                if c.errno or name in FILE_CALLS or name in NET_CALLS:
                    self._add(c, files, errors)

    def _add(self, c: Call, files: set[str], errors: Counter[str]) -> None:
        if c.name in FILE_CALLS:
            path = _path(c)
            if path is not None:
                files.add(path)
                if c.errno:
                    errors[f"{c.name}({path}) {c.errno}"] += 1
                    return
        if c.errno:
            errors[f"{c.name} {c.errno}"] += 1
        if c.name in NET_CALLS:
            for a in c.args:
                if "sa_family=" in a:
                    self.net.add(f"{c.name} {a}")

    def add_time(self, name: str, seconds: float) -> None:
        self.time[name] += seconds
        self.timed[name] += 1

    def add_execs(self, procs: Iterable[Process]) -> None:
        for p in procs:
            self.execs.extend(f"{p.label}: {e}" for e in p.execs)

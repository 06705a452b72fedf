"""-P PATH: select the syscalls that name a path or use a descriptor open on it (strace's
pathtrace). Which arguments are paths and which are descriptors comes from the generated
signatures (argument names and C types), not from a hand-kept list."""

from __future__ import annotations

import os
from functools import cache
from typing import TYPE_CHECKING

import syscall_tables

if TYPE_CHECKING:
    from .syscalls import SyscallDesc
    from .tracee import Tracee

_FD_NAMES = frozenset({"fd", "dfd", "olddfd", "newdfd", "oldfd", "newfd", "fd_in", "fd_out",
                       "in_fd", "out_fd", "ufd", "epfd", "dirfd", "fildes", "from_dfd", "to_dfd"})


def canonical(paths: list[str]) -> list[str]:
    """The paths as given and as resolved (strace compares both)."""
    out: list[str] = []
    for p in paths:
        for q in (p, os.path.realpath(p)):
            if q not in out:
                out.append(q)
    return out


@cache
def _roles(name: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(indices of path arguments, indices of descriptor arguments) of syscall ``name``."""
    sig = syscall_tables.arch_table("x86_64").SIGNATURES.get(name, ())
    paths, fds = [], []
    for i, (ctype, arg) in enumerate(sig):
        if "char *" in ctype and ("name" in arg or "path" in arg or arg in ("filename", "dir", "library", "special")):
            paths.append(i)
        elif arg in _FD_NAMES and "*" not in ctype:
            fds.append(i)
    return tuple(paths), tuple(fds)


def touches(t: Tracee, desc: SyscallDesc, wanted: list[str]) -> bool:
    paths, fds = _roles(desc.name)
    for i in paths:
        got = t.mem.read_cstring(t.args[i], 4096)
        if got is not None and os.fsdecode(got[0]) in wanted:
            return True
    for i in fds:
        fd = t.sarg(i)
        if fd < 0:
            continue
        try:
            target = os.readlink(f"/proc/{t.pid}/fd/{fd}")
        except OSError:
            continue
        if target in wanted:
            return True
    return False

"""execve, execveat (strace's execve.c): argv in full, envp as a count unless -v."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..printers import addr, cstr, dirfd, flags, path, xlat
from ._modes import abbrev, verbose
from .registry import syscall

if TYPE_CHECKING:
    from ..tracee import Tracee

_ULONG_MAX = (1 << 64) - 1


def _argv(t: Tracee, a: int) -> str:
    """``["ls", "-la"]``: at most -s strings (then ``...``), each under -s (printargv)."""
    if not a or not verbose(t):
        return addr(a)
    parts: list[str] = []
    limit = t.cfg.string_limit
    n = 0
    w = 4 if t.arch == "i386" else 8  # a pointer of the i386 personality is 4 bytes
    while True:
        cur = a + w * n
        raw = t.mem.read(cur, w) if cur <= _ULONG_MAX - 7 else None
        if raw is None:
            if n == 0:
                return addr(cur)
            parts.append("... /* %#x */" % cur)
            break
        word = int.from_bytes(raw, "little")
        if word == 0:
            break
        if n + 1 > limit and abbrev(t):
            parts.append("...")
            break
        parts.append(cstr(t, word))
        n += 1
    return "[" + ", ".join(parts) + "]"


def _argc(t: Tracee, a: int) -> str:
    """``0x7ffd... /* 20 vars */`` (printargc)."""
    text = addr(a)
    if not a or not verbose(t):
        return text
    n = 0
    unterminated = False
    w = 4 if t.arch == "i386" else 8  # a pointer of the i386 personality is 4 bytes
    while True:
        cur = a + w * n
        raw = t.mem.read(cur, w) if cur <= _ULONG_MAX - 7 else None
        if raw is None:
            if n == 0:
                return text
            unterminated = True
            break
        if not int.from_bytes(raw, "little"):
            break
        n += 1
    tail = ", unterminated" if unterminated else ""
    return f"{text} /* {n} var{'' if n == 1 else 's'}{tail} */"


def _decode(t: Tracee, i: int) -> None:
    t.out += [path(t, t.args[i]), _argv(t, t.args[i + 1])]
    t.out.append(_argc(t, t.args[i + 2]) if abbrev(t) else _argv(t, t.args[i + 2]))


@syscall("execve")
def execve(t: Tracee) -> bool | None:
    _decode(t, 0)
    return None


@syscall("execveat")
def execveat(t: Tracee) -> bool | None:
    t.out.append(dirfd(t, t.args[0]))
    _decode(t, 1)
    t.out.append(flags(t.iarg(4), xlat("execveat_flags"), "AT_???"))
    return None

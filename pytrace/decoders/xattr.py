"""Extended attributes: setxattr, getxattr, listxattr, removexattr and their l/f forms
(strace's src/xattr.c)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..printers import addr, buf, cstr, fd, flags, path, xlat
from .registry import syscall

if TYPE_CHECKING:
    from ..tracee import Tracee

_FLAGS = xlat("xattrflags")


def _target(t: Tracee, by_fd: bool) -> str:
    return fd(t, t.args[0]) if by_fd else path(t, t.args[0])


def _value_at_exit(t: Tracee, a: int, size: int) -> str:
    """What the kernel wrote: the buffer of the returned length, or its address."""
    if not a:
        return "NULL"
    if t.is_error or t.rval > size:
        return addr(a)
    return buf(t, a, t.rval)


@syscall("setxattr", "lsetxattr", "fsetxattr")
def setxattr(t: Tracee) -> None:
    a = t.args
    size = a[3]
    t.out += [
        _target(t, t.desc is not None and t.desc.name == "fsetxattr"),
        cstr(t, a[1]),
        buf(t, a[2], size),
        str(size),
        flags(t.iarg(4), _FLAGS, "XATTR_???"),
    ]


@syscall("getxattr", "lgetxattr", "fgetxattr")
def getxattr(t: Tracee) -> bool | None:
    a = t.args
    if not t.exiting:
        t.out += [_target(t, t.desc is not None and t.desc.name == "fgetxattr"), cstr(t, a[1])]
        return True
    t.out += [_value_at_exit(t, a[2], a[3]), str(a[3])]
    return None


@syscall("listxattr", "llistxattr", "flistxattr")
def listxattr(t: Tracee) -> bool | None:
    a = t.args
    if not t.exiting:
        t.out.append(_target(t, t.desc is not None and t.desc.name == "flistxattr"))
        return True
    t.out += [_value_at_exit(t, a[1], a[2]), str(a[2])]
    return None


@syscall("removexattr", "lremovexattr", "fremovexattr")
def removexattr(t: Tracee) -> None:
    t.out += [_target(t, t.desc is not None and t.desc.name == "fremovexattr"), cstr(t, t.args[1])]

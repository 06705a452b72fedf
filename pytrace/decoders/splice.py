"""splice, tee, vmsplice, sendfile, copy_file_range: moving data between descriptors."""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

from ..printers import fd, flags, xlat
from ._iovec import iovec
from ._umove import fetch
from .registry import syscall

if TYPE_CHECKING:
    from ..tracee import Tracee

_I64 = struct.Struct("<q")
_U64 = struct.Struct("<Q")


def num64(t: Tracee, a: int, signed: bool = True) -> str | None:
    """``[N]`` for a pointer to a 64-bit integer, or NULL / the address (printnum_int64).

    Returns None with the text in the second form when the read failed."""
    if not a:
        return "NULL"
    data = fetch(t, a, 8)
    if data is None:
        return None
    return "[%d]" % (_I64 if signed else _U64).unpack(data)[0]


def _num64(t: Tracee, a: int, signed: bool = True) -> str:
    got = num64(t, a, signed)
    return got if got is not None else "%#x" % a


def _splice_flags(t: Tracee, i: int) -> str:
    return flags(t.iarg(i), xlat("splice_flags"), "SPLICE_F_???")


@syscall("splice")
def splice(t: Tracee) -> None:
    out = t.out
    out.append(fd(t, t.args[0]))
    out.append(_num64(t, t.args[1]))
    out.append(fd(t, t.args[2]))
    out.append(_num64(t, t.args[3]))
    out.append(str(t.args[4]))
    out.append(_splice_flags(t, 5))


@syscall("tee")
def tee(t: Tracee) -> None:
    t.out.append(fd(t, t.args[0]))
    t.out.append(fd(t, t.args[1]))
    t.out.append(str(t.args[2]))
    t.out.append(_splice_flags(t, 3))


@syscall("vmsplice")
def vmsplice(t: Tracee) -> None:
    t.out.append(fd(t, t.args[0]))
    t.out.append(iovec(t, t.args[1], t.args[2]))
    t.out.append(str(t.args[2]))
    t.out.append(_splice_flags(t, 3))


@syscall("sendfile", glue=True)
def sendfile(t: Tracee) -> bool:
    if not t.exiting:
        t.out.append(fd(t, t.args[0]))
        t.out.append(fd(t, t.args[1]))
        got = num64(t, t.args[2], signed=False)
        if got is None or not t.args[2]:
            t.out.append(got if got is not None else "%#x" % t.args[2])
            t.out.append(str(t.args[3]))
            return False
        t.out.append(got)
        return True
    changed = not t.is_error and t.rval
    t.out.append(" => " + _num64(t, t.args[2], signed=False) if changed else "")
    t.out.append(str(t.args[3]))
    return True


@syscall("copy_file_range")
def copy_file_range(t: Tracee) -> None:
    out = t.out
    out.append(fd(t, t.args[0]))
    out.append(_num64(t, t.args[1]))
    out.append(fd(t, t.args[2]))
    out.append(_num64(t, t.args[3]))
    out.append(str(t.args[4]))
    out.append(str(t.iarg(5)))

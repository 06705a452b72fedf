"""open, openat, openat2, creat (strace's open.c)."""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

from ..printers import dirfd, flags, path, xlat
from ._modes import numeric_umode, open_modes
from ._umove import umove
from .registry import RVAL_FD, syscall

if TYPE_CHECKING:
    from ..tracee import Tracee

O_CREAT = 0o100
O_TMPFILE = 0o20000000  # __O_TMPFILE
OPEN_HOW = struct.Struct("<QQQ")  # struct open_how: flags, mode, resolve


def _open_tail(t: Tracee, i: int) -> None:
    t.out.append(path(t, t.args[i]))
    fl = t.iarg(i + 1)
    t.out.append(open_modes(fl))
    if fl & (O_CREAT | O_TMPFILE):
        t.out.append(numeric_umode(t.iarg(i + 2)))


@syscall("open", ret=RVAL_FD)
def open_(t: Tracee) -> bool | None:
    _open_tail(t, 0)
    return None


@syscall("openat", ret=RVAL_FD)
def openat(t: Tracee) -> bool | None:
    t.out.append(dirfd(t, t.args[0]))
    _open_tail(t, 1)
    return None


@syscall("creat", ret=RVAL_FD)
def creat(t: Tracee) -> bool | None:
    t.out += [path(t, t.args[0]), numeric_umode(t.iarg(1))]
    return None


@syscall("openat2", ret=RVAL_FD)
def openat2(t: Tracee) -> bool | None:
    t.out += [dirfd(t, t.args[0]), path(t, t.args[1])]
    size = t.args[3]
    if size < OPEN_HOW.size:
        t.out.append("%#x" % t.args[2] if t.args[2] else "NULL")
    else:
        data = umove(t, t.args[2], OPEN_HOW.size)
        if isinstance(data, str):
            t.out.append(data)
        else:
            fl, mode, resolve = OPEN_HOW.unpack(data)
            fields = [f"flags={open_modes(fl)}"]
            if fl & (O_CREAT | O_TMPFILE):
                fields.append(f"mode={numeric_umode(mode)}")
            fields.append(f"resolve={flags(resolve, xlat('open_resolve_flags'), 'RESOLVE_???')}")
            t.out.append("{" + ", ".join(fields) + "}")
    t.out.append(str(size))
    return None

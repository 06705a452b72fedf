"""Descriptor bookkeeping: close, close_range, dup/dup2/dup3, pipe/pipe2 (strace's desc.c,
close_range.c, dup.c, pipe.c)."""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

from ..printers import fd, flags, xlat
from ._umove import umove
from .registry import RVAL_FD, syscall

if TYPE_CHECKING:
    from ..tracee import Tracee

_FDPAIR = struct.Struct("<ii")


@syscall("close")
def close(t: Tracee) -> bool | None:
    t.out.append(fd(t, t.args[0]))
    return None


@syscall("close_range")
def close_range(t: Tracee) -> bool | None:
    t.out += [
        fd(t, t.args[0]), str(t.iarg(1)),
        flags(t.iarg(2), xlat("close_range_flags"), "CLOSE_RANGE_???"),
    ]
    return None


@syscall("dup", ret=RVAL_FD)
def dup(t: Tracee) -> bool | None:
    t.out.append(fd(t, t.args[0]))
    return None


@syscall("dup2", ret=RVAL_FD)
def dup2(t: Tracee) -> bool | None:
    t.out += [fd(t, t.args[0]), fd(t, t.args[1])]
    return None


@syscall("dup3", ret=RVAL_FD)
def dup3(t: Tracee) -> bool | None:
    t.out += [fd(t, t.args[0]), fd(t, t.args[1]), flags(t.iarg(2), xlat("open_mode_flags"), "O_???")]
    return None


def _fd_pair(t: Tracee, a: int) -> str:
    data = umove(t, a, _FDPAIR.size)
    if isinstance(data, str):
        return data
    r, w = _FDPAIR.unpack(data)
    return f"[{fd(t, r)}, {fd(t, w)}]"


@syscall("pipe")
def pipe(t: Tracee) -> bool | None:
    if not t.exiting:
        return True
    t.out.append(_fd_pair(t, t.args[0]))
    return None


@syscall("pipe2")
def pipe2(t: Tracee) -> bool | None:
    if not t.exiting:
        return True
    t.out += [_fd_pair(t, t.args[0]), flags(t.iarg(1), xlat("open_mode_flags"), "O_???")]
    return None

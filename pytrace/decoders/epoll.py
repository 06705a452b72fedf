"""epoll_create, epoll_create1, epoll_ctl, epoll_wait, epoll_pwait, epoll_pwait2 (src/epoll.c)."""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

from ..printers import addr, const, fd, flags, xlat, xval
from ._print_array import print_array
from ._sigset import sigset
from ._timespec import timespec
from ._umove import umove
from .registry import RVAL_FD, syscall

if TYPE_CHECKING:
    from ..tracee import Tracee

_EVENT = struct.Struct("<IQ")  # packed on x86_64: 12 bytes
EPOLL_CTL_DEL = const("EPOLL_CTL_DEL")


def epoll_event(data: bytes) -> str:
    events, u64 = _EVENT.unpack(data)
    ev = flags(events, xlat("epollevents"), "EPOLL???")
    return f"{{events={ev}, data={{u32={u64 & 0xFFFFFFFF}, u64={u64}}}}}"


@syscall("epoll_create", ret=RVAL_FD)
def epoll_create(t: Tracee) -> None:
    t.out.append(str(t.sarg(0)))


@syscall("epoll_create1", ret=RVAL_FD)
def epoll_create1(t: Tracee) -> None:
    t.out.append(flags(t.iarg(0), xlat("epollflags"), "EPOLL_???"))


@syscall("epoll_ctl")
def epoll_ctl(t: Tracee) -> None:
    out = t.out
    out.append(fd(t, t.args[0]))
    op = t.iarg(1)
    out.append(xval(op, xlat("epollctls"), "EPOLL_CTL_???"))
    out.append(fd(t, t.args[2]))
    if op == EPOLL_CTL_DEL:
        out.append(addr(t.args[3]))
        return
    data = umove(t, t.args[3], _EVENT.size)
    out.append(data if isinstance(data, str) else epoll_event(data))


def _wait(t: Tracee) -> bool:
    if not t.exiting:
        t.out.append(fd(t, t.args[0]))
        return True
    n = 0 if t.is_error else t.rval
    if t.is_error and t.args[1]:
        t.out.append("%#x" % t.args[1])
    else:
        t.out.append(print_array(t, t.args[1], n, _EVENT.size, epoll_event))
    t.out.append(str(t.sarg(2)))
    return True


@syscall("epoll_wait")
def epoll_wait(t: Tracee) -> bool:
    _wait(t)
    if t.exiting:
        t.out.append(str(t.sarg(3)))
    return True


@syscall("epoll_pwait")
def epoll_pwait(t: Tracee) -> bool:
    _wait(t)
    if t.exiting:
        t.out.append(str(t.sarg(3)))
        t.out.append(sigset(t, t.args[4], t.args[5]))
        t.out.append(str(t.args[5]))
    return True


@syscall("epoll_pwait2")
def epoll_pwait2(t: Tracee) -> bool:
    _wait(t)
    if t.exiting:
        t.out.append(timespec(t, t.args[3]))
        t.out.append(sigset(t, t.args[4], t.args[5]))
        t.out.append(str(t.args[5]))
    return True

"""io_uring_setup, io_uring_enter, io_uring_register (strace's src/io_uring.c)."""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

from ..printers import addr, fd, flags, xlat, xval
from ._iovec import iovec
from ._print_array import print_array
from ._sigset import sigset
from .registry import RVAL_FD, syscall

if TYPE_CHECKING:
    from ..tracee import Tracee

_I32 = struct.Struct("<i")
REGISTER_BUFFERS, REGISTER_FILES = 0, 2


@syscall("io_uring_setup", ret=RVAL_FD)
def io_uring_setup(t: Tracee) -> None:
    t.out += [str(t.iarg(0)), addr(t.args[1])]


@syscall("io_uring_enter")
def io_uring_enter(t: Tracee) -> None:
    t.out += [
        fd(t, t.args[0]),
        str(t.iarg(1)),
        str(t.iarg(2)),
        flags(t.iarg(3), xlat("uring_enter_flags"), "IORING_ENTER_???"),
        sigset(t, t.args[4], t.args[5]),
        str(t.args[5]),
    ]


@syscall("io_uring_register")
def io_uring_register(t: Tracee) -> None:
    op, a, n = t.iarg(1), t.args[2], t.iarg(3)
    t.out += [fd(t, t.args[0]), xval(op, xlat("uring_register_opcodes"), "IORING_REGISTER_???")]
    if op == REGISTER_BUFFERS:
        t.out.append(iovec(t, a, n, as_str=False))
    elif op == REGISTER_FILES:
        t.out.append(print_array(t, a, n, 4, lambda b: fd(t, _I32.unpack(b)[0])))
    else:
        t.out.append(addr(a))
    t.out.append(str(n))

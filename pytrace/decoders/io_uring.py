"""io_uring_setup, io_uring_enter, io_uring_register (strace's src/io_uring.c)."""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

from ..printers import addr, fd, flags, hexval, read_struct, xlat, xval
from ..structs.io_uring import IO_URING_PARAMS
from ._iovec import iovec
from ._print_array import print_array
from ._sigset import sigset
from .registry import RVAL_FD, syscall

if TYPE_CHECKING:
    from ..tracee import Tracee

_I32 = struct.Struct("<i")
REGISTER_BUFFERS, REGISTER_FILES = 0, 2


@syscall("io_uring_setup", ret=RVAL_FD, glue=True)
def io_uring_setup(t: Tracee) -> bool | None:
    """struct io_uring_params: the caller's fields at entry (all of it when a reserved field
    is set), the kernel's answer at exit."""
    a = t.args[1]
    if not t.exiting:
        t.out.append(str(t.iarg(0)))
        raw = read_struct(t, a, IO_URING_PARAMS.size)
        if raw is None:
            t.out.append(addr(a))
            return None
        p = IO_URING_PARAMS.unpack(raw)
        text = (f"{{flags={flags(p.flags, xlat('uring_setup_flags'), 'IORING_SETUP_???')}, "
                f"sq_thread_cpu={hexval(p.sq_thread_cpu)}, sq_thread_idle={p.sq_thread_idle}")
        if p.resv0 or p.resv1 or p.resv2:
            t.out.append(text + f", resv=[{hexval(p.resv0)}, {hexval(p.resv1)}, {hexval(p.resv2)}]}}")
            return None
        t.out.append(text)
        return True
    raw = None if t.is_error else read_struct(t, a, IO_URING_PARAMS.size)
    if raw is None:
        t.out.append("}")
        return None
    p = IO_URING_PARAMS.unpack(raw)
    t.out.append(
        f", sq_entries={p.sq_entries}, cq_entries={p.cq_entries}, "
        f"features={flags(p.features, xlat('uring_setup_features'), 'IORING_FEAT_???')}, "
        f"sq_off={{head={p.sq_head}, tail={p.sq_tail}, ring_mask={p.sq_ring_mask}, "
        f"ring_entries={p.sq_ring_entries}, flags={p.sq_flags}, dropped={p.sq_dropped}, "
        f"array={p.sq_array}}}, cq_off={{head={p.cq_head}, tail={p.cq_tail}, "
        f"ring_mask={p.cq_ring_mask}, ring_entries={p.cq_ring_entries}, "
        f"overflow={p.cq_overflow}, cqes={p.cq_cqes}, flags={p.cq_flags}}}}}")
    return None


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

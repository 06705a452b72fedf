"""Linux native AIO as strace 6.1 prints it (src/aio.c): io_setup, io_destroy, io_submit
(struct iocb per opcode), io_cancel, io_getevents, io_pgetevents (struct io_event)."""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

from ..printers import addr, buf, const, fd, flags, hexval, xlat, xval_dec
from ._iovec import iovec
from ._print_array import print_array
from ._sigset import NSIG_BYTES, sigset_bytes
from ._timespec import timespec_any
from ._umove import fetch, umove
from .ioprio import ioprio
from .registry import syscall

if TYPE_CHECKING:
    from ..tracee import Tracee

# aio_data, aio_key, aio_rw_flags, aio_lio_opcode, aio_reqprio, aio_fildes, aio_buf, aio_nbytes,
# aio_offset, aio_reserved2, aio_flags, aio_resfd
IOCB = struct.Struct("<QIIHhIQQqQII")
IO_EVENT = struct.Struct("<QQqq")
_PTR = struct.Struct("<Q")
_WORDSIZE = 8
_KSIGSET = struct.Struct("<QQ")  # const sigset_t *sigmask; size_t sigsetsize
IOCB_FLAG_RESFD = const("IOCB_FLAG_RESFD")
IOCB_FLAG_IOPRIO = const("IOCB_FLAG_IOPRIO")
_PWRITE, _POLL, _PREADV, _PWRITEV = 1, 5, 7, 8
_COMMON = (0, 1)
_VECTOR = (_PREADV, _PWRITEV)


def _header(t: Tracee, f: tuple[int, ...]) -> list[str]:
    data, key, rw, op, prio, fildes, *_rest, aflags, _resfd = f
    out = [f"aio_data={hexval(data)}"]
    if key:
        out.append(f"aio_key={key}")
    if rw:
        out.append("aio_rw_flags=" + flags(rw, xlat("rwf_flags"), "RWF_???"))
    out.append("aio_lio_opcode=" + xval_dec(op, xlat("aio_cmds"), "IOCB_CMD_???"))
    if aflags & IOCB_FLAG_IOPRIO:
        out.append("aio_reqprio=" + ioprio(prio & 0xFFFF))
    elif prio:
        out.append(f"aio_reqprio={prio}")
    out.append("aio_fildes=" + fd(t, fildes))
    return out


def _common_flags(t: Tracee, aflags: int, resfd: int) -> list[str]:
    out = []
    if aflags:
        out.append("aio_flags=" + flags(aflags, xlat("aio_iocb_flags"), "IOCB_FLAG_???"))
    if aflags & IOCB_FLAG_RESFD:
        out.append("aio_resfd=" + fd(t, resfd))
    elif resfd:
        out.append(f"aio_resfd={hexval(resfd)}")
    return out


def iocb(t: Tracee, data: bytes) -> str:
    f = IOCB.unpack(data)
    op, abuf, nbytes, offset, aflags, resfd = f[3], f[6], f[7], f[8], f[10], f[11]
    out = _header(t, f)
    valid = nbytes < (1 << 63)
    if op in _COMMON:
        if op == _PWRITE and valid:
            out.append("aio_buf=" + buf(t, abuf, nbytes))
        else:
            out.append(f"aio_buf={hexval(abuf)}")
        out += [f"aio_nbytes={nbytes}", f"aio_offset={offset}"]
        out += _common_flags(t, aflags, resfd)
    elif op in _VECTOR:
        if valid:
            out.append("aio_buf=" + iovec(t, abuf, nbytes, as_str=op == _PWRITEV))
        else:
            out += [f"aio_buf={hexval(abuf)}", f"aio_nbytes={nbytes}"]
        out.append(f"aio_offset={offset}")
        out += _common_flags(t, aflags, resfd)
    elif op == _POLL:
        out.append("aio_buf=" + flags(abuf, xlat("pollflags"), "POLL???"))
        out += _common_flags(t, aflags, resfd)
    return "{" + ", ".join(out) + "}"


def io_event(b: bytes) -> str:
    data, obj, res, res2 = IO_EVENT.unpack(b)
    return f"{{data={hexval(data)}, obj={hexval(obj)}, res={res}, res2={res2}}}"


@syscall("io_setup")
def io_setup(t: Tracee) -> bool | None:
    if not t.exiting:
        t.out.append(str(t.iarg(0)))
        return True
    got = umove(t, t.args[1], 8)
    t.out.append(got if isinstance(got, str) else f"[{hexval(_PTR.unpack(got)[0])}]")
    return None


@syscall("io_destroy")
def io_destroy(t: Tracee) -> None:
    t.out.append(addr(t.args[0]))


@syscall("io_submit")
def io_submit(t: Tracee) -> None:
    nr = t.larg(1)

    def elem(b: bytes) -> str:
        p = _PTR.unpack(b)[0]
        got = umove(t, p, IOCB.size)
        return got if isinstance(got, str) else iocb(t, got)

    arr = addr(t.args[2]) if nr < 0 else print_array(t, t.args[2], nr, 8, elem)
    t.out += [addr(t.args[0]), str(nr), arr]


@syscall("io_cancel")
def io_cancel(t: Tracee) -> bool | None:
    if not t.exiting:
        got = umove(t, t.args[1], IOCB.size)
        head = got if isinstance(got, str) else "{" + ", ".join(_header(t, IOCB.unpack(got))) + "}"
        t.out += [addr(t.args[0]), head]
        return True
    got = umove(t, t.args[2], IO_EVENT.size)
    t.out.append(got if isinstance(got, str) else io_event(got))
    return None




def _kernel_sigset(t: Tracee, a: int) -> str:
    """``{sigmask=[USR1], sigsetsize=8}`` (print_kernel_sigset)."""
    if not a:
        return "NULL"
    data = fetch(t, a, _KSIGSET.size)
    if data is None:
        return "%#x" % a
    p, size = _KSIGSET.unpack(data)
    mask = addr(p)
    if p and _WORDSIZE <= size <= NSIG_BYTES:
        got = t.mem.read(p, size)
        if got is not None:
            mask = sigset_bytes(got)
    return f"{{sigmask={mask}, sigsetsize={size}}}"


def _getevents(t: Tracee, has_sig: bool) -> bool | None:
    if not t.exiting:
        t.out += [addr(t.args[0]), str(t.larg(1)), str(t.larg(2))]
        return True
    a = t.args[3]
    if t.is_error:
        events = addr(a)
    else:
        events = print_array(t, a, t.rval, IO_EVENT.size, io_event)
    t.out += [events, timespec_any(t, t.args[4])]
    if has_sig:
        t.out.append(_kernel_sigset(t, t.args[5]))
    return None


@syscall("io_getevents")
def io_getevents(t: Tracee) -> bool | None:
    return _getevents(t, False)


@syscall("io_pgetevents")
def io_pgetevents(t: Tracee) -> bool | None:
    return _getevents(t, True)

"""read/write and their positional and vectored variants, lseek (strace's io.c, lseek.c)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..printers import addr, buf, fd, flags, xlat, xval
from ._iovec import iovec
from .registry import syscall

if TYPE_CHECKING:
    from ..tracee import Tracee


def _data_out(t: Tracee, a: int) -> str:
    """The buffer a read filled: its address on error, else ``rval`` bytes."""
    if t.is_error:
        return addr(a)
    if t.cfg.netlink_rw:
        return _netlink_rw(t, a, t.rval)
    return buf(t, a, t.rval)


def _netlink_rw(t: Tracee, a: int, length: int) -> str:
    """--netlink-rw: a read/write buffer on a netlink socket as netlink messages (strace 6.1
    decodes them only in the socket calls, and prints a string here)."""
    from ._msghdr import sockbuf

    return sockbuf(t, t.sarg(0), a, length)


@syscall("read")
def read(t: Tracee) -> bool | None:
    if not t.exiting:
        t.out.append(fd(t, t.args[0]))
        return True
    t.out += [_data_out(t, t.args[1]), str(t.args[2])]
    return None


@syscall("write")
def write(t: Tracee) -> bool | None:
    data = _netlink_rw(t, t.args[1], t.args[2]) if t.cfg.netlink_rw else buf(t, t.args[1], t.args[2])
    t.out += [fd(t, t.args[0]), data, str(t.args[2])]
    return None


@syscall("pread64")
def pread64(t: Tracee) -> bool | None:
    if t.arch == "i386":
        from .compat32 import pread64_i386

        return pread64_i386(t)
    if not t.exiting:
        t.out.append(fd(t, t.args[0]))
        return True
    t.out += [_data_out(t, t.args[1]), str(t.args[2]), str(_pos(t))]
    return None


@syscall("pwrite64")
def pwrite64(t: Tracee) -> bool | None:
    if t.arch == "i386":
        from .compat32 import pwrite64_i386

        return pwrite64_i386(t)
    t.out += [fd(t, t.args[0]), buf(t, t.args[1], t.args[2]), str(t.args[2]), str(_pos(t))]
    return None


def _pos(t: Tracee) -> int:
    """The offset of pread64/preadv/pwritev and their v2 forms: pos_l, plus pos_h on i386."""
    if t.arch == "i386":
        from .compat32 import pair64

        return pair64(t.args[3], t.args[4])
    return t.larg(3)


def _readv_like(t: Tracee, extra: list[str]) -> bool | None:
    if not t.exiting:
        t.out.append(fd(t, t.args[0]))
        return True
    if t.is_error:
        t.out.append(iovec(t, t.args[1], t.args[2], as_str=False))
    else:
        t.out.append(iovec(t, t.args[1], t.args[2], t.rval))
    t.out.append(str(t.args[2]))
    t.out += extra
    return None


@syscall("readv")
def readv(t: Tracee) -> bool | None:
    return _readv_like(t, [])


@syscall("preadv")
def preadv(t: Tracee) -> bool | None:
    return _readv_like(t, [str(_pos(t))] if t.exiting else [])


@syscall("preadv2")
def preadv2(t: Tracee) -> bool | None:
    extra = [str(_pos(t)), flags(t.args[5], xlat("rwf_flags"), "RWF_???")] if t.exiting else []
    return _readv_like(t, extra)


@syscall("writev")
def writev(t: Tracee) -> bool | None:
    t.out += [fd(t, t.args[0]), iovec(t, t.args[1], t.args[2]), str(t.args[2])]
    return None


@syscall("pwritev")
def pwritev(t: Tracee) -> bool | None:
    writev(t)
    t.out.append(str(_pos(t)))
    return None


@syscall("pwritev2")
def pwritev2(t: Tracee) -> bool | None:
    pwritev(t)
    t.out.append(flags(t.args[5], xlat("rwf_flags"), "RWF_???"))
    return None


@syscall("lseek")
def lseek(t: Tracee) -> bool | None:
    t.out += [fd(t, t.args[0]), str(t.larg(1)), xval(t.iarg(2), xlat("whence_codes"), "SEEK_???")]
    return None

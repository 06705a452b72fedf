"""Privileged system-administration calls strace 6.1 prints with plain arguments: pivot_root,
acct, swapon, swapoff, sethostname, setdomainname, iopl, ioperm, readahead, lookup_dcookie,
ustat (strace's pivotroot.c, acct.c, swapon.c, sethostname.c, iopl.c, ioperm.c, readahead.c,
dcookie.c, ustat.c)."""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

from ..printers import addr, buf, fd, flags, hexval, path, xlat
from ._consts import consts
from ._modes import dev
from ._umove import umove
from .registry import syscall

if TYPE_CHECKING:
    from ..tracee import Tracee

_SWAP_PRIO_MASK, _UTS_LEN = consts("SWAP_FLAG_PRIO_MASK __NEW_UTS_LEN")
_USTAT = struct.Struct("<iQ6s6s")  # f_tfree (daddr_t), f_tinode (ino_t), f_fname, f_fpack


@syscall("pivot_root")
def pivot_root(t: Tracee) -> None:
    t.out += [path(t, t.args[0]), path(t, t.args[1])]


@syscall("acct", "swapoff")
def one_path(t: Tracee) -> None:
    t.out.append(path(t, t.args[0]))


@syscall("swapon")
def swapon(t: Tracee) -> None:
    v = t.iarg(1)
    prio = v & _SWAP_PRIO_MASK
    rest = v & ~_SWAP_PRIO_MASK
    text = flags(rest, xlat("swap_flags")) + f"|{prio}" if rest else str(prio)
    t.out += [path(t, t.args[0]), text]


@syscall("sethostname", "setdomainname")
def sethostname(t: Tracee) -> None:
    n = t.iarg(1)
    t.out += [buf(t, t.args[0], n) if n <= _UTS_LEN else addr(t.args[0]), str(n)]


@syscall("iopl")
def iopl(t: Tracee) -> None:
    t.out.append(str(t.sarg(0)))


@syscall("ioperm")
def ioperm(t: Tracee) -> None:
    t.out += [hexval(t.args[0]), hexval(t.args[1]), str(t.sarg(2))]


@syscall("readahead")
def readahead(t: Tracee) -> None:
    t.out += [fd(t, t.args[0]), str(t.larg(1)), str(t.args[2])]


@syscall("lookup_dcookie")
def lookup_dcookie(t: Tracee) -> bool | None:
    if not t.exiting:
        t.out.append(str(t.args[0]))
        return True
    a = t.args[1]
    t.out += [addr(a) if t.is_error else buf(t, a, t.rval), str(t.args[2])]
    return None


@syscall("ustat")
def ustat(t: Tracee) -> bool | None:
    if not t.exiting:
        t.out.append(dev(t.iarg(0)))
        return True
    data = umove(t, t.args[1], _USTAT.size)
    if isinstance(data, str):
        t.out.append(data)
        return None
    tfree, tinode, fname, fpack = _USTAT.unpack(data)
    from ..quote import quote

    name, pack = quote(fname.split(b"\0")[0]), quote(fpack.split(b"\0")[0])
    t.out.append(f"{{f_tfree={tfree}, f_tinode={tinode}, f_fname={name}, f_fpack={pack}}}")
    return None

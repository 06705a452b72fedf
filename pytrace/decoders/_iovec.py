"""struct iovec arrays as strace prints them (tprint_iov_upto over print_array): the one printer
of readv/writev, msghdr's msg_iov, process_vm_*, aio, keyctl ..., x86_64's struct iovec or
the i386 struct compat_iovec of an ``int $0x80`` call."""

from __future__ import annotations

import struct
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..printers import addr as printaddr
from ..printers import buf
from ._print_array import print_array

if TYPE_CHECKING:
    from ..tracee import Tracee

IOVEC64 = struct.Struct("<QQ")
_iovec32: struct.Struct | None = None
_I386_END = 1 << 32  # an i386 call's address space: strace reads nothing above 4 GiB

# How an element's data prints: (tracee, iov_base, bytes to show) -> text.
DataPrinter = Callable[["Tracee", int, int], str]


def layout(t: Tracee) -> struct.Struct:
    """The iovec layout of the current call: (iov_base, iov_len)."""
    global _iovec32
    if t.arch != "i386":
        return IOVEC64
    if _iovec32 is None:
        from ..structs import compat32 as L

        _iovec32 = L.IOVEC32_FAST.st
    return _iovec32


def _as_addr(t: Tracee, base: int, n: int) -> str:
    return printaddr(base)


def iovec_array(
    t: Tracee, a: int, count: int, data_size: int = -1, data: DataPrinter = buf,
    elem: struct.Struct | None = None,
) -> str:
    """``[{iov_base="...", iov_len=5}, ...]``: at most -s elements when abbreviated, at most
    ``data_size`` bytes of data in all (-1: each buffer whole, under -s); ``data`` prints each
    buffer, ``elem`` is the element layout (default: the call's, see ``layout``)."""
    st = elem or layout(t)
    remaining = data_size

    def one(raw: bytes) -> str:
        nonlocal remaining
        base, length = st.unpack(raw)
        n = length
        if remaining >= 0:
            n = min(n, remaining)
            remaining -= n
        return f"{{iov_base={data(t, base, n)}, iov_len={length}}}"

    return print_array(t, a, count, st.size, one, _I386_END if t.arch == "i386" else 1 << 64)


def iovec(t: Tracee, a: int, count: int, data_size: int = -1, as_str: bool = True) -> str:
    """A syscall's iovec argument: the address when -e verbose= leaves the call out;
    ``as_str`` False prints the bases as addresses."""
    vs = t.cfg.verbose_set  # -e verbose=: an array of a call not verbose prints as its address
    if vs is not None and a and count and (t.desc is None or t.desc.name not in vs):
        return "%#x" % a
    return iovec_array(t, a, count, data_size, buf if as_str else _as_addr)

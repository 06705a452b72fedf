"""Printing helpers shared by the IPC and process-control decoders (strace's print_array,
printnum_int, print_timespec, print_sigevent, tprint_open_modes).

Each returns strace text for one argument; unreadable memory prints the address.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..printers import addr, flags, xlat, xval
from ._timespec import timespec_any as timespec  # noqa: F401  (sched, ipc: inputs read on entry)
from ._umove import fetch, fetch_upto

if TYPE_CHECKING:
    from ..tracee import Tracee

_U32 = struct.Struct("<I")
_I32 = struct.Struct("<i")
_U64 = struct.Struct("<Q")


def octal3(v: int) -> str:
    """C's ``%#03o``: ``0600``, ``000``, ``007``."""
    return ("0%o" % v if v else "0").rjust(3, "0")



def num_int(t: Tracee, a: int, signed: bool = False) -> str:
    """``[3]``: an int the kernel reads or writes through a pointer (printnum_int)."""
    if not a:
        return "NULL"
    data = fetch(t, a, 4)
    if data is None:
        return addr(a)
    return "[%d]" % (_I32 if signed else _U32).unpack(data)[0]


def num_u64(t: Tracee, a: int) -> str:
    if not a:
        return "NULL"
    data = fetch(t, a, 8)
    if data is None:
        return addr(a)
    return "[%d]" % _U64.unpack(data)[0]


def array(
    t: Tracee, a: int, count: int, elsize: int, elem: Callable[[bytes], str]
) -> str:
    """``[e0, e1, ...]`` as print_array: at most -s elements, a fault mid-way
    ends with ``... /* ADDR */``, an unreadable start prints the address."""
    if not a:
        return "NULL"
    if count <= 0:
        return "[]"
    limit = t.cfg.string_limit
    n = min(count, limit)
    data = fetch_upto(t, a, n * elsize)
    if data is None or len(data) < elsize:
        return addr(a)
    got = len(data) // elsize
    parts = [elem(data[i * elsize:(i + 1) * elsize]) for i in range(got)]
    if got < n:
        parts.append("... /* %#x */" % (a + got * elsize))
    elif count > limit:
        parts.append("...")
    return "[" + ", ".join(parts) + "]"


def open_flags(v: int) -> str:
    """open(2) flags: ``O_RDWR|O_CREAT`` (tprint_open_modes)."""
    v &= 0xFFFFFFFF
    acc = xval(v & 3, xlat("open_access_modes"), "O_???")
    rest = v & ~3
    if not rest:
        return acc
    return acc + "|" + flags(rest, xlat("open_mode_flags"))


def sigevent(t: Tracee, a: int) -> str:
    """struct sigevent as print_sigevent (time.py's, shared with mq_notify)."""
    from .time import sigevent as print_sigevent

    return print_sigevent(t, a)


def defer_last(t: Tracee) -> bool:
    """On entry: hold back the last printed argument until exit, for decoders whose exit only
    annotates the return value (the writer puts ", " after entry arguments when the exit call
    prints more). On exit: print it. Returns True (the decoder's entry result)."""
    if not t.exiting:
        t.data = t.out.pop() if t.out else None
    elif t.data is not None:
        t.out.append(t.data)
    return True

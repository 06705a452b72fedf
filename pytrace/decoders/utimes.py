"""utime, utimes, futimesat as strace 6.1 prints them (src/utime.c, src/utimes.c): times with
their date as a comment."""

from __future__ import annotations

import struct
import time
from typing import TYPE_CHECKING

from ..printers import dirfd, path
from ._umove import umove
from .registry import syscall

if TYPE_CHECKING:
    from ..tracee import Tracee

_UTIMBUF = struct.Struct("<qq")
_TIMEVAL_PAIR = struct.Struct("<qqqq")


def date_comment(sec: int, usec: int | None = None) -> str:
    """`` /* 2009-02-13T23:31:30+0000 */`` (with ``.000002`` for microseconds), or ""."""
    if usec is not None and not 0 <= usec <= 999999:
        return ""
    try:
        tm = time.localtime(sec)
        text = time.strftime("%Y-%m-%dT%H:%M:%S", tm)
    except (OverflowError, OSError, ValueError):
        return ""
    if usec is not None:
        text += ".%06d" % usec
    return " /* " + text + time.strftime("%z", tm) + " */"


def timeval_pair(t: Tracee, a: int) -> str:
    """``[{tv_sec=1, tv_usec=2} /* date */, {...}]``; NULL or the address when unreadable."""
    layout = _TIMEVAL_PAIR
    if t.arch == "i386":
        from ..structs.compat32 import TIMEVAL32_PAIR_FAST

        layout = TIMEVAL32_PAIR_FAST.st
    data = umove(t, a, layout.size)
    if isinstance(data, str):
        return data
    s1, u1, s2, u2 = layout.unpack(data)
    return (f"[{{tv_sec={s1}, tv_usec={u1}}}{date_comment(s1, u1)}, "
            f"{{tv_sec={s2}, tv_usec={u2}}}{date_comment(s2, u2)}]")


@syscall("utime")
def utime(t: Tracee) -> None:
    layout = _UTIMBUF
    if t.arch == "i386":
        from ..structs.compat32 import UTIMBUF32_FAST

        layout = UTIMBUF32_FAST.st
    data = umove(t, t.args[1], layout.size)
    if isinstance(data, str):
        times = data
    else:
        a, m = layout.unpack(data)
        times = f"{{actime={a}{date_comment(a)}, modtime={m}{date_comment(m)}}}"
    t.out += [path(t, t.args[0]), times]


@syscall("utimes")
def utimes(t: Tracee) -> None:
    t.out += [path(t, t.args[0]), timeval_pair(t, t.args[1])]


@syscall("futimesat")
def futimesat(t: Tracee) -> None:
    t.out += [dirfd(t, t.args[0]), path(t, t.args[1]), timeval_pair(t, t.args[2])]

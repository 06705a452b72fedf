"""Resource limits and usage (strace's src/resource.c, printrusage.c): prlimit64, getrlimit,
setrlimit, getrusage."""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

from .. import printers
from ..printers import xlat, xval
from ._consts import consts
from ._modes import abbrev
from ._timespec import timeval_bytes
from ._umove import umove
from .registry import syscall

if TYPE_CHECKING:
    from ..tracee import Tracee

_RLIMIT = struct.Struct("<QQ")
_RUSAGE = struct.Struct("<32x14q")  # ru_utime, ru_stime (timeval), then 14 longs
_RUSAGE_LONGS = (
    "ru_maxrss", "ru_ixrss", "ru_idrss", "ru_isrss", "ru_minflt", "ru_majflt", "ru_nswap",
    "ru_inblock", "ru_oublock", "ru_msgsnd", "ru_msgrcv", "ru_nsignals", "ru_nvcsw", "ru_nivcsw",
)
RLIM64_INFINITY = consts("RLIM64_INFINITY")[0] & 0xFFFFFFFFFFFFFFFF  # the table holds it signed


def rlim64(v: int) -> str:
    """``8192*1024``, ``RLIM64_INFINITY`` or the number (sprint_rlim64; -X raw: the number)."""
    return sprint_rlim(v, RLIM64_INFINITY, "RLIM64_INFINITY")


def sprint_rlim(v: int, infinity: int, name: str) -> str:
    """An rlimit value: ``name`` for ``infinity``, ``8192*1024`` for a multiple of 1024, else
    the number (-X raw: the number; -X verbose: the number and the text in a comment)."""
    style = printers.xlat_style
    if style == printers.STYLE_RAW:
        return str(v)
    if v == infinity:
        text = name
    elif v > 1024 and v % 1024 == 0:
        text = f"{v // 1024}*1024"
    else:
        return str(v)
    return f"{v} /* {text} */" if style == printers.STYLE_VERBOSE else text


def rlimit(t: Tracee, a: int) -> str:
    data = umove(t, a, _RLIMIT.size)
    if isinstance(data, str):
        return data
    cur, mx = _RLIMIT.unpack(data)
    return f"{{rlim_cur={rlim64(cur)}, rlim_max={rlim64(mx)}}}"


def rusage(t: Tracee, a: int) -> str:
    if t.arch == "i386":
        from .compat32 import rusage32

        return rusage32(t, a)
    data = umove(t, a, _RUSAGE.size)
    if isinstance(data, str):
        return data
    fields = [f"ru_utime={timeval_bytes(data)}", f"ru_stime={timeval_bytes(data, 16)}"]
    fields += [f"{n}={v}" for n, v in zip(_RUSAGE_LONGS, _RUSAGE.unpack(data), strict=True)]
    if abbrev(t):
        fields = fields[:2] + ["..."]
    return "{" + ", ".join(fields) + "}"


def _resource(t: Tracee, i: int) -> str:
    return xval(t.iarg(i), xlat("rlimit_resources"), "RLIMIT_???")


@syscall("prlimit64")
def prlimit64(t: Tracee) -> bool | None:
    if t.exiting:
        t.out.append(rlimit(t, t.args[3]))
        return None
    t.out += [printers.pid(t, t.sarg(0)), _resource(t, 1), rlimit(t, t.args[2])]
    return True


@syscall("getrlimit")
def getrlimit(t: Tracee) -> bool | None:
    if t.arch == "i386":
        from .compat32 import getrlimit_i386

        return getrlimit_i386(t)
    if t.exiting:
        t.out.append(rlimit(t, t.args[1]))
        return None
    t.out.append(_resource(t, 0))
    return True


@syscall("setrlimit")
def setrlimit(t: Tracee) -> None:
    if t.arch == "i386":
        from .compat32 import setrlimit_i386

        return setrlimit_i386(t)
    t.out += [_resource(t, 0), rlimit(t, t.args[1])]


@syscall("getrusage")
def getrusage(t: Tracee) -> bool | None:
    if t.exiting:
        t.out.append(rusage(t, t.args[1]))
        return None
    t.out.append(xval(t.sarg(0), xlat("usagewho"), "RUSAGE_???"))
    return True

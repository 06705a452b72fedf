"""sched_* calls: policies, sched_param, sched_attr, CPU affinity masks, as strace's sched.c
and affinity.c."""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

from ..printers import addr, flags, xlat, xval
from ..printers import pid as printpid
from ._proc_print import defer_last, timespec
from ._umove import fetch
from .registry import syscall

if TYPE_CHECKING:
    from ..tracee import Tracee

_I32 = struct.Struct("<i")
# struct sched_attr (SCHED_ATTR_SIZE_VER1 = 56)
_ATTR = struct.Struct("<IIQiIQQQII")
_ATTR_NAMES = (
    "size", "sched_policy", "sched_flags", "sched_nice", "sched_priority",
    "sched_runtime", "sched_deadline", "sched_period", "sched_util_min", "sched_util_max",
)


def _policy(v: int) -> str:
    return xval(v & 0xFFFFFFFF, xlat("schedulers"), "SCHED_???")


def _param(t: Tracee, a: int) -> str:
    if not a:
        return "NULL"
    data = fetch(t, a, 4)
    return addr(a) if data is None else "[%d]" % _I32.unpack(data)[0]


@syscall("sched_getscheduler")
def sched_getscheduler(t: Tracee) -> bool | None:
    if not t.exiting:
        t.out.append(printpid(t, t.sarg(0)))
        return defer_last(t)
    defer_last(t)
    if not t.is_error:
        name = xlat("schedulers").get(t.rval)
        if name is not None:
            t.raux = f" ({name})"
    return None


@syscall("sched_setscheduler")
def sched_setscheduler(t: Tracee) -> None:
    t.out += [printpid(t, t.sarg(0)), _policy(t.args[1]), _param(t, t.args[2])]


@syscall("sched_setparam")
def sched_setparam(t: Tracee) -> None:
    t.out += [printpid(t, t.sarg(0)), _param(t, t.args[1])]


@syscall("sched_getparam")
def sched_getparam(t: Tracee) -> bool | None:
    if not t.exiting:
        t.out.append(printpid(t, t.sarg(0)))
        return True
    a = t.args[1]
    t.out.append(addr(a) if t.is_error else _param(t, a))
    return None


@syscall("sched_get_priority_max", "sched_get_priority_min")
def sched_get_priority(t: Tracee) -> None:
    t.out.append(_policy(t.args[0]))


@syscall("sched_rr_get_interval")
def sched_rr_get_interval(t: Tracee) -> bool | None:
    if not t.exiting:
        t.out.append(printpid(t, t.sarg(0)))
        return True
    a = t.args[1]
    t.out.append(addr(a) if t.is_error else timespec(t, a))
    return None


_cpuset_size = 0


def cpuset_size() -> int:
    """The smallest mask size the kernel accepts (strace's get_cpuset_size): sched_getaffinity
    with a NULL mask fails with EINVAL below it, EFAULT from it on."""
    global _cpuset_size
    if not _cpuset_size:
        import ctypes
        import errno

        libc = ctypes.CDLL(None, use_errno=True)
        libc.syscall.restype = ctypes.c_long
        size = 128
        while size and size < 1 << 20:
            if libc.syscall(ctypes.c_long(204), ctypes.c_long(0), ctypes.c_long(size), None) != -1:
                break
            if ctypes.get_errno() != errno.EINVAL:
                break
            size <<= 1
        _cpuset_size = size if size and size < 1 << 20 else 128
    return _cpuset_size


def _cpuset(t: Tracee, a: int, size: int) -> str:
    """``[0 1]``: the CPUs set in a mask of ``size`` bytes (strace 6.1's print_affinitylist):
    every set CPU whatever -s says, at most the kernel's cpuset size read, ``...`` after it."""
    from ._modes import verbose

    if not a or size <= 0 or not verbose(t):
        return addr(a)
    read = min(size, cpuset_size())
    data = t.mem.read(a, read)
    if data is None:
        return addr(a)
    word = 4 if t.arch == "i386" else 8
    bits = int.from_bytes(data, "little")
    cpus = [str(i) for i in range(bits.bit_length()) if bits >> i & 1]
    if (read + word - 1) & -word < size:
        cpus.append("...")
    return "[" + " ".join(cpus) + "]"


@syscall("sched_setaffinity")
def sched_setaffinity(t: Tracee) -> None:
    size = t.iarg(1)
    t.out += [printpid(t, t.sarg(0), "tid"), str(size), _cpuset(t, t.args[2], size)]


@syscall("sched_getaffinity")
def sched_getaffinity(t: Tracee) -> bool | None:
    if not t.exiting:
        t.out += [printpid(t, t.sarg(0), "tid"), str(t.iarg(1))]
        return True
    a = t.args[2]
    t.out.append(addr(a) if t.is_error else _cpuset(t, a, t.rval))
    return None


def _attr(t: Tracee, a: int) -> str:
    if not a:
        return "NULL"
    data = fetch(t, a, _ATTR.size)
    if data is None:
        return addr(a)
    v = dict(zip(_ATTR_NAMES, _ATTR.unpack(data), strict=True))
    parts = [f"size={v['size']}", "sched_policy=" + _policy(v["sched_policy"]),
             "sched_flags=" + flags(v["sched_flags"], xlat("sched_flags"), "SCHED_FLAG_???")]
    parts += [f"{n}={v[n]}" for n in _ATTR_NAMES[3:]]
    return "{" + ", ".join(parts) + "}"


@syscall("sched_setattr")
def sched_setattr(t: Tracee) -> None:
    t.out += [printpid(t, t.sarg(0)), _attr(t, t.args[1]), str(t.iarg(2))]


@syscall("sched_getattr")
def sched_getattr(t: Tracee) -> bool | None:
    if not t.exiting:
        t.out.append(printpid(t, t.sarg(0)))
        return True
    a = t.args[1]
    t.out += [addr(a) if t.is_error else _attr(t, a), str(t.iarg(2)), str(t.iarg(3))]
    return None

"""NUMA memory policy: get_mempolicy, set_mempolicy, mbind (strace's src/numa.c)."""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

from .. import printers as P
from ..printers import addr, const, flags, hexval, xlat, xval
from ._print_array import print_array
from ._umove import umove
from .registry import syscall

if TYPE_CHECKING:
    from ..tracee import Tracee

_ULONG = struct.Struct("<Q")
_I32 = struct.Struct("<i")
_MODE_FLAGS = const("MPOL_F_STATIC_NODES") | const("MPOL_F_RELATIVE_NODES") | const("MPOL_F_NUMA_BALANCING")
_ULONG_MAX = (1 << 64) - 1


def _node(b: bytes) -> str:
    """C's ``%#0*lx`` with width 16: zero has no 0x prefix."""
    v = _ULONG.unpack(b)[0]
    return "%016x" % v if not v else "0x" + ("%x" % v).rjust(14, "0")


def nodemask(t: Tracee, a: int, maxnodes: int) -> str:
    """print_nodemask: the words of a node bit mask, ``[0x00000000000001]``."""
    nmemb = ((maxnodes + 62) & _ULONG_MAX) // 64
    if nmemb < maxnodes // 64 or (maxnodes and not nmemb):
        return addr(a)
    return print_array(t, a, nmemb, 8, _node)


def mode(v: int) -> str:
    """A policy mode with its mode flags: ``MPOL_BIND|MPOL_F_STATIC_NODES``."""
    fl = v & _MODE_FLAGS
    base = xval(v & ~_MODE_FLAGS & 0xFFFFFFFFFFFFFFFF, xlat("mpol_modes"), "MPOL_???")
    return base + "|" + flags(fl, xlat("mpol_mode_flags")) if fl else base


@syscall("get_mempolicy")
def get_mempolicy(t: Tracee) -> bool | None:
    if not t.exiting:
        return True
    got = umove(t, t.args[0], 4)
    t.out.append(got if isinstance(got, str) else "[%s]" % mode(_I32.unpack(got)[0] & 0xFFFFFFFF))
    t.out += [
        nodemask(t, t.args[1], t.args[2]),
        str(t.args[2]),
        addr(t.args[3]),
        flags(t.args[4], xlat("get_mempolicy_flags"), "MPOL_???"),
    ]
    return None


@syscall("set_mempolicy")
def set_mempolicy(t: Tracee) -> None:
    t.out += [mode(t.args[0]), nodemask(t, t.args[1], t.args[2]), str(t.args[2])]


@syscall("mbind")
def mbind(t: Tracee) -> None:
    t.out += [
        addr(t.args[0]),
        str(t.args[1]),
        mode(t.args[2]),
        nodemask(t, t.args[3], t.args[4]),
        str(t.args[4]),
        flags(t.iarg(5), xlat("mbind_flags"), "MPOL_???"),
    ]


@syscall("migrate_pages")
def migrate_pages(t: Tracee) -> None:
    n = t.args[1]
    t.out += [P.pid(t, t.sarg(0)), str(n), nodemask(t, t.args[2], n), nodemask(t, t.args[3], n)]


def _page(b: bytes) -> str:
    return addr(_ULONG.unpack(b)[0])


def _int(b: bytes) -> str:
    return str(_I32.unpack(b)[0])


def _status(b: bytes) -> str:
    """A move_pages status: a node, or ``-EFAULT``."""
    from ..retval import ERRNO_NAMES

    v = _I32.unpack(b)[0]
    name = ERRNO_NAMES.get(-v) if v < 0 else None
    if not name or P.xlat_style == P.STYLE_RAW:
        return str(v)
    return f"{v} /* -{name} */" if P.xlat_style == P.STYLE_VERBOSE else "-" + name


@syscall("move_pages")
def move_pages(t: Tracee) -> bool | None:
    n = t.args[1]
    if not t.exiting:
        t.out += [P.pid(t, t.sarg(0)), str(n), print_array(t, t.args[2], n, 8, _page),
                  print_array(t, t.args[3], n, 4, _int)]
        return True
    status = addr(t.args[4]) if t.is_error else print_array(t, t.args[4], n, 4, _status)
    t.out += [status, flags(t.iarg(5), xlat("move_pages_flags"), "MPOL_???")]
    return None


@syscall("set_mempolicy_home_node")
def set_mempolicy_home_node(t: Tracee) -> None:
    t.out += [addr(t.args[0]), str(t.args[1]), str(t.args[2]), hexval(t.args[3])]

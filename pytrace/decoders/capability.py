"""capget/capset: the header and the effective/permitted/inheritable sets, as strace's capability.c."""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

from ..printers import addr, const, xlat, xval
from ..printers import pid as printpid
from ._umove import fetch
from .registry import syscall

if TYPE_CHECKING:
    from ..tracee import Tracee

_HDR = struct.Struct("<Ii")
_DATA = struct.Struct("<III")
_V1 = const("_LINUX_CAPABILITY_VERSION_1")


def _header(t: Tracee, a: int) -> tuple[str, int]:
    """(text, version) of struct __user_cap_header_struct; version 0 if unreadable."""
    if not a:
        return "NULL", 0
    data = fetch(t, a, 8)
    if data is None:
        return addr(a), 0
    ver, pid = _HDR.unpack(data)
    text = "{version=%s, pid=%s}" % (xval(ver, xlat("cap_version"), "_LINUX_CAPABILITY_VERSION_???"),
                                     printpid(t, pid))
    return text, ver


def _capset(v: int) -> str:
    if not v:
        return "0"
    caps = xlat("cap")
    out = []
    for bit in range(64):
        if v >> bit & 1:
            name = caps.get(bit)
            if name is not None:
                out.append("1<<" + name)
                v &= ~(1 << bit)
    if v:
        out.append("%#x" % v)
    return "|".join(out)


def _data(t: Tracee, a: int, ver: int) -> str:
    if not a:
        return "NULL"
    n = 1 if ver == _V1 else 2
    data = fetch(t, a, _DATA.size * n)
    if data is None:
        return addr(a)
    eff, perm, inh = _DATA.unpack_from(data, 0)
    if n == 2:
        e2, p2, i2 = _DATA.unpack_from(data, 12)
        eff |= e2 << 32
        perm |= p2 << 32
        inh |= i2 << 32
    return "{effective=%s, permitted=%s, inheritable=%s}" % (_capset(eff), _capset(perm), _capset(inh))


@syscall("capget")
def capget(t: Tracee) -> bool | None:
    text, ver = _header(t, t.args[0])
    if not t.exiting:
        t.out.append(text)
        return True
    a = t.args[1]
    t.out.append(addr(a) if t.is_error or not ver else _data(t, a, ver))
    return None


@syscall("capset")
def capset(t: Tracee) -> None:
    text, ver = _header(t, t.args[0])
    a = t.args[1]
    t.out += [text, _data(t, a, ver) if ver else addr(a)]

"""set*uid/set*gid, getres*id, setfs*id, getgroups/setgroups, as strace's uid.c."""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

from ._proc_print import array
from ._umove import fetch
from .registry import syscall

if TYPE_CHECKING:
    from ..tracee import Tracee

_U32 = struct.Struct("<I")


def _id(v: int) -> str:
    """A uid or gid: ``-1`` for (uid_t)-1, else unsigned."""
    v &= 0xFFFFFFFF
    return "-1" if v == 0xFFFFFFFF else str(v)


def _id_at(t: Tracee, a: int) -> str:
    if not a:
        return "NULL"
    data = fetch(t, a, 4)
    return "%#x" % a if data is None else "[%s]" % _id(_U32.unpack(data)[0])


@syscall("setuid", "setgid", "setfsuid", "setfsgid")
def setuid(t: Tracee) -> None:
    t.out.append(_id(t.args[0]))


@syscall("setreuid", "setregid")
def setreuid(t: Tracee) -> None:
    t.out += [_id(t.args[0]), _id(t.args[1])]


@syscall("setresuid", "setresgid")
def setresuid(t: Tracee) -> None:
    t.out += [_id(t.args[0]), _id(t.args[1]), _id(t.args[2])]


@syscall("getresuid", "getresgid")
def getresuid(t: Tracee) -> bool | None:
    if not t.exiting:
        return True
    if t.is_error:
        t.out += ["%#x" % a if a else "NULL" for a in t.args[:3]]
    else:
        t.out += [_id_at(t, a) for a in t.args[:3]]
    return None


def _gid(b: bytes) -> str:
    return _id(_U32.unpack(b)[0])


@syscall("setgroups")
def setgroups(t: Tracee) -> None:
    n = t.iarg(0)
    t.out += [str(t.sarg(0)), array(t, t.args[1], n, 4, _gid)]


@syscall("getgroups")
def getgroups(t: Tracee) -> bool | None:
    if not t.exiting:
        t.out.append(str(t.sarg(0)))
        return True
    a = t.args[1]
    if t.is_error or not a:
        t.out.append("%#x" % a if a else "NULL")
    else:
        t.out.append(array(t, a, t.rval, 4, _gid))
    return None

"""Small process-control calls: getpriority/setpriority, personality, setns/unshare, pidfd_*,
membarrier, kcmp (strace's resource.c, personality.c, clone.c, pidfd_*.c, membarrier.c, kcmp.c)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..printers import addr, fd, flags, hexval, xlat, xval
from ..printers import pid as printpid
from ..signals import signame
from ._proc_print import defer_last
from .registry import RVAL_FD, RVAL_HEX, syscall
from .siginfo import format_siginfo

if TYPE_CHECKING:
    from ..tracee import Tracee


PRIO_PROCESS = xlat("priorities").value_of("PRIO_PROCESS")
PRIO_PGRP = xlat("priorities").value_of("PRIO_PGRP")


def _prio_who(t: Tracee) -> list[str]:
    """``which, who``: who is a pid for PRIO_PROCESS, a process group for PRIO_PGRP."""
    which = t.iarg(0)
    who = t.sarg(1)
    if which == PRIO_PROCESS or which == PRIO_PGRP:
        text = printpid(t, who, "tgid" if which == PRIO_PROCESS else "pgid")
    else:
        text = str(who)
    return [xval(which, xlat("priorities"), "PRIO_???"), text]


@syscall("getpriority")
def getpriority(t: Tracee) -> None:
    t.out += _prio_who(t)


@syscall("setpriority")
def setpriority(t: Tracee) -> None:
    t.out += [*_prio_who(t), str(t.sarg(2))]


def _persona(v: int) -> str:
    kind = xval(v & 0xFF, xlat("personality_types"), "PER_???")
    rest = v & ~0xFF
    return kind + ("|" + flags(rest, xlat("personality_flags")) if rest else "")


@syscall("personality", ret=RVAL_HEX)
def personality(t: Tracee) -> bool | None:
    v = t.iarg(0)
    if not t.exiting:
        t.out.append("0xffffffff" if v == 0xFFFFFFFF else _persona(v))
        return defer_last(t)
    defer_last(t)
    if not t.is_error:
        t.raux = f" ({_persona(t.rval & 0xFFFFFFFF)})"
    return None


@syscall("unshare")
def unshare(t: Tracee) -> None:
    t.out.append(flags(t.args[0] & 0xFFFFFFFFFFFFFFFF, xlat("unshare_flags"), "CLONE_???"))


@syscall("setns")
def setns(t: Tracee) -> None:
    t.out += [fd(t, t.args[0]), flags(t.iarg(1), xlat("setns_types"), "CLONE_NEW???")]


@syscall("pidfd_open", ret=RVAL_FD)
def pidfd_open(t: Tracee) -> None:
    t.out += [printpid(t, t.sarg(0)), flags(t.iarg(1), xlat("pidfd_open_flags"), "PIDFD_???")]


def _sig(v: int) -> str:
    return signame(v) if v else "0"


@syscall("pidfd_send_signal")
def pidfd_send_signal(t: Tracee) -> None:
    a = t.args[2]
    info = t.mem.read(a, 128) if a else None
    shown = "NULL" if not a else (addr(a) if info is None else format_siginfo(info, t, t.arch == "i386"))
    t.out += [fd(t, t.args[0]), _sig(t.sarg(1)), shown, hexval(t.iarg(3))]


@syscall("pidfd_getfd", ret=RVAL_FD)
def pidfd_getfd(t: Tracee) -> None:
    t.out += [fd(t, t.args[0]), str(t.sarg(1)), hexval(t.iarg(2))]


@syscall("membarrier", ret=RVAL_HEX)
def membarrier(t: Tracee) -> bool | None:
    cmd = t.iarg(0)
    if not t.exiting:
        t.out += [xval(cmd, xlat("membarrier_cmds"), "MEMBARRIER_CMD_???"), hexval(t.iarg(1))]
        return defer_last(t)
    defer_last(t)
    if not t.is_error and cmd == 0 and t.rval:
        t.raux = f" ({flags(t.rval, xlat('membarrier_cmds'))})"
    elif not t.is_error:
        t.rfmt = 0
    return None


KCMP_FILE, KCMP_EPOLL_TFD = 0, 7


@syscall("kcmp")
def kcmp(t: Tracee) -> None:
    kind = t.iarg(2)
    t.out += [printpid(t, t.sarg(0)), printpid(t, t.sarg(1)), xval(kind, xlat("kcmp_types"), "KCMP_???")]
    if kind == KCMP_FILE:
        t.out += [str(t.args[3]), str(t.args[4])]
    elif kind == KCMP_EPOLL_TFD or xlat("kcmp_types").get(kind) is None:
        t.out += [hexval(t.args[3]), hexval(t.args[4])]

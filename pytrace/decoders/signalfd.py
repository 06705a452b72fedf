"""signalfd and signalfd4 (strace's src/signalfd.c)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..printers import fd, flags, xlat
from ._sigset import sigset
from .registry import RVAL_FD, syscall

if TYPE_CHECKING:
    from ..tracee import Tracee


def _common(t: Tracee) -> None:
    t.out.append(fd(t, t.args[0]))
    t.out.append(sigset(t, t.args[1], t.args[2]))
    t.out.append(str(t.args[2]))


@syscall("signalfd", ret=RVAL_FD)
def signalfd(t: Tracee) -> None:
    _common(t)


@syscall("signalfd4", ret=RVAL_FD)
def signalfd4(t: Tracee) -> None:
    _common(t)
    t.out.append(flags(t.iarg(3), xlat("sfd_flags"), "SFD_???"))

"""eventfd and eventfd2 (strace's src/eventfd.c)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..printers import flags, xlat
from .registry import RVAL_FD, syscall

if TYPE_CHECKING:
    from ..tracee import Tracee


@syscall("eventfd", ret=RVAL_FD)
def eventfd(t: Tracee) -> None:
    t.out.append(str(t.iarg(0)))


@syscall("eventfd2", ret=RVAL_FD)
def eventfd2(t: Tracee) -> None:
    t.out.append(str(t.iarg(0)))
    t.out.append(flags(t.iarg(1), xlat("efd_flags"), "EFD_???"))

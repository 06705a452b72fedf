"""userfaultfd as strace 6.1 prints it (src/userfaultfd.c)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..printers import flags, xlat
from .registry import RVAL_FD, syscall

if TYPE_CHECKING:
    from ..tracee import Tracee


@syscall("userfaultfd", ret=RVAL_FD)
def userfaultfd(t: Tracee) -> None:
    t.out.append(flags(t.iarg(0), xlat("uffd_flags"), "UFFD_???"))

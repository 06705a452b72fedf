"""memfd_secret as strace 6.1 prints it (src/memfd_secret.c)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..printers import flags, xlat
from .registry import RVAL_FD, syscall

if TYPE_CHECKING:
    from ..tracee import Tracee


@syscall("memfd_secret", ret=RVAL_FD)
def memfd_secret(t: Tracee) -> None:
    t.out.append(flags(t.iarg(0), xlat("memfd_secret_flags")) or "0")

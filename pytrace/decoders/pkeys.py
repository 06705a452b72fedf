"""pkey_alloc, pkey_free as strace 6.1 prints them (src/pkeys.c)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..printers import flags, hexval, xlat
from .registry import syscall

if TYPE_CHECKING:
    from ..tracee import Tracee


@syscall("pkey_alloc")
def pkey_alloc(t: Tracee) -> None:
    t.out += [hexval(t.args[0]), flags(t.args[1], xlat("pkey_access"), "PKEY_???")]


@syscall("pkey_free")
def pkey_free(t: Tracee) -> None:
    t.out.append(str(t.sarg(0)))

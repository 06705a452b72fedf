"""process_madvise, process_mrelease as strace 6.1 prints them (src/process_madvise.c,
src/process_mrelease.c)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..printers import fd, hexval, xlat, xval
from ._iovec import iovec
from .registry import syscall

if TYPE_CHECKING:
    from ..tracee import Tracee


@syscall("process_madvise")
def process_madvise(t: Tracee) -> None:
    n = t.args[2]
    t.out += [fd(t, t.args[0]), iovec(t, t.args[1], n, as_str=False), str(n),
              xval(t.sarg(3), xlat("madvise_cmds"), "MADV_???"), hexval(t.iarg(4))]


@syscall("process_mrelease")
def process_mrelease(t: Tracee) -> None:
    t.out += [fd(t, t.args[0]), hexval(t.iarg(1))]

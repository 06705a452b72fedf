"""strace's umove_or_printaddr: a structure argument's bytes, or the text to print instead."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._modes import verbose

if TYPE_CHECKING:
    from ..tracee import Tracee


def umove(t: Tracee, addr: int, size: int) -> bytes | str:
    """``size`` bytes at ``addr``; or ``NULL`` / the address (NULL pointer, unreadable memory,
    an output argument of a call that failed, a call -e verbose= leaves out) as a string to
    print as is."""
    if not addr:
        return "NULL"
    if (t.exiting and t.is_error) or (t.cfg.verbose_set is not None and not verbose(t)):
        return "%#x" % addr
    data = t.mem.read(addr, size)
    if data is None or len(data) < size:
        return "%#x" % addr
    return data


def umove_any(t: Tracee, addr: int, size: int) -> bytes | str:
    """``umove`` read whether or not the call failed (umove_or_printaddr_ignore_syserror): for
    input arguments printed at exit, which the kernel read on entry."""
    if not addr:
        return "NULL"
    if t.cfg.verbose_set is not None and not verbose(t):
        return "%#x" % addr
    data = t.mem.read(addr, size)
    return "%#x" % addr if data is None else data


def fetch(t: Tracee, addr: int, size: int) -> bytes | None:
    """``t.mem.read`` for a structure or array argument: None (print the address) also when
    -e verbose= leaves the call out (strace's tfetch_mem / umoven_or_printaddr)."""
    if t.cfg.verbose_set is not None and not verbose(t):
        return None
    return t.mem.read(addr, size)


def fetch_upto(t: Tracee, addr: int, size: int) -> bytes | None:
    """``t.mem.read_upto`` gated as ``fetch``."""
    if t.cfg.verbose_set is not None and not verbose(t):
        return None
    return t.mem.read_upto(addr, size)

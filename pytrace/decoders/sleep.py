"""nanosleep and clock_nanosleep (in strace's src/time.c).

strace 6.1 prints clock_nanosleep's clock with the plain clocknames table (CPU clocks in hex).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..printers import addr, flags, xlat, xval
from ._timespec import timespec
from .registry import syscall

if TYPE_CHECKING:
    from ..tracee import Tracee

_RESTART = frozenset({512, 513, 514, 516})  # ERESTARTSYS ... ERESTART_RESTARTBLOCK


def _restarted(t: Tracee) -> bool:
    return t.is_error and -t.rval in _RESTART


def _remaining(t: Tracee, a: int) -> str:
    """The remaining time: written by the kernel only when the sleep was interrupted."""
    if not _restarted(t):
        return addr(a)
    t.is_error = False  # strace clears the error to read the result
    try:
        return timespec(t, a)
    finally:
        t.is_error = True


@syscall("nanosleep")
def nanosleep(t: Tracee) -> bool | None:
    if t.exiting:
        t.out.append(_remaining(t, t.args[1]))
        return None
    t.out.append(timespec(t, t.args[0]))
    return True


@syscall("clock_nanosleep")
def clock_nanosleep(t: Tracee) -> bool | None:
    a = t.args
    if t.exiting:
        t.out.append(_remaining(t, a[3]) if not a[1] else addr(a[3]))
        return None
    t.out += [xval(t.iarg(0), xlat("clocknames"), "CLOCK_???"), flags(t.iarg(1), xlat("clockflags"), "TIMER_???"), timespec(t, a[2])]
    return True

"""perf_event_open (strace's src/perf.c): pid, cpu, group fd and flags. struct perf_event_attr
is not decoded yet: a readable attr prints as its address."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..printers import addr, fd, flags, xlat
from .registry import RVAL_FD, syscall

if TYPE_CHECKING:
    from ..tracee import Tracee


@syscall("perf_event_open", ret=RVAL_FD)
def perf_event_open(t: Tracee) -> None:
    t.out += [addr(t.args[0]), str(t.sarg(1)), str(t.sarg(2)), fd(t, t.args[3]),
              flags(t.args[4], xlat("perf_event_open_flags"), "PERF_FLAG_???")]

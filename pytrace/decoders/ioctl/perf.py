"""perf_event ioctls (strace's src/perf_ioctl.c)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ... import printers
from ._util import DEFAULT, LATER, PRINTED, num_u64

if TYPE_CHECKING:
    from ...tracee import Tracee

ENABLE, DISABLE, REFRESH, RESET = 0x2400, 0x2401, 0x2402, 0x2403
PERIOD, SET_OUTPUT, SET_FILTER, ID = 0x40082404, 0x2405, 0x40082406, 0x80082407
SET_BPF, PAUSE_OUTPUT = 0x40042408, 0x40042409


def decode(t: Tracee, code: int, arg: int) -> int:
    out = t.out
    if code in (ENABLE, DISABLE, RESET):
        out.append(printers.flags(arg, printers.xlat("perf_ioctl_flags"), "PERF_IOC_FLAG_???"))
    elif code == REFRESH:
        out.append(str(t.sarg(2)))
    elif code == PERIOD:
        out.append(num_u64(t, arg))
    elif code in (SET_OUTPUT, SET_BPF):
        out.append(printers.fd(t, arg))
    elif code == PAUSE_OUTPUT:
        out.append(str(arg))
    elif code == SET_FILTER:
        out.append(printers.cstr(t, arg, 4096))
    elif code == ID:
        if not t.exiting:
            return LATER
        out.append(num_u64(t, arg))
    else:
        return DEFAULT
    return PRINTED

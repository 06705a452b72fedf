"""futex_waitv as strace 6.1 prints it (src/futex_waitv.c): the waiter array."""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

from ..printers import addr, flags, hexval, xlat, xval
from ._consts import consts
from ._print_array import print_array
from ._timespec import timespec
from .registry import syscall

if TYPE_CHECKING:
    from ..tracee import Tracee

WAITER = struct.Struct("<QQII")  # val, uaddr, flags, __reserved
(FUTEX_WAITV_MAX,) = consts("FUTEX_WAITV_MAX")


def _waiter(b: bytes) -> str:
    val, uaddr, fl, reserved = WAITER.unpack(b)
    text = (f"{{val={hexval(val)}, uaddr={addr(uaddr)}, "
            f"flags={flags(fl, xlat('futex2_flags_v61'), 'FUTEX_???')}")
    if reserved:
        text += f", __reserved={hexval(reserved)}"
    return text + "}"


@syscall("futex_waitv")
def futex_waitv(t: Tracee) -> None:
    nr = t.iarg(1)
    t.out += [print_array(t, t.args[0], nr, WAITER.size, _waiter), str(nr), hexval(t.iarg(2)),
              timespec(t, t.args[3]), xval(t.iarg(4), xlat("clocknames"), "CLOCK_???")]

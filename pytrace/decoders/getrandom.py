"""getrandom (strace's getrandom.c): the bytes in hex, then length and flags."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..printers import addr, flags, xlat
from ..quote import HEX_ALL, quote
from .registry import syscall

if TYPE_CHECKING:
    from ..tracee import Tracee


@syscall("getrandom")
def getrandom(t: Tracee) -> bool | None:
    if not t.exiting:
        return True
    a, n = t.args[0], t.rval
    if t.is_error or not a:
        text = addr(a)
    elif n <= 0:
        text = '""'
    else:
        limit = t.cfg.string_limit
        data = t.mem.read(a, min(n, limit))
        text = "%#x" % a if data is None else quote(data, HEX_ALL) + ("..." if n > limit else "")
    t.out += [text, str(t.args[1]), flags(t.iarg(2), xlat("getrandom_flags"), "GRND_???")]
    return None

"""getcpu as strace 6.1 prints it (src/getcpu.c): the CPU and node at exit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..printers import addr
from ._umove import umove
from .registry import syscall

if TYPE_CHECKING:
    from ..tracee import Tracee


def _uint(t: Tracee, a: int) -> str:
    got = umove(t, a, 4)
    return got if isinstance(got, str) else "[%u]" % int.from_bytes(got, "little")


@syscall("getcpu")
def getcpu(t: Tracee) -> bool | None:
    if not t.exiting:
        return True
    t.out += [_uint(t, t.args[0]), _uint(t, t.args[1]), addr(t.args[2])]
    return None

"""mincore (strace's src/mem.c): the residency vector, one byte per page, printed at exit."""

from __future__ import annotations

import mmap
from typing import TYPE_CHECKING

from ..printers import addr
from ._print_array import print_array
from .registry import syscall

if TYPE_CHECKING:
    from ..tracee import Tracee

PAGE = mmap.PAGESIZE


@syscall("mincore")
def mincore(t: Tracee) -> bool | None:
    if not t.exiting:
        t.out += [addr(t.args[0]), str(t.args[1])]
        return True
    vec = t.args[2]
    if t.is_error:
        t.out.append(addr(vec))
    else:
        pages = (t.args[1] + PAGE - 1) // PAGE
        t.out.append(print_array(t, vec, pages, 1, lambda b: str(b[0])))
    return None

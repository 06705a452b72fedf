"""process_vm_readv and process_vm_writev (strace's src/process_vm.c)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..printers import addr
from ..printers import pid as printpid
from ._iovec import iovec
from .registry import syscall

if TYPE_CHECKING:
    from ..tracee import Tracee


@syscall("process_vm_readv")
def process_vm_readv(t: Tracee) -> bool | None:
    if not t.exiting:
        t.out.append(printpid(t, t.sarg(0)))
        return True
    local = addr(t.args[1]) if t.is_error else iovec(t, t.args[1], t.args[2], t.rval)
    t.out += [local, str(t.args[2]), iovec(t, t.args[3], t.args[4], as_str=False),
              str(t.args[4]), str(t.args[5])]
    return None


@syscall("process_vm_writev")
def process_vm_writev(t: Tracee) -> None:
    t.out += [printpid(t, t.sarg(0)), iovec(t, t.args[1], t.args[2]), str(t.args[2]),
              iovec(t, t.args[3], t.args[4], as_str=False), str(t.args[4]), str(t.args[5])]

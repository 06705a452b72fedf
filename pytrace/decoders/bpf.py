"""bpf (strace's src/bpf.c): the command, the attr pointer and its size. Attr contents are
not decoded yet: a readable attr prints as its address."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..printers import addr, xlat, xval
from .registry import syscall

if TYPE_CHECKING:
    from ..tracee import Tracee


@syscall("bpf")
def bpf(t: Tracee) -> None:
    t.out += [xval(t.iarg(0), xlat("bpf_commands"), "BPF_???"), addr(t.args[1]), str(t.iarg(2))]

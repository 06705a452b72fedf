"""seccomp (strace's src/seccomp.c) and struct sock_fprog as strace 6.1 prints it: ``{len=N, filter=ADDR}``, and with -v the
instructions (``filter=[BPF_STMT(...), BPF_JUMP(...)]``)."""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

from ..printers import addr, flags, hexval, xlat, xval
from ._bpf_filter import bpf_filter, seccomp_k
from ._print_array import abbrev
from ._umove import umove
from .registry import syscall

if TYPE_CHECKING:
    from ..tracee import Tracee

_FPROG = struct.Struct("<H6xQ")  # unsigned short len; struct sock_filter *filter
_U32 = struct.Struct("<I")


def seccomp_fprog(t: Tracee, a: int) -> str:
    """decode_seccomp_fprog: ``{len=2, filter=0x...}`` (with -v the instructions), NULL, or
    the address."""
    got = umove(t, a, _FPROG.size)
    if isinstance(got, str):
        return got
    n, filt = _FPROG.unpack(got)
    if abbrev(t):
        return f"{{len={n}, filter={addr(filt)}}}"
    return f"{{len={n}, filter={bpf_filter(t, filt, n, seccomp_k)}}}"


@syscall("seccomp")
def seccomp(t: Tracee) -> None:
    op, fl, a = t.iarg(0), t.iarg(1), t.args[2]
    out = t.out
    out.append(xval(op, xlat("seccomp_ops"), "SECCOMP_SET_MODE_???"))
    if op == 1:  # SECCOMP_SET_MODE_FILTER
        out.append(flags(fl, xlat("seccomp_filter_flags"), "SECCOMP_FILTER_FLAG_???"))
        out.append(seccomp_fprog(t, a))
        return
    out.append(hexval(fl))
    if op == 2:  # SECCOMP_GET_ACTION_AVAIL
        got = umove(t, a, 4)
        out.append(got if isinstance(got, str) else "[%s]" % xval(
            _U32.unpack(got)[0], xlat("seccomp_ret_action"), "SECCOMP_RET_???"))
    else:
        out.append(addr(a))

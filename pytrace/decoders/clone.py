"""Process creation (strace's src/clone.c): clone, clone3, fork, vfork."""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

from ..printers import Xlat, addr, const, flags, xlat
from ..printers import pid as printpid
from ..signals import signame
from ._consts import consts
from ._umove import umove
from .registry import RVAL_TGID, syscall

if TYPE_CHECKING:
    from ..tracee import Tracee

CSIGNAL = const("CSIGNAL")
CLONE_SETTLS = const("CLONE_SETTLS")
CLONE_PARENT_SETTID = const("CLONE_PARENT_SETTID")
CLONE_CHILD_CLEARTID = const("CLONE_CHILD_CLEARTID")
CLONE_CHILD_SETTID = const("CLONE_CHILD_SETTID")
CLONE_PIDFD = const("CLONE_PIDFD")
CLONE_INTO_CGROUP = const("CLONE_INTO_CGROUP")
_EXIT_FLAGS = CLONE_PARENT_SETTID | CLONE_PIDFD | CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | CLONE_SETTLS
INT_MAX, _CLONE_ARGS_MIN = consts("INT_MAX CLONE_ARGS_SIZE_VER0")

# struct clone_args (linux/sched.h): 11 u64 fields; the first 8 (up to tls) are required.
_CLONE_ARGS = struct.Struct("<11Q")
_clone3_table: Xlat | None = None


def _clone3_flags() -> Xlat:
    """clone_flags followed by clone3_flags, as strace's printflags_ex over both."""
    global _clone3_table
    if _clone3_table is None:
        _clone3_table = Xlat("clone_flags+clone3_flags", xlat("clone_flags").pairs + xlat("clone3_flags").pairs)
    return _clone3_table


def _signal(v: int) -> str:
    v &= 0xFFFFFFFF
    return signame(v - 0x100000000 if v & 0x80000000 else v)


def _num_pid(t: Tracee, a: int, tid: bool = False) -> str:
    """``[N]`` read from ``a``: a pidfd, or with ``tid`` a thread id (printnum_pid: -Y comm)."""
    data = umove(t, a, 4)
    if isinstance(data, str):
        return data
    v = int.from_bytes(data, "little", signed=True)
    return "[%s]" % (printpid(t, v, "tid") if tid else v)


@syscall("clone", sep_at_exit=True, ret=RVAL_TGID)
def clone(t: Tracee) -> bool | None:
    a = t.args
    fl = a[0] & ~CSIGNAL
    if t.exiting:
        tls, ctid = (a[3], a[4]) if t.arch == "i386" else (a[4], a[3])  # i386: CLONE_BACKWARDS
        if fl & (CLONE_PARENT_SETTID | CLONE_PIDFD):
            t.out.append("parent_tid=" + _num_pid(t, a[2], bool(fl & CLONE_PARENT_SETTID)))
        if fl & CLONE_SETTLS:
            t.out.append("tls=" + addr(tls))
        if fl & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID):
            t.out.append("child_tidptr=" + addr(ctid))
        return None
    sig = a[0] & CSIGNAL
    if fl:
        text = flags(fl, xlat("clone_flags"), "CLONE_???")
        if sig:
            text += "|" + _signal(sig)
    else:
        text = _signal(sig)
    t.out += ["child_stack=" + addr(a[1]), "flags=" + text]
    return bool(fl & _EXIT_FLAGS)


@syscall("clone3", glue=True, ret=RVAL_TGID)
def clone3(t: Tracee) -> bool | None:
    """``clone3({flags=..., ...} => {parent_tid=[123]}, 88)``: the structure prints on entry;
    on exit `` => {...}`` continues it (glued), then the size."""
    a = t.args
    if not t.exiting:
        t.data = _clone3_args(t)
        t.out.append(t.data[0])
        return True
    text, fl = "", t.data[1]
    if not t.is_error and fl is not None and fl & (CLONE_PIDFD | CLONE_PARENT_SETTID):
        data = t.mem.read(a[0], _CLONE_ARGS_MIN)
        if data is None:
            text += " => " + addr(a[0])
        else:
            fields = _CLONE_ARGS.unpack_from(data.ljust(_CLONE_ARGS.size, b"\0"))
            changed = []
            if fields[0] & CLONE_PIDFD:
                changed.append("pidfd=" + _num_pid(t, fields[1]))
            if fields[0] & CLONE_PARENT_SETTID:
                changed.append("parent_tid=" + _num_pid(t, fields[3], True))
            text += " => {" + ", ".join(changed) + "}"
    # Glued: the first exit piece continues the structure printed on entry.
    if text:
        t.out += [text, str(a[1])]
    else:
        t.out.append(", " + str(a[1]))
    return None


def _clone3_args(t: Tracee) -> tuple[str, int | None]:
    a = t.args
    fetch = min(a[1], _CLONE_ARGS.size)
    if fetch < _CLONE_ARGS_MIN:
        return addr(a[0]), None
    data = umove(t, a[0], fetch)
    if isinstance(data, str):
        return data, None
    (fl, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls, set_tid, set_tid_size,
     cgroup) = _CLONE_ARGS.unpack(data.ljust(_CLONE_ARGS.size, b"\0"))
    parts = ["flags=" + flags(fl, _clone3_flags(), "CLONE_???")]
    if fl & CLONE_PIDFD:
        parts.append("pidfd=" + addr(pidfd))
    if fl & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID):
        parts.append("child_tid=" + addr(child_tid))
    if fl & CLONE_PARENT_SETTID:
        parts.append("parent_tid=" + addr(parent_tid))
    parts.append("exit_signal=" + (_signal(exit_signal) if exit_signal < INT_MAX else str(exit_signal)))
    parts += ["stack=" + addr(stack), "stack_size=" + ("%#x" % stack_size if stack_size else "0")]
    if fl & CLONE_SETTLS:
        parts.append("tls=" + addr(tls))
    if set_tid or set_tid_size:
        parts.append("set_tid=" + addr(set_tid))  # strace prints the array when it is valid
        parts.append(f"set_tid_size={set_tid_size}")
    if fetch > 80 and (cgroup or fl & CLONE_INTO_CGROUP):
        parts.append(f"cgroup={cgroup}")
    return "{" + ", ".join(parts) + "}", fl


@syscall("fork", "vfork", ret=RVAL_TGID)
def fork(t: Tracee) -> None:
    return None

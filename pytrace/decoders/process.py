"""Process identity and lifetime: exit, exit_group, getpgid, getsid, setpgid, set_tid_address,
set_robust_list, get_robust_list (strace's exit.c, getpid.c, affinity.c neighbours)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..printers import addr, hexval
from ..printers import pid as printpid
from ._umove import umove
from .registry import RVAL_NONE, RVAL_TGID, syscall

if TYPE_CHECKING:
    from ..tracee import Tracee


@syscall("exit", "exit_group", ret=RVAL_NONE)
def exit_(t: Tracee) -> None:
    t.out.append(str(t.sarg(0)))


@syscall("getpid", "getppid", "gettid")
def getpid(t: Tracee) -> None:
    """No arguments; the result is a pid (RVAL_TGID / RVAL_TID), set only under -Y so that the
    common return path stays the plain one (and under --pidns-translation)."""
    if t.cfg.decode_pids_comm or t.cfg.pidns_translation:
        t.rfmt = RVAL_TGID


@syscall("getpgid", "getsid")
def getpgid(t: Tracee) -> None:
    t.out.append(printpid(t, t.sarg(0)))


@syscall("setpgid")
def setpgid(t: Tracee) -> None:
    t.out += [printpid(t, t.sarg(0)), printpid(t, t.sarg(1), "pgid")]


@syscall("set_tid_address")
def set_tid_address(t: Tracee) -> None:
    t.out.append(hexval(t.args[0]))


@syscall("set_robust_list")
def set_robust_list(t: Tracee) -> None:
    t.out += [addr(t.args[0]), str(t.args[1])]


def _num(t: Tracee, a: int, size: int, pointer: bool) -> str:
    data = umove(t, a, size)
    if isinstance(data, str):
        return data
    v = int.from_bytes(data, "little")
    return "[" + (addr(v) if pointer else str(v)) + "]"


@syscall("get_robust_list")
def get_robust_list(t: Tracee) -> bool | None:
    if not t.exiting:
        t.out.append(printpid(t, t.sarg(0), "tid"))
        return True
    t.out += [_num(t, t.args[1], 8, True), _num(t, t.args[2], 8, False)]
    return None

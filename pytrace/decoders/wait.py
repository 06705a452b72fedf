"""wait4 and waitid (strace's src/wait.c)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..printers import addr, fd, flags, xlat, xval
from ..printers import pid as printpid
from ..signals import signame
from ._umove import umove
from .registry import RVAL_TGID, syscall
from .resource import rusage
from .signal import siginfo_at

if TYPE_CHECKING:
    from ..tracee import Tracee

P_PID, P_PGID, P_PIDFD = 1, 2, 3


def wait_status(status: int) -> str:
    """``[{WIFEXITED(s) && WEXITSTATUS(s) == 0}]`` (printstatus)."""
    status &= 0xFFFFFFFF
    low = status & 0x7F
    if (status & 0xFF) == 0x7F:  # WIFSTOPPED
        sig = (status >> 8) & 0xFF
        text = "{WIFSTOPPED(s) && WSTOPSIG(s) == %s%s}" % (signame(sig & 0x7F), " | 0x80" if sig & 0x80 else "")
        status &= ~((sig << 8) | 0x7F)
    elif low and low != 0x7F:  # WIFSIGNALED
        text = "{WIFSIGNALED(s) && WTERMSIG(s) == %s%s}" % (
            signame(low), " && WCOREDUMP(s)" if status & 0x80 else "")
        status &= ~(low | 0x80)
    elif low == 0:  # WIFEXITED
        text = "{WIFEXITED(s) && WEXITSTATUS(s) == %d}" % ((status >> 8) & 0xFF)
        status &= ~0xFF00
    elif status == 0xFFFF:  # WIFCONTINUED
        text = "{WIFCONTINUED(s)}"
        status = 0
    else:
        return "[%#x]" % status
    if status:
        event = status >> 16
        if event:
            text += " | " + xval(event, xlat("ptrace_events"), "PTRACE_EVENT_???") + " << 16"
            status &= 0xFFFF
        if status:
            text += " | %#x" % status
    return "[" + text + "]"


def wait_head(t: Tracee) -> None:
    """wait4's and waitpid's status (its address when no child changed) and options, at exit."""
    a = t.args
    if t.rval == 0:
        t.out.append(addr(a[1]))
    else:
        data = umove(t, a[1], 4)
        t.out.append(data if isinstance(data, str) else wait_status(int.from_bytes(data, "little")))
    t.out.append(flags(t.iarg(2), xlat("wait4_options"), "W???"))


@syscall("wait4", ret=RVAL_TGID)
def wait4(t: Tracee) -> bool | None:
    if not t.exiting:
        t.out.append(printpid(t, t.sarg(0)))  # -PGID prints bare (printpid_tgid_pgid)
        return True
    wait_head(t)
    t.out.append(rusage(t, t.args[3]) if t.rval > 0 else addr(t.args[3]))
    return None


@syscall("waitid")
def waitid(t: Tracee) -> bool | None:
    a = t.args
    if not t.exiting:
        idtype = t.iarg(0)
        t.out.append(xval(idtype, xlat("waitid_types"), "P_???"))
        ident = t.sarg(1)
        if idtype == P_PID:
            t.out.append(printpid(t, ident))
        elif idtype == P_PIDFD:
            t.out.append(fd(t, ident))
        else:
            t.out.append(printpid(t, ident, "pgid") if idtype == P_PGID else str(ident))
        return True
    t.out += [siginfo_at(t, a[2]), flags(t.iarg(3), xlat("wait4_options"), "W???"), rusage(t, a[4])]
    return None

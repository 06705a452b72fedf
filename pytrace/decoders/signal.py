"""Signal syscalls (strace's src/signal.c): rt_sigaction, rt_sigprocmask, rt_sigpending,
rt_sigsuspend, rt_sigtimedwait, rt_sigqueueinfo, rt_tgsigqueueinfo, rt_sigreturn, sigaltstack,
kill, tkill, tgkill."""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

from .. import printers
from ..printers import addr, flags, xlat, xval
from ..printers import pid as printpid
from ..signals import signame
from ._consts import consts, named
from ._sigset import sigset, sigset_bytes
from ._timespec import timespec
from ._umove import fetch, umove
from .registry import syscall
from .siginfo import format_siginfo

if TYPE_CHECKING:
    from ..tracee import Tracee

(SA_RESTORER,) = named("sigact_flags", "SA_RESTORER")
SIGINFO_SIZE, _UC_SIGMASK = consts("SIGINFO_SIZE UC_SIGMASK_OFFSET")
_SA_HANDLER_VALUES = frozenset(v for v, _ in xlat("sa_handler_values").pairs)  # SIG_DFL ...
_SIGACTION = struct.Struct("<QQQ8s")  # kernel struct sigaction: handler, flags, restorer, mask
_STACK = struct.Struct("<Qi4xQ")  # stack_t: ss_sp, ss_flags, ss_size
# rt_sigreturn: the stack pointer points at the ucontext; _UC_SIGMASK is where uc_sigmask is in it.


def sig(v: int) -> str:
    """A signal number argument (printsignal)."""
    v &= 0xFFFFFFFF
    return printers.signal(v - 0x100000000 if v & 0x80000000 else v)


def sa_handler(v: int) -> str:
    """SIG_DFL, SIG_IGN, SIG_ERR, or the handler's address."""
    return xval(v, xlat("sa_handler_values"), None) if v in _SA_HANDLER_VALUES else addr(v)


def format_sigaction(handler: str, mask: str, sa_flags: int, restorer: int) -> str:
    """``{sa_handler=.., sa_mask=.., sa_flags=..[, sa_restorer=..]}`` from its printed parts
    (x86_64's struct sigaction, i386's, and i386's struct old_sigaction)."""
    text = f"{{sa_handler={handler}, sa_mask={mask}, sa_flags={flags(sa_flags, xlat('sigact_flags'), 'SA_???')}"
    if sa_flags & SA_RESTORER:
        text += ", sa_restorer=" + addr(restorer)
    return text + "}"


def sigaction(t: Tracee, a: int) -> str:
    data = umove(t, a, _SIGACTION.size)
    if isinstance(data, str):
        return data
    handler, sa_flags, restorer, mask = _SIGACTION.unpack(data)
    return format_sigaction(sa_handler(handler), sigset_bytes(mask), sa_flags, restorer)


def siginfo_at(t: Tracee, a: int) -> str:
    data = umove(t, a, SIGINFO_SIZE)
    return data if isinstance(data, str) else format_siginfo(data, t, t.arch == "i386")


def stack_t(t: Tracee, a: int) -> str:
    data = umove(t, a, _STACK.size)
    if isinstance(data, str):
        return data
    sp, ss_flags, size = _STACK.unpack(data)
    ss = flags(ss_flags & 0xFFFFFFFF, xlat("sigaltstack_flags"), "SS_???")
    return f"{{ss_sp={addr(sp)}, ss_flags={ss}, ss_size={size}}}"


@syscall("rt_sigaction")
def rt_sigaction(t: Tracee) -> bool | None:
    if t.arch == "i386":
        from .compat32 import rt_sigaction_i386

        return rt_sigaction_i386(t)
    if t.exiting:
        t.out += [sigaction(t, t.args[2]), str(t.args[3])]
        return None
    t.out += [sig(t.args[0]), sigaction(t, t.args[1])]
    return True


@syscall("rt_sigprocmask")
def rt_sigprocmask(t: Tracee) -> bool | None:
    a = t.args
    if t.exiting:
        t.out += [sigset(t, a[2], a[3]), str(a[3])]
        return None
    t.out += [xval(t.iarg(0), xlat("sigprocmaskcmds"), "SIG_???"), sigset(t, a[1], a[3])]
    return True


@syscall("rt_sigpending")
def rt_sigpending(t: Tracee) -> bool | None:
    if not t.exiting:
        return True
    t.out += [sigset(t, t.args[0], t.args[1], 1), str(t.args[1])]
    return None


@syscall("rt_sigsuspend")
def rt_sigsuspend(t: Tracee) -> None:
    t.out += [sigset(t, t.args[0], t.args[1]), str(t.args[1])]


@syscall("rt_sigtimedwait")
def rt_sigtimedwait(t: Tracee) -> bool | None:
    a = t.args
    if not t.exiting:
        t.out.append(sigset(t, a[0], a[3]))
        if not a[1]:
            # Everything prints now; only the size waits for exit (it needs the exit call for
            # the signal name after the return value, and the writer adds ", " before exit args).
            t.out += [addr(a[1]), timespec(t, a[2])]
        else:
            t.data = timespec(t, a[2])
        return True
    if a[1]:
        t.out += [siginfo_at(t, a[1]), t.data]
    t.out.append(str(a[3]))
    if not t.is_error and t.rval:
        t.raux = f" ({signame(t.rval)})"
    return None


@syscall("rt_sigqueueinfo")
def rt_sigqueueinfo(t: Tracee) -> None:
    t.out += [printpid(t, t.sarg(0)), sig(t.args[1]), siginfo_at(t, t.args[2])]


@syscall("rt_tgsigqueueinfo")
def rt_tgsigqueueinfo(t: Tracee) -> None:
    t.out += [printpid(t, t.sarg(0)), printpid(t, t.sarg(1), "tid"), sig(t.args[2]), siginfo_at(t, t.args[3])]


@syscall("sigaltstack")
def sigaltstack(t: Tracee) -> bool | None:
    if t.arch == "i386":
        from .compat32 import sigaltstack_i386

        return sigaltstack_i386(t)
    if t.exiting:
        t.out.append(stack_t(t, t.args[1]))
        return None
    t.out.append(stack_t(t, t.args[0]))
    return True


def _stack_pointer(pid: int) -> int | None:
    """The tracee's stack pointer at this syscall stop, from /proc/PID/syscall."""
    try:
        with open(f"/proc/{pid}/syscall", "rb") as f:
            fields = f.read().split()
        return int(fields[-2], 16)
    except (OSError, ValueError, IndexError):
        return None


@syscall("rt_sigreturn")
def rt_sigreturn(t: Tracee) -> None:
    """``rt_sigreturn({mask=[USR1]})``: the mask being restored, read from the signal frame."""
    sp = _stack_pointer(t.pid)
    if sp is None:
        return
    data = fetch(t, sp + _UC_SIGMASK, 8)
    t.out.append("{mask=" + (sigset_bytes(data) if data is not None else "%#x" % (sp + _UC_SIGMASK)) + "}")


@syscall("kill", "tkill")
def kill(t: Tracee) -> None:
    t.out += [printpid(t, t.sarg(0)), sig(t.args[1])]  # kill's -PGID prints bare


@syscall("tgkill")
def tgkill(t: Tracee) -> None:
    t.out += [printpid(t, t.sarg(0)), printpid(t, t.sarg(1), "tid"), sig(t.args[2])]

"""siginfo_t as strace prints it: signal lines, waitid, rt_sigqueueinfo, rt_sigtimedwait."""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING, NamedTuple

from .. import printers
from ..printers import Xlat, addr, const, xlat
from ._clock_t import clock_t

if TYPE_CHECKING:
    from ..syscalls import SyscallTable
    from ..tracee import Tracee

_HEAD = struct.Struct("<iii4x")
_KILL = struct.Struct("<16xiI")
_CHLD = struct.Struct("<16xiIi4xqq")
_SIGVAL = struct.Struct("<24xiI")  # sival_int, and the whole 8-byte sival_ptr below
_PTR = struct.Struct("<24xQ")
_TIMER = struct.Struct("<16xii")
_FAULT = struct.Struct("<16xQ")
_POLL = struct.Struct("<16xqi")
_SYS = struct.Struct("<16xQiI")


class _Views(NamedTuple):
    """One personality's siginfo_t: the head and a view per union member."""

    head: struct.Struct
    kill: struct.Struct
    chld: struct.Struct
    sigval: struct.Struct
    ptr: struct.Struct
    timer: struct.Struct
    fault: struct.Struct
    poll: struct.Struct
    sys: struct.Struct


_VIEWS64 = _Views(_HEAD, _KILL, _CHLD, _SIGVAL, _PTR, _TIMER, _FAULT, _POLL, _SYS)
_views32: _Views | None = None


def _views(compat: bool) -> _Views:
    """x86_64's views, or compat_siginfo_t's (the union at offset 12)."""
    global _views32
    if not compat:
        return _VIEWS64
    if _views32 is None:
        from ..structs import compat32 as L

        _views32 = _Views(*(v.st for v in (
            L.SIGINFO32_HEAD_FAST, L.SIGINFO32_KILL_FAST, L.SIGINFO32_CHLD_FAST, L.SIGINFO32_SIGVAL_FAST,
            L.SIGINFO32_PTR_FAST, L.SIGINFO32_TIMER_FAST, L.SIGINFO32_FAULT_FAST, L.SIGINFO32_POLL_FAST,
            L.SIGINFO32_SYS_FAST,
        )))
    return _views32

SI_USER, SI_KERNEL, SI_QUEUE, SI_TIMER, SI_MESGQ, SI_TKILL, CLD_EXITED = (
    const(n) for n in ("SI_USER", "SI_KERNEL", "SI_QUEUE", "SI_TIMER", "SI_MESGQ", "SI_TKILL", "CLD_EXITED")
)
SIGILL, SIGTRAP, SIGBUS, SIGFPE, SIGSEGV, SIGCHLD, SIGPOLL, SIGSYS = (
    const(n) for n in ("SIGILL", "SIGTRAP", "SIGBUS", "SIGFPE", "SIGSEGV", "SIGCHLD", "SIGPOLL", "SIGSYS")
)

_codes: dict[int, str] = {
    SIGILL: "sigill_codes",
    SIGFPE: "sigfpe_codes",
    SIGSEGV: "sigsegv_codes",
    SIGBUS: "sigbus_codes",
    SIGTRAP: "sigtrap_codes",
    SIGCHLD: "sigchld_codes",
    SIGPOLL: "sigpoll_codes",
    SIGSYS: "sigsys_codes",
}
_tables: dict[str, Xlat | None] = {}


def _table(name: str) -> Xlat | None:
    if name not in _tables:
        try:
            _tables[name] = xlat(name)
        except (ImportError, KeyError, ModuleNotFoundError):
            _tables[name] = None
    return _tables[name]


def _code_name(signo: int, code: int) -> str:
    """si_code as printxval prints it: the name, or the unsigned 32-bit hex (-X honoured)."""
    return _styled("%#x" % (code & 0xFFFFFFFF) if code else "0", _code_symbol(signo, code))


def _styled(raw: str, name: str | None) -> str:
    """``name``, ``raw`` or ``raw /* name */`` as -X asks (``raw`` when there is no name)."""
    if name is None or printers.xlat_style == printers.STYLE_RAW:
        return raw
    if printers.xlat_style == printers.STYLE_VERBOSE:
        return f"{raw} /* {name} */"
    return name


def _code_symbol(signo: int, code: int) -> str | None:
    if code > 0 and code != SI_KERNEL and signo in _codes:
        tab = _table(_codes[signo])
        if tab is not None:
            name = tab.get(code)
            if name is not None:
                return name
    tab = _table("siginfo_codes")
    if tab is not None:
        return tab.get(code)
    return None


def _syscall_table(audit_arch: int) -> SyscallTable:
    """The syscall table si_arch names (an i386 call of a 64-bit process: the i386 one)."""
    from ..syscalls import table

    i386 = table("i386")
    return i386 if audit_arch == i386.audit_arch else table("x86_64")


def _sigval(info: bytes, v: _Views = _VIEWS64) -> str:
    sival_int = v.sigval.unpack_from(info)[0]
    ptr = v.ptr.unpack_from(info)[0]
    return f", si_int={sival_int}, si_ptr={addr(ptr)}"


def _pid(t: Tracee | None, pid: int) -> str:
    """si_pid: -Y adds the sender's ``<comm>`` (PRINT_FIELD_TGID)."""
    return printers.pid(t, pid) if t is not None else str(pid)


def format_siginfo(info: bytes, t: Tracee | None = None, compat: bool = False) -> str:
    """``{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=..., ...}``; ``compat``: the i386
    layout an ``int $0x80`` call passes (a signal stop's siginfo is always the native one)."""
    if len(info) < 48:
        return "{...}"
    v = _views(compat)
    signo, errno_, code = v.head.unpack_from(info)
    if signo == 0:  # nothing was stored (waitid with WNOHANG and no child ready)
        return "{}"
    parts = ["{si_signo=" + printers.signal(signo)]
    if errno_:
        from ..retval import errno_text

        parts.append(", si_errno=" + (errno_text(errno_)[0] if errno_ > 0 else str(errno_)))
    parts.append(", si_code=" + _code_name(signo, code))
    if code <= 0:  # sent by a process
        pid, uid = v.kill.unpack_from(info)
        if code in (SI_USER, SI_TKILL):
            parts.append(f", si_pid={_pid(t, pid)}, si_uid={uid}")
        elif code == SI_TIMER:
            tid, overrun = v.timer.unpack_from(info)
            timerid = "%#x" % tid if tid else "0"
            parts.append(f", si_timerid={timerid}, si_overrun={overrun}" + _sigval(info, v))
        else:  # SI_QUEUE, SI_MESGQ ...: the value only when si_ptr is set (strace 6.1)
            parts.append(f", si_pid={_pid(t, pid)}, si_uid={uid}")
            if v.ptr.unpack_from(info)[0]:
                parts.append(_sigval(info, v))
    elif signo == SIGCHLD:
        pid, uid, status, utime, stime = v.chld.unpack_from(info)
        st = str(status) if code == CLD_EXITED else printers.signal(status)
        style = t.cfg.xlat_style if t is not None else ""
        parts.append(f", si_pid={_pid(t, pid)}, si_uid={uid}, si_status={st}, si_utime={clock_t(utime, style)}"
                     f", si_stime={clock_t(stime, style)}")
    elif signo in (SIGILL, SIGFPE, SIGSEGV, SIGBUS):
        parts.append(", si_addr=" + addr(v.fault.unpack_from(info)[0]))
    elif signo == SIGPOLL and code > 0:
        band, fd = v.poll.unpack_from(info)
        parts.append(f", si_band={band}, si_fd={printers.fd(t, fd) if t is not None else fd}")
    elif signo == SIGSYS:
        call_addr, nr, arch = v.sys.unpack_from(info)
        call = "__NR_" + _syscall_table(arch).lookup(nr).name
        arch_tab = _table("audit_arch")
        parts.append(f", si_call_addr={addr(call_addr)}, si_syscall={_styled(str(nr), call)}, si_arch="
                     + _styled("%#x" % arch, arch_tab.get(arch) if arch_tab else None))
    else:
        pid, uid = v.kill.unpack_from(info)
        if pid or uid:
            parts.append(f", si_pid={_pid(t, pid)}, si_uid={uid}")
    parts.append("}")
    return "".join(parts)

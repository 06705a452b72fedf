"""siginfo_t as strace prints it: signal lines, waitid, rt_sigqueueinfo, rt_sigtimedwait."""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

from .. import printers
from ..printers import Xlat, addr, const, xlat

if TYPE_CHECKING:
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
    name = _code_symbol(signo, code)
    raw = "%#x" % (code & 0xFFFFFFFF) if code else "0"
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


def _sigval(info: bytes) -> str:
    sival_int = _SIGVAL.unpack_from(info)[0]
    ptr = _PTR.unpack_from(info)[0]
    return f", si_int={sival_int}, si_ptr={addr(ptr)}"


def format_siginfo(info: bytes, t: Tracee | None = None) -> str:
    """``{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=..., ...}``."""
    if len(info) < 48:
        return "{...}"
    signo, errno_, code = _HEAD.unpack_from(info)
    if signo == 0:  # nothing was stored (waitid with WNOHANG and no child ready)
        return "{}"
    parts = ["{si_signo=" + printers.signal(signo)]
    if errno_:
        from ..retval import errno_text

        parts.append(", si_errno=" + (errno_text(errno_)[0] if errno_ > 0 else str(errno_)))
    parts.append(", si_code=" + _code_name(signo, code))
    if code <= 0:  # sent by a process
        pid, uid = _KILL.unpack_from(info)
        if code in (SI_USER, SI_TKILL):
            parts.append(f", si_pid={pid}, si_uid={uid}")
        elif code == SI_TIMER:
            tid, overrun = _TIMER.unpack_from(info)
            timerid = "%#x" % tid if tid else "0"
            parts.append(f", si_timerid={timerid}, si_overrun={overrun}" + _sigval(info))
        else:
            parts.append(f", si_pid={pid}, si_uid={uid}" + _sigval(info))
    elif signo == SIGCHLD:
        pid, uid, status, utime, stime = _CHLD.unpack_from(info)
        st = str(status) if code == CLD_EXITED else printers.signal(status)
        parts.append(f", si_pid={pid}, si_uid={uid}, si_status={st}, si_utime={utime}, si_stime={stime}")
    elif signo in (SIGILL, SIGFPE, SIGSEGV, SIGBUS):
        parts.append(", si_addr=" + addr(_FAULT.unpack_from(info)[0]))
    elif signo == SIGPOLL and code > 0:
        band, fd = _POLL.unpack_from(info)
        parts.append(f", si_band={band}, si_fd={fd}")
    elif signo == SIGSYS:
        call_addr, nr, arch = _SYS.unpack_from(info)
        from ..syscalls import table

        parts.append(f", si_call_addr={addr(call_addr)}, si_syscall=__NR_{table('x86_64').lookup(nr).name}")
        arch_tab = _table("audit_arch")
        parts.append(", si_arch=" + (arch_tab.get(arch) if arch_tab and arch_tab.get(arch) else "%#x" % arch))
    else:
        pid, uid = _KILL.unpack_from(info)
        if pid or uid:
            parts.append(f", si_pid={pid}, si_uid={uid}")
    parts.append("}")
    return "".join(parts)

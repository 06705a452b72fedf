"""Clocks, timers and time of day (strace's src/time.c, times.c, print_timex.c,
print_sigevent.c): clock_*, timer_*, timerfd_*, [gs]etitimer, [gs]ettimeofday, adjtimex,
times, time, alarm."""

from __future__ import annotations

import struct
import time as _time
from typing import TYPE_CHECKING

from .. import printers
from ..printers import addr, fd, flags, xlat, xval
from ..signals import signame
from ._clock_t import clock_t
from ._consts import consts, named
from ._timespec import itimerspec, itimerval, timespec, timeval, timeval_bytes
from ._umove import umove
from .registry import RVAL_FD, RVAL_UDECIMAL, syscall

if TYPE_CHECKING:
    from ..tracee import Tracee

_TZ = struct.Struct("<ii")
_TMS = struct.Struct("<QQQQ")
_TMS32 = struct.Struct("<IIII")  # an i386 call's: 32-bit clock_t, printed zero-extended
_INT = struct.Struct("<i")
_LONG = struct.Struct("<q")
# struct sigevent (64-bit): sigev_value, sigev_signo, sigev_notify, then the union
_SIGEVENT = struct.Struct("<QiiQQ")
(_SIGEVENT_SIZE,) = consts("SIGEVENT_SIZE")
SIGEV_SIGNAL, SIGEV_THREAD, SIGEV_THREAD_ID = named("sigev_value", "SIGEV_SIGNAL SIGEV_THREAD SIGEV_THREAD_ID")
# struct timex (64-bit); see _TIMEX_FIELDS for the names
_TIMEX = struct.Struct("<I4xqqqqi4xqqqqQqqqi4xqqqqqi44x")
_TIMEX_FIELDS = (
    "modes", "offset", "freq", "maxerror", "esterror", "status", "constant", "precision",
    "tolerance", "time.tv_sec", "time.tv_usec", "tick", "ppsfreq", "jitter", "shift", "stabil",
    "jitcnt", "calcnt", "errcnt", "stbcnt", "tai",
)


def clockname(clockid: int) -> str:
    """A clockid_t: CLOCK_MONOTONIC, else hex with ``/* CLOCK_??? */``. strace 6.1 as built
    here prints CPU and fd clocks (negative ids) that way too, unsigned."""
    return xval(clockid & 0xFFFFFFFF, xlat("clocknames"), "CLOCK_???")


def _clock(t: Tracee) -> str:
    return clockname(t.sarg(0))


def _timezone(t: Tracee, a: int) -> str:
    data = umove(t, a, _TZ.size)
    if isinstance(data, str):
        return data
    west, dst = _TZ.unpack(data)
    return f"{{tz_minuteswest={west}, tz_dsttime={dst}}}"


def _num(t: Tracee, a: int, s: struct.Struct) -> str:
    data = umove(t, a, s.size)
    return data if isinstance(data, str) else "[%d]" % s.unpack(data)[0]


def timex(t: Tracee, a: int) -> str | None:
    """``struct timex`` (print_timex); None when only the address printed."""
    i386 = t.arch == "i386"
    if i386:
        from ..structs.compat32 import TIMEX32_FAST as layout  # struct old_timex32
    data = umove(t, a, layout.size if i386 else _TIMEX.size)
    if isinstance(data, str):
        t.out.append(data)
        return None
    vals = layout.st.unpack(data) if i386 else _TIMEX.unpack(data)
    parts = []
    for name, v in zip(_TIMEX_FIELDS, vals, strict=True):
        if name == "modes":
            parts.append("modes=" + flags(v, xlat("adjtimex_modes"), "ADJ_???"))
        elif name == "status":
            parts.append("status=" + flags(v & 0xFFFFFFFF, xlat("adjtimex_status"), "STA_???"))
        elif name == "time.tv_sec":
            parts.append("time=" + (f"{{tv_sec={v}, tv_usec={vals[10]}}}" if i386 else timeval_bytes(data, 72)))
        elif name == "time.tv_usec":
            continue
        else:
            parts.append(f"{name}={v}")
    t.out.append("{" + ", ".join(parts) + "}")
    return ""


def _adjtimex_exit(t: Tracee, a: int) -> None:
    if timex(t, a) is None:
        return
    state = xlat("adjtimex_state").get(t.rval)
    if state is not None and not t.is_error:
        t.raux = f" ({state})"


@syscall("gettimeofday")
def gettimeofday(t: Tracee) -> bool:
    if not t.exiting:
        return True
    t.out.append(timeval(t, t.args[0]))
    t.out.append(_timezone(t, t.args[1]))
    return True


@syscall("settimeofday")
def settimeofday(t: Tracee) -> None:
    t.out.append(timeval(t, t.args[0]))
    t.out.append(_timezone(t, t.args[1]))


@syscall("getitimer")
def getitimer(t: Tracee) -> bool:
    if not t.exiting:
        t.out.append(xval(t.sarg(0) & 0xFFFFFFFF, xlat("itimer_which"), "ITIMER_???"))
        return True
    t.out.append(itimerval(t, t.args[1]))
    return True


@syscall("setitimer")
def setitimer(t: Tracee) -> bool:
    if not t.exiting:
        t.out.append(xval(t.sarg(0) & 0xFFFFFFFF, xlat("itimer_which"), "ITIMER_???"))
        t.out.append(itimerval(t, t.args[1]))
        return True
    t.out.append(itimerval(t, t.args[2]))
    return True


@syscall("adjtimex")
def adjtimex(t: Tracee) -> bool:
    if t.exiting:
        _adjtimex_exit(t, t.args[0])
    return True


@syscall("clock_adjtime")
def clock_adjtime(t: Tracee) -> bool:
    if not t.exiting:
        t.out.append(_clock(t))
        return True
    _adjtimex_exit(t, t.args[1])
    return True


@syscall("clock_settime")
def clock_settime(t: Tracee) -> None:
    t.out.append(_clock(t))
    t.out.append(timespec(t, t.args[1]))


@syscall("clock_gettime", "clock_getres")
def clock_gettime(t: Tracee) -> bool:
    if not t.exiting:
        t.out.append(_clock(t))
        return True
    t.out.append(timespec(t, t.args[1]))
    return True


def sigevent(t: Tracee, a: int) -> str:
    """``struct sigevent`` (print_sigevent)."""
    data = umove(t, a, _SIGEVENT_SIZE)
    if isinstance(data, str):
        return data
    if t.arch == "i386":  # struct compat_sigevent: 32-bit sigval and union members
        from ..structs.compat32 import SIGEVENT32_FAST

        value, signo, notify, un0, un1 = SIGEVENT32_FAST.st.unpack_from(data)
        tid = un0 - (1 << 32) if un0 >> 31 else un0
    else:
        value, signo, notify, un0, un1 = _SIGEVENT.unpack_from(data)
        tid = _INT.unpack_from(data, 16)[0]
    parts = []
    if value:
        sival_int = _INT.unpack_from(data)[0]
        parts.append(f"sigev_value={{sival_int={sival_int}, sival_ptr={addr(value)}}}")
    if notify in (SIGEV_SIGNAL, SIGEV_THREAD, SIGEV_THREAD_ID):
        style = printers.xlat_style
        if style == printers.STYLE_RAW:
            parts.append(f"sigev_signo={signo}")
        elif style == printers.STYLE_VERBOSE:
            parts.append(f"sigev_signo={signo} /* {signame(signo)} */")
        else:
            parts.append("sigev_signo=" + signame(signo))
    else:
        parts.append(f"sigev_signo={signo & 0xFFFFFFFF}")
    parts.append("sigev_notify=" + xval(notify & 0xFFFFFFFF, xlat("sigev_value"), "SIGEV_???"))
    if notify == SIGEV_THREAD_ID:
        parts.append(f"sigev_notify_thread_id={tid}")
    elif notify == SIGEV_THREAD:
        parts.append(f"sigev_notify_function={addr(un0)}, sigev_notify_attributes={addr(un1)}")
    return "{" + ", ".join(parts) + "}"


@syscall("timer_create")
def timer_create(t: Tracee) -> bool:
    if not t.exiting:
        t.out.append(_clock(t))
        t.out.append(sigevent(t, t.args[1]))
        return True
    t.out.append(_num(t, t.args[2], _INT))
    return True


@syscall("timer_settime")
def timer_settime(t: Tracee) -> bool:
    if not t.exiting:
        t.out.append(str(t.sarg(0)))
        t.out.append(flags(t.iarg(1), xlat("clockflags"), "TIMER_???"))
        t.out.append(itimerspec(t, t.args[2]))
        return True
    t.out.append(itimerspec(t, t.args[3]))
    return True


@syscall("timer_gettime")
def timer_gettime(t: Tracee) -> bool:
    if not t.exiting:
        t.out.append(str(t.sarg(0)))
        return True
    t.out.append(itimerspec(t, t.args[1]))
    return True


@syscall("timer_getoverrun", "timer_delete")
def timer_delete(t: Tracee) -> None:
    t.out.append(str(t.sarg(0)))


@syscall("timerfd_create", ret=RVAL_FD)
def timerfd_create(t: Tracee) -> None:
    t.out.append(_clock(t))
    t.out.append(flags(t.iarg(1), xlat("timerfdflags"), "TFD_???"))


@syscall("timerfd_settime")
def timerfd_settime(t: Tracee) -> bool:
    if not t.exiting:
        t.out.append(fd(t, t.args[0]))
        t.out.append(flags(t.iarg(1), xlat("timerfdflags"), "TFD_???"))
        t.out.append(itimerspec(t, t.args[2]))
        return True
    t.out.append(itimerspec(t, t.args[3]))
    return True


@syscall("timerfd_gettime")
def timerfd_gettime(t: Tracee) -> bool:
    if not t.exiting:
        t.out.append(fd(t, t.args[0]))
        return True
    t.out.append(itimerspec(t, t.args[1]))
    return True


@syscall("times")
def times(t: Tracee) -> bool:
    if not t.exiting:
        return True
    layout = _TMS32 if t.arch == "i386" else _TMS  # struct tms of 4 clock_t (long)
    data = umove(t, t.args[0], layout.size)
    if isinstance(data, str):
        t.out.append(data)
    else:
        st = t.cfg.xlat_style
        u, s, cu, cs = (clock_t(v, st) for v in layout.unpack(data))
        t.out.append(f"{{tms_utime={u}, tms_stime={s}, tms_cutime={cu}, tms_cstime={cs}}}")
    if not t.is_error:
        t.rfmt = RVAL_UDECIMAL
    return True


@syscall("alarm")
def alarm(t: Tracee) -> None:
    t.out.append(str(t.iarg(0)))


def sprinttime(sec: int) -> str:
    """``2026-11-24T22:21:38+0000`` in local time (strace's sprinttime)."""
    try:
        return _time.strftime("%Y-%m-%dT%H:%M:%S%z", _time.localtime(sec))
    except (OverflowError, OSError, ValueError):
        return ""


@syscall("time")
def time_(t: Tracee) -> bool:
    if not t.exiting:
        return True
    word = _INT if t.arch == "i386" else _LONG  # time_t of the i386 personality: 4 bytes
    data = umove(t, t.args[0], word.size)
    if isinstance(data, str):
        t.out.append(data)
    else:
        v = word.unpack(data)[0]
        when = sprinttime(v)
        t.out.append(f"[{v} /* {when} */]" if when else f"[{v}]")
    if not t.is_error:
        when = sprinttime(t.rval)
        if when:
            t.raux = f" ({when})"
    return True

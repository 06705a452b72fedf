"""Syscall tampering: ``-e inject=`` and ``-e fault=``, parsed and applied as strace 6.1 does.

:func:`parse` turns one expression into the syscall names it selects and an :class:`InjectSpec`;
:class:`Injector` applies the specs in a session. Only calls that are traced (and pass -P) are
tampered with, counted per thread and per syscall from the thread's first traced call. At entry
an error/retval injection replaces the syscall number with -1 (or the ``syscall=`` one), a
``signal=`` is queued, ``poke_enter=`` data is written and ``delay_enter=`` waits; at exit the
return register gets the error or value, ``poke_exit=`` data is written and ``delay_exit=``
waits. The printed result then carries `` (INJECTED)`` / `` (DELAYED)`` as strace's does.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import struct
import sys
import time
from typing import TYPE_CHECKING

from . import ptrace
from .decoders._consts import named
from .syscalls import table

if TYPE_CHECKING:
    from .syscalls import SyscallDesc
    from .tracee import Tracee

F_SIGNAL = 1
F_ERROR = 2
F_RETVAL = 4
F_SYSCALL = 8
F_DELAY_ENTER = 16
F_DELAY_EXIT = 32
F_POKE_ENTER = 64
F_POKE_EXIT = 128
_ACTIONS = F_SIGNAL | F_ERROR | F_RETVAL | F_DELAY_ENTER | F_DELAY_EXIT | F_POKE_ENTER | F_POKE_EXIT
LAST_INF = 0xFFFF  # when= with no last invocation
MAX_ERRNO = 4095
_U64 = (1 << 64) - 1


class InjectError(Exception):
    """An expression strace refuses; the message is strace's."""


class InjectSpec:
    """One ``-e inject=`` / ``-e fault=`` expression's options (strace's struct inject_opts)."""

    __slots__ = ("first", "last", "step", "flags", "value", "signo", "scno", "delay_enter",
                 "delay_exit", "poke_enter", "poke_exit")

    def __init__(self) -> None:
        self.first = 1
        self.last = LAST_INF
        self.step = 1
        self.flags = 0
        self.value = 0  # the errno (F_ERROR) or the return value as an unsigned 64-bit (F_RETVAL)
        self.signo = 0
        self.scno: dict[str, int] = {}  # syscall= number per personality
        self.delay_enter = 0.0  # seconds
        self.delay_exit = 0.0
        self.poke_enter: list[tuple[int, bytes]] = []  # (argument number 1..7, data)
        self.poke_exit: list[tuple[int, bytes]] = []

    def __repr__(self) -> str:
        return "InjectSpec(" + ", ".join(f"{n}={getattr(self, n)!r}" for n in self.__slots__) + ")"


# ------------------------------------------------------------------ parsing
_UINT = re.compile(r"\s*([+-]?)(\d+)")


def _uint_ex(s: str, limit: int, endings: str) -> tuple[int, str]:
    """strace's string_to_uint_ex: a decimal in 0..limit followed by nothing or one of
    ``endings``; (-1, "") when invalid, else (value, the rest)."""
    m = _UINT.match(s)
    if m is None:
        return -1, ""
    rest = s[m.end():]
    if rest and rest[0] not in endings:
        return -1, ""
    v = int(m.group(2))
    if m.group(1) == "-":
        v = -v
    if v < 0 or v > limit:
        return -1, ""
    return v, rest


def _uint_upto(s: str, limit: int) -> int:
    return _uint_ex(s, limit, "")[0]


def _strtoull(s: str) -> int | None:
    """C strtoull(s, &end, 0) that must consume all of ``s``; None when it does not or overflows."""
    m = re.fullmatch(r"\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)", s)
    if m is None:
        return None
    digits = m.group(2)
    if digits[:2] in ("0x", "0X"):
        v = int(digits[2:], 16)
    elif digits.startswith("0"):
        v = int(digits, 8)
    else:
        v = int(digits)
    if v > _U64:
        return None
    return (-v) & _U64 if m.group(1) == "-" else v


_TS_UNITS = {"": 1e-6, "s": 1.0, "ms": 1e-3, "us": 1e-6, "ns": 1e-9}
_FLOAT = re.compile(r"\s*[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)")


def _parse_ts(s: str) -> float | None:
    """strace's time specification: a decimal number with an optional s/ms/us/ns suffix
    (microseconds without one); seconds, or None."""
    m = _FLOAT.match(s)
    if m is None:
        return None
    v = float(m.group(0))
    unit = _TS_UNITS.get(s[m.end():])
    if v < 0 or unit is None:
        return None
    return v * unit


def _poke(val: str, have: list[tuple[int, bytes]]) -> bool:
    if not val:
        return False
    for token in (x for x in val.split(",") if x):
        if not token.startswith("@arg") or len(token) < 6 or token[4] not in "1234567" or token[5] != "=":
            return False
        data = token[6:]
        if not data or len(data) % 2 or len(data) > 2048 or re.fullmatch(r"[0-9a-fA-F]+", data) is None:
            return False
        arg = int(token[4])
        if any(a == arg for a, _ in have):
            return False
        have.append((arg, bytes.fromhex(data)))
    return True


def _errno_by_name(name: str) -> int:
    from syscall_tables.generated.errno import ERRNO_NAMES

    up = name.upper()
    for num in sorted(ERRNO_NAMES):
        if num >= 1 and ERRNO_NAMES[num] == up:
            return num
    return -1


def _signo(val: str) -> int:
    from .signals import signum

    if val[:1].isdigit():
        return _uint_upto(val, 255)
    n = signum(val[3:] if val[:3].upper() == "SIG" else val)
    return -1 if n is None else n


def _token(token: str, spec: InjectSpec, fault: bool, warn: list[str]) -> bool:
    """One ``key=value`` of an expression (strace's parse_inject_token)."""
    key, eq, val = token.partition("=")
    if not eq:
        return False
    if key == "when":
        first, rest = _uint_ex(val, 0xFFFF, "+.")
        if first < 1:
            return False
        spec.first = first
        if rest.startswith("."):
            if not rest.startswith(".."):
                return False
            last, rest = _uint_ex(rest[2:], 0xFFFF, "+")
            if last < first or last == LAST_INF:
                return False
            spec.last = last
        else:
            spec.last = LAST_INF
        if rest:
            if rest[1:]:
                step = _uint_upto(rest[1:], 0xFFFF)
                if step < 1:
                    return False
                spec.step = step
            else:
                spec.step = 1
        else:
            spec.step = 0 if spec.last == LAST_INF else 1
        return True
    if key == "syscall":
        from .syscalls import table

        if spec.flags & F_SYSCALL:
            return False
        for arch in ("x86_64", "i386"):
            desc = table(arch).by_name.get(val)
            if desc is None or "%pure" not in desc.classes:  # only calls with no side effects
                return False
            spec.scno[arch] = desc.nr
        spec.flags |= F_SYSCALL
        return True
    if key == "error":
        if spec.flags & (F_ERROR | F_RETVAL):
            return False
        err = _uint_upto(val, MAX_ERRNO)
        if err < 0:
            err = _errno_by_name(val)
        if err < 1:
            return False
        spec.value = err
        spec.flags |= F_ERROR
        return True
    if fault:
        return False
    if key == "retval":
        if spec.flags & (F_ERROR | F_RETVAL):
            return False
        v = _strtoull(val)
        if v is None:
            return False
        if v >= (1 << 64) - MAX_ERRNO:
            warn.append(f"Inadvertent injection of error {(1 << 64) - v} is possible for retval={v}")
        spec.value = v
        spec.flags |= F_RETVAL
        return True
    if key == "signal":
        if spec.flags & F_SIGNAL:
            return False
        n = _signo(val)
        if n < 1 or n > 64:
            return False
        spec.signo = n
        spec.flags |= F_SIGNAL
        return True
    if key in ("poke_enter", "poke_exit"):
        flag, have = (F_POKE_ENTER, spec.poke_enter) if key == "poke_enter" else (F_POKE_EXIT, spec.poke_exit)
        if spec.flags & flag or not _poke(val, have):
            return False
        spec.flags |= flag
        return True
    if key in ("delay_enter", "delay_exit"):
        flag = F_DELAY_ENTER if key == "delay_enter" else F_DELAY_EXIT
        ts = _parse_ts(val)
        if spec.flags & flag or ts is None:
            return False
        setattr(spec, key, ts)
        spec.flags |= flag
        return True
    return False


def parse(expr: str, fault: bool) -> tuple[frozenset[str], InjectSpec, list[str]]:
    """One ``-e inject=EXPR`` (``fault``: ``-e fault=EXPR``): the syscall names it selects, its
    spec and the warnings strace prints for it. Raises InjectError with strace's message."""
    from .filters import FilterError, parse_trace_set
    from .syscalls import table

    what = "fault argument" if fault else "inject argument"
    spec = InjectSpec()
    warn: list[str] = []
    if expr == "" or expr.startswith(":"):
        name = ""
    else:
        name, *tokens = [x for x in expr.split(":") if x]
        for token in tokens:
            if not _token(token, spec, fault, warn):
                raise InjectError(f"invalid {what} '{expr}'")
    try:
        names = parse_trace_set(name, table("x86_64"), table("i386"))
    except FilterError as e:
        raise InjectError(str(e)) from None
    if names is None:
        names = set(table("x86_64").names()) | set(table("i386").names())
    if not spec.flags & _ACTIONS:
        if not fault:
            raise InjectError(f"invalid {what} '{expr}'")
        spec.value = errno.ENOSYS  # fault='s default error
        spec.flags |= F_ERROR
    return frozenset(names), spec, warn


# ----------------------------------------------------------------- applying
_libc = ctypes.CDLL(None, use_errno=True)
_SYS_TGKILL = table("x86_64").by_name["tgkill"].nr
_SI_TKILL, _SI_KERNEL = named("siginfo_codes", "SI_TKILL SI_KERNEL")
_SIGINFO_HEAD = struct.Struct("<iii4xi")  # si_signo, si_errno, si_code, si_pid


class _Call:
    """What was done to one call at its entry, for its exit and its line."""

    __slots__ = ("spec", "tampered", "nofail", "poked", "delayed", "tracee")

    def __init__(self, spec: InjectSpec, t: Tracee) -> None:
        self.spec = spec
        self.tracee = t
        self.tampered = False
        self.nofail = False  # syscall= ran a real call: it must succeed
        self.poked = False
        self.delayed = False


class Injector:
    """Applies the specs to a session's traced calls (strace's tamper_with_syscall_*)."""

    def __init__(self, specs: dict[str, InjectSpec], session: object) -> None:
        self.specs = specs
        self.session = session
        self.note = ""  # what the last exit() adds after the return value
        self._counts: dict[int, tuple[Tracee, dict[tuple[str, str], list[int]]]] = {}
        self._pending: dict[int, _Call] = {}
        self._me = os.getpid()

    def enter(self, t: Tracee, desc: SyscallDesc) -> None:
        """At a traced call's entry (after -P): count it and tamper when its turn has come."""
        if self._pending:
            self._pending.pop(t.pid, None)
        spec = self.specs.get(desc.name)
        if spec is None:
            return
        if t.pid == getattr(self.session, "child", None) and desc.name in ("execve", "execveat") and t.pid not in self._counts:
            # The command's own first execve: strace hides it from injection, as it is strace's.
            self._counts[t.pid] = (t, {})
            return
        per = self._counts.get(t.pid)
        if per is None or per[0] is not t:  # a new thread, or a recycled tid
            per = self._counts[t.pid] = (t, {})
        key = (t.arch, desc.name)
        c = per[1].get(key)
        if c is None:
            c = per[1][key] = [spec.first, spec.last]
        if c[0] == 0 or c[1] == 0:
            return
        if c[1] != LAST_INF:
            c[1] -= 1
        c[0] -= 1
        if c[0] != 0:
            return
        c[0] = spec.step
        call = _Call(spec, t)
        flags = spec.flags
        if flags & F_SIGNAL and not self._lost_signals():
            # Queued now, so it interrupts the call as the signal strace passes on resuming
            # from this stop does; its siginfo is made the kernel's at delivery (siginfo()).
            _libc.syscall(_SYS_TGKILL, t.tgid, t.pid, spec.signo)
        if flags & (F_ERROR | F_RETVAL):
            scno = spec.scno.get(t.arch, -1) if flags & F_SYSCALL else -1
            if _poke_user(t.pid, ptrace.ORIG_RAX_OFFSET, scno):
                call.tampered = True
                call.nofail = scno != -1
        if flags & F_POKE_ENTER:
            call.poked = _poke_args(t, desc, spec.poke_enter)
        if flags & F_DELAY_ENTER:
            time.sleep(spec.delay_enter)
            call.delayed = True
        self._pending[t.pid] = call

    def _lost_signals(self) -> bool:
        """strace --seccomp-bpf passes the signal when resuming from a seccomp stop, which the
        kernel ignores: asked for explicitly, the signal is lost as there. (pytrace's own
        automatic seccomp mode changes nothing that is seen.)"""
        s = self.session
        return bool(getattr(s, "use_seccomp", False) and getattr(s, "cfg", None) is not None and s.cfg.seccomp)  # type: ignore[attr-defined]

    def exit(self, t: Tracee, rval: int, is_error: int) -> tuple[int, int]:
        """At a traced call's exit: the return value the tracee gets, and ``note`` set."""
        call = self._pending.pop(t.pid, None)
        if call is None or call.tracee is not t:
            self.note = ""
            return rval, is_error
        spec = call.spec
        if spec.flags & F_POKE_EXIT and t.desc is not None:
            call.poked = _poke_args(t, t.desc, spec.poke_exit) or call.poked
        if spec.flags & F_DELAY_EXIT:
            time.sleep(spec.delay_exit)
            call.delayed = True
        if call.tampered:
            if bool(is_error) == call.nofail:
                sys.stderr.write(
                    f"pytrace: Failed to tamper with process {t.pid}: unexpectedly got "
                    f"{'' if call.nofail else 'no '}error (return value {rval & _U64:#x}, "
                    f"error {-rval if is_error else 0})\n"
                )
            elif spec.flags & F_RETVAL:
                value = spec.value
                if _poke_user(t.pid, ptrace.RAX_OFFSET, value):
                    rval, is_error = value - (1 << 64) if value >> 63 else value, 0
            elif _poke_user(t.pid, ptrace.RAX_OFFSET, -spec.value):
                rval, is_error = -spec.value, 1
        note = ""
        if call.tampered and call.poked:
            note = " (INJECTED: args, retval)"
        elif call.poked:
            note = " (INJECTED: args)"
        elif call.tampered:
            note = " (INJECTED)"
        if call.delayed:
            note += " (DELAYED)"
        self.note = note
        return rval, is_error

    def siginfo(self, t: Tracee, sig: int, info: bytes) -> bytes:
        """At a signal-delivery-stop: a signal queued by enter() gets the siginfo strace's
        (the kernel's own, SI_KERNEL) would have; any other is left as it is."""
        signo, _errno, code, pid = _SIGINFO_HEAD.unpack_from(info)
        if signo != sig or code != _SI_TKILL or pid != self._me:
            return info
        new = struct.pack("<iii", sig, 0, _SI_KERNEL).ljust(len(info), b"\0")
        if not ptrace.set_siginfo(t.pid, new):
            return info
        return new


def _poke_user(pid: int, offset: int, value: int) -> bool:
    try:
        ptrace.poke_user(pid, offset, value & _U64)
    except ptrace.PtraceError:
        return False
    return True


def _poke_args(t: Tracee, desc: SyscallDesc, pokes: list[tuple[int, bytes]]) -> bool:
    """Write each poke's data where its argument points; True when one was written."""
    poked = False
    for arg, data in pokes:
        if desc.nargs < arg:
            sys.stderr.write(
                f"pytrace: poke_tcb: Failed to tamper with process {t.pid}: requested to tamper "
                f"with argument #{arg}, but system call '{desc.name}' has only {desc.nargs} arguments\n"
            )
            continue
        addr = t.args[arg - 1] if arg <= 6 else 0
        if t.arch == "i386":
            addr &= 0xFFFFFFFF
        try:
            fd = os.open(f"/proc/{t.pid}/mem", os.O_WRONLY)
        except OSError:
            fd = -1
        n = 0
        if fd >= 0:
            try:
                n = os.pwrite(fd, data, addr)
            except (OSError, OverflowError):
                n = 0
            finally:
                os.close(fd)
        if n:
            poked = True
        else:
            sys.stderr.write(f"pytrace: poke_tcb: Failed to tamper with process {t.pid}: couldn't poke\n")
    return poked

"""ptrace (the request half of strace's src/process.c): the request, the pid, and what strace
6.1 prints for each request's addr and data, at entry or (for results) at exit."""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

from ..printers import addr, const, flags, hexval, xlat, xval
from ..printers import pid as printpid
from ..signals import signame
from ._consts import named
from ._modes import verbose
from ._sigset import sigset
from ._umove import umove
from .registry import syscall

if TYPE_CHECKING:
    from ..tracee import Tracee

_U64 = struct.Struct("<Q")
_PSI = struct.Struct("<QIi")  # struct ptrace_peeksiginfo_args: off, flags, nr

TRACEME, PEEKTEXT, PEEKDATA, PEEKUSER, POKEUSER = named(
    "ptrace_cmds", "PTRACE_TRACEME PTRACE_PEEKTEXT PTRACE_PEEKDATA PTRACE_PEEKUSER PTRACE_POKEUSER")
KILL, ATTACH = named("ptrace_cmds", "PTRACE_KILL PTRACE_ATTACH")
CONT, DETACH, SYSCALL, SINGLESTEP = named(
    "ptrace_cmds", "PTRACE_CONT PTRACE_DETACH PTRACE_SYSCALL PTRACE_SINGLESTEP")
SYSEMU, SYSEMU_SINGLESTEP, SINGLEBLOCK = named(
    "ptrace_cmds", "PTRACE_SYSEMU PTRACE_SYSEMU_SINGLESTEP PTRACE_SINGLEBLOCK")
SETOPTIONS, GETEVENTMSG, GETSIGINFO, SETSIGINFO = named(
    "ptrace_cmds", "PTRACE_SETOPTIONS PTRACE_GETEVENTMSG PTRACE_GETSIGINFO PTRACE_SETSIGINFO")
GETREGSET, SETREGSET, SEIZE, INTERRUPT, LISTEN = named(
    "ptrace_cmds", "PTRACE_GETREGSET PTRACE_SETREGSET PTRACE_SEIZE PTRACE_INTERRUPT PTRACE_LISTEN")
PEEKSIGINFO, GETSIGMASK, SETSIGMASK = named(
    "ptrace_cmds", "PTRACE_PEEKSIGINFO PTRACE_GETSIGMASK PTRACE_SETSIGMASK")
SECCOMP_GET_FILTER, SECCOMP_GET_METADATA = named(
    "ptrace_cmds", "PTRACE_SECCOMP_GET_FILTER PTRACE_SECCOMP_GET_METADATA")
GET_SYSCALL_INFO, GET_RSEQ_CONFIGURATION = named(
    "ptrace_cmds", "PTRACE_GET_SYSCALL_INFO PTRACE_GET_RSEQ_CONFIGURATION")
OLDSETOPTIONS = const("PTRACE_OLDSETOPTIONS")

_NO_ADDR = (ATTACH, INTERRUPT, KILL, LISTEN)
_ADDR_U = (GETSIGMASK, SETSIGMASK, SECCOMP_GET_FILTER, SECCOMP_GET_METADATA, GET_SYSCALL_INFO,
           GET_RSEQ_CONFIGURATION)
_DATA_SIG = (CONT, DETACH, SYSCALL, SINGLESTEP, SINGLEBLOCK, SYSEMU, SYSEMU_SINGLESTEP)
_DATA_EXIT = (PEEKDATA, PEEKTEXT, PEEKUSER, GETEVENTMSG, GETREGSET, GETSIGINFO, GETSIGMASK,
              PEEKSIGINFO, SECCOMP_GET_FILTER, GET_SYSCALL_INFO, GET_RSEQ_CONFIGURATION)


def _num_ulong(t: Tracee, a: int, as_ptr: bool) -> str:
    got = umove(t, a, 8)
    if isinstance(got, str):
        return got
    v = _U64.unpack(got)[0]
    return "[%s]" % (addr(v) if as_ptr else str(v))


@syscall("ptrace")
def ptrace(t: Tracee) -> bool | None:
    req = t.args[0]
    a, data = t.args[2], t.args[3]
    if t.exiting:
        if req in (PEEKDATA, PEEKTEXT, PEEKUSER):
            t.out.append(_num_ulong(t, data, True))
        elif req == GETEVENTMSG:
            t.out.append(_num_ulong(t, data, False))
        elif req == GETSIGMASK:
            t.out.append(addr(data) if t.is_error else sigset(t, data, a))
        else:
            t.out.append(addr(data))
        return None
    out = t.out
    out.append(xval(req, xlat("ptrace_cmds"), "PTRACE_???"))
    if req == TRACEME:
        return None
    out.append(printpid(t, t.sarg(1)))
    if req in _NO_ADDR:
        return None
    if req in (PEEKUSER, POKEUSER):
        out.append(_user_offset(a))
    elif req in (GETREGSET, SETREGSET):
        out.append(xval(a & 0xFFFFFFFF, xlat("nt_descriptor_types"), "NT_???")
                   if _has("nt_descriptor_types") else hexval(a))
    elif req in _ADDR_U:
        out.append(str(a))
    elif req == PEEKSIGINFO:
        got = umove(t, a, _PSI.size)
        if isinstance(got, str):
            out.append(got)
        else:
            off, fl, nr = _PSI.unpack(got)
            fl_text = "PTRACE_PEEKSIGINFO_SHARED" if fl == 1 else flags(fl, _empty(), "PTRACE_PEEKSIGINFO_???")
            out.append(f"{{off={off}, flags={fl_text}, nr={nr}}}")
    else:
        out.append(addr(a))
    if req in _DATA_SIG:
        out.append(signame(data) if data < 1 << 31 else str(data))
    elif req in (SEIZE, SETOPTIONS, OLDSETOPTIONS):
        out.append(flags(data, xlat("ptrace_setoptions_flags"), "PTRACE_O_???"))
    elif req == SETSIGMASK:
        out.append(sigset(t, data, a))
    elif req in _DATA_EXIT and verbose(t):
        return True
    else:
        out.append(addr(data))
    return None


def _has(name: str) -> bool:
    try:
        xlat(name)
    except Exception:
        return False
    return True


def _empty():  # type: ignore[no-untyped-def]
    from ..printers import Xlat

    return Xlat("ptrace_peeksiginfo_flags", ())


# struct user_regs_struct on x86_64, in order (print_user_offset_addr).
_USER_REGS = ("R15", "R14", "R13", "R12", "RBP", "RBX", "R11", "R10", "R9", "R8", "RAX", "RCX",
              "RDX", "RSI", "RDI", "ORIG_RAX", "RIP", "CS", "EFLAGS", "RSP", "SS", "FS_BASE",
              "GS_BASE", "DS", "ES", "FS", "GS")


def _user_offset(a: int) -> str:
    if a and a % 8 == 0 and a // 8 < len(_USER_REGS):
        return "8*" + _USER_REGS[a // 8]
    return hexval(a)

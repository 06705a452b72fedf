"""The ptrace binding: python-ptrace, extended through ctypes where it lacks something.

python-ptrace supplies the requests, options and events it knows, its C library, and the
calls made outside the per-stop path (detach, PEEKUSER, GETREGS for -k). What it lacks comes
from the generated tables (read from the kernel headers) and goes through ctypes: SEIZE,
INTERRUPT, LISTEN, GET_SYSCALL_INFO, O_TRACESECCOMP, O_EXITKILL, EVENT_STOP, EVENT_SECCOMP,
and a full 8-byte GETEVENTMSG. The calls made at every stop (GET_SYSCALL_INFO and the resume)
go through one unprototyped ctypes function: python-ptrace's generic wrapper costs ~0.85 us
more per call, which matters twice per syscall.
"""

from __future__ import annotations

import ctypes
import errno as _errno
import os
import struct
import sys
import types


def _loaded_libc() -> str | None:
    """The C library this interpreter already runs on, from /proc/self/maps."""
    try:
        with open("/proc/self/maps", "rb") as f:
            for line in f:
                path = line.rpartition(b" ")[2].strip()
                base = os.path.basename(path)
                if base.startswith(b"libc.so") or (base.startswith(b"libc-") and base.endswith(b".so")):
                    return os.fsdecode(path)
    except OSError:
        pass
    return None


# python-ptrace finds the C library with ctypes.util.find_library("c"), which forks
# ldconfig at every start (~10 ms). Hand it the library this process has loaded already;
# where none is found, python-ptrace looks for it itself.
if "ptrace.ctypes_libc" not in sys.modules and (_path := _loaded_libc()) is not None:
    _shim = types.ModuleType("ptrace.ctypes_libc", "The C library, as pytrace found it loaded.")
    _shim.LIBC_FILENAME = _path  # type: ignore[attr-defined]
    _shim.libc = ctypes.CDLL(_path, use_errno=True)  # type: ignore[attr-defined]
    sys.modules["ptrace.ctypes_libc"] = _shim

from ptrace import PtraceError as _PPError  # noqa: E402
from ptrace.binding import func as _pp  # noqa: E402
from ptrace.ctypes_libc import LIBC_FILENAME  # noqa: E402

from syscall_tables.generated.xlat import (  # noqa: E402
    ptrace_cmds,
    ptrace_events,
    ptrace_setoptions_flags,
    ptrace_user_offsets,
    wait4_options,
)

_C: dict[str, int] = {
    name: value
    for mod in (ptrace_cmds, ptrace_events, ptrace_setoptions_flags, ptrace_user_offsets, wait4_options)
    for value, name in mod.XLAT
}
# What python-ptrace knows, it supplies.
for _name in (
    "PTRACE_PEEKUSER", "PTRACE_CONT", "PTRACE_KILL", "PTRACE_DETACH", "PTRACE_SYSCALL",
    "PTRACE_SETOPTIONS", "PTRACE_GETEVENTMSG", "PTRACE_GETSIGINFO", "PTRACE_GETREGS",
    "PTRACE_O_TRACESYSGOOD", "PTRACE_O_TRACEFORK", "PTRACE_O_TRACEVFORK", "PTRACE_O_TRACECLONE",
    "PTRACE_O_TRACEEXEC", "PTRACE_O_TRACEEXIT", "PTRACE_EVENT_FORK", "PTRACE_EVENT_VFORK",
    "PTRACE_EVENT_CLONE", "PTRACE_EVENT_EXEC", "PTRACE_EVENT_VFORK_DONE", "PTRACE_EVENT_EXIT",
):
    _C[_name] = getattr(_pp, _name)
_C["__WALL"] = _pp.THREAD_TRACE_FLAGS

PTRACE_PEEKUSER: int = _C["PTRACE_PEEKUSER"]
PTRACE_CONT: int = _C["PTRACE_CONT"]
PTRACE_KILL: int = _C["PTRACE_KILL"]
PTRACE_DETACH: int = _C["PTRACE_DETACH"]
PTRACE_SYSCALL: int = _C["PTRACE_SYSCALL"]
PTRACE_SETOPTIONS: int = _C["PTRACE_SETOPTIONS"]
PTRACE_GETEVENTMSG: int = _C["PTRACE_GETEVENTMSG"]
PTRACE_GETSIGINFO: int = _C["PTRACE_GETSIGINFO"]
PTRACE_GETREGS: int = _C["PTRACE_GETREGS"]
PTRACE_SEIZE: int = _C["PTRACE_SEIZE"]
PTRACE_INTERRUPT: int = _C["PTRACE_INTERRUPT"]
PTRACE_LISTEN: int = _C["PTRACE_LISTEN"]
PTRACE_GET_SYSCALL_INFO: int = _C["PTRACE_GET_SYSCALL_INFO"]
PTRACE_O_TRACESYSGOOD: int = _C["PTRACE_O_TRACESYSGOOD"]
PTRACE_O_TRACEFORK: int = _C["PTRACE_O_TRACEFORK"]
PTRACE_O_TRACEVFORK: int = _C["PTRACE_O_TRACEVFORK"]
PTRACE_O_TRACECLONE: int = _C["PTRACE_O_TRACECLONE"]
PTRACE_O_TRACEEXEC: int = _C["PTRACE_O_TRACEEXEC"]
PTRACE_O_TRACEEXIT: int = _C["PTRACE_O_TRACEEXIT"]
PTRACE_O_TRACESECCOMP: int = _C["PTRACE_O_TRACESECCOMP"]
PTRACE_O_EXITKILL: int = _C["PTRACE_O_EXITKILL"]
PTRACE_EVENT_FORK: int = _C["PTRACE_EVENT_FORK"]
PTRACE_EVENT_VFORK: int = _C["PTRACE_EVENT_VFORK"]
PTRACE_EVENT_CLONE: int = _C["PTRACE_EVENT_CLONE"]
PTRACE_EVENT_EXEC: int = _C["PTRACE_EVENT_EXEC"]
PTRACE_EVENT_VFORK_DONE: int = _C["PTRACE_EVENT_VFORK_DONE"]
PTRACE_EVENT_EXIT: int = _C["PTRACE_EVENT_EXIT"]
PTRACE_EVENT_SECCOMP: int = _C["PTRACE_EVENT_SECCOMP"]
PTRACE_EVENT_STOP: int = _C["PTRACE_EVENT_STOP"]
WALL: int = _C["__WALL"]

SYSCALL_INFO_NONE = 0
SYSCALL_INFO_ENTRY = 1
SYSCALL_INFO_EXIT = 2
SYSCALL_INFO_SECCOMP = 3

_libc = ctypes.CDLL(LIBC_FILENAME, use_errno=True)
_raw = _libc.ptrace
_raw.argtypes = (ctypes.c_long, ctypes.c_long, ctypes.c_void_p, ctypes.c_void_p)
_raw.restype = ctypes.c_long


class PtraceError(OSError):
    """A ptrace request failed; ``errno`` says why (ESRCH: the tracee is gone or not stopped)."""


def _fail(request: int, pid: int) -> PtraceError:
    err = ctypes.get_errno()
    return PtraceError(err, f"ptrace({request:#x}, {pid}): {_errno.errorcode.get(err, err)}")


def request(req: int, pid: int, addr: int = 0, data: int = 0) -> int:
    """One ptrace call; raises PtraceError on failure."""
    res: int = _raw(req, pid, addr, data)
    if res == -1:
        raise _fail(req, pid)
    return res


def seize(pid: int, options: int) -> None:
    request(PTRACE_SEIZE, pid, 0, options)


def interrupt(pid: int) -> None:
    request(PTRACE_INTERRUPT, pid)


def listen(pid: int) -> None:
    request(PTRACE_LISTEN, pid)


# The calls made at every stop go through this handle: no errno bookkeeping and no argtypes
# conversion (~0.4 us less per call). Only small ints are passed to it as they are (libffi
# sign-extends them to the full register); pointers go in as prebuilt c_void_p objects.
_fast = ctypes.CDLL(LIBC_FILENAME).ptrace
_fast.restype = ctypes.c_long


def resume_syscall(pid: int, sig: int = 0) -> bool:
    """PTRACE_SYSCALL; False when the tracee vanished (ESRCH), which the wait loop then reports."""
    return _fast(PTRACE_SYSCALL, pid, 0, sig) != -1


def resume_cont(pid: int, sig: int = 0) -> bool:
    return _fast(PTRACE_CONT, pid, 0, sig) != -1


def detach(pid: int, sig: int = 0) -> bool:
    """PTRACE_DETACH through python-ptrace; False when the tracee is already gone."""
    try:
        _pp.ptrace_detach(pid, sig)
    except _PPError:
        return False
    return True


def set_options(pid: int, options: int) -> None:
    try:
        _pp.ptrace_setoptions(pid, options)
    except _PPError as e:
        raise PtraceError(e.errno or 0, str(e)) from None


_msg = ctypes.c_ulong()
_msg_addr = ctypes.addressof(_msg)


def event_msg(pid: int) -> int:
    """PTRACE_GETEVENTMSG with the full unsigned long the kernel writes."""
    request(PTRACE_GETEVENTMSG, pid, 0, _msg_addr)
    return _msg.value


SIGINFO_SIZE = 128
_siginfo = ctypes.create_string_buffer(SIGINFO_SIZE)
_siginfo_addr = ctypes.addressof(_siginfo)


def siginfo(pid: int) -> bytes | None:
    """The raw siginfo_t of a signal-delivery-stop, or None if this is not one."""
    if _raw(PTRACE_GETSIGINFO, pid, None, _siginfo_addr) == -1:
        return None
    return _siginfo.raw


# struct ptrace_syscall_info: op u8, pad[3], arch u32, ip u64, sp u64, then a union of
# entry {nr, args[6]}, exit {s64 rval, u8 is_error}, seccomp {nr, args[6], u32 ret_data}.
SYSCALL_INFO_SIZE = 88
_info = ctypes.create_string_buffer(SYSCALL_INFO_SIZE)
_info_addr = ctypes.addressof(_info)
_HEAD = struct.Struct("<B3xIQQ")
ENTRY = struct.Struct("<B3xIQQQ6Q")
EXIT = struct.Struct("<B3xIQQqB")
EXIT_TAIL = struct.Struct("<qB")  # rval, is_error: EXIT's last fields, at offset 24


_info_ptr = ctypes.c_void_p(_info_addr)
# The op byte of the shared buffer, readable without unpacking the rest.
info_op = ctypes.c_ubyte.from_buffer(_info)


def syscall_info(pid: int) -> ctypes.Array[ctypes.c_char] | None:
    """Fill the shared syscall-info buffer for ``pid``; returns it (unpack with ENTRY/EXIT)
    or None on failure. The buffer is reused by the next call: unpack before calling again."""
    if _fast(PTRACE_GET_SYSCALL_INFO, pid, SYSCALL_INFO_SIZE, _info_ptr) <= 0:
        return None
    return _info


def syscall_info_op(buf: ctypes.Array[ctypes.c_char]) -> int:
    return buf.raw[0]


# x86_64 user_regs_struct offsets (PEEKUSER) for the few registers read outside the hot path.
RAX_OFFSET: int = _C["RAX"]
ORIG_RAX_OFFSET: int = _C["ORIG_RAX"]
RIP_OFFSET: int = _C["RIP"]


def peek_user(pid: int, offset: int) -> int:
    """PTRACE_PEEKUSER through python-ptrace."""
    try:
        return int(_pp.ptrace_peekuser(pid, offset))
    except _PPError as e:
        raise PtraceError(e.errno or 0, str(e)) from None


_REGS = _pp.ptrace_registers_t  # python-ptrace's ctypes user_regs_struct (the -k unwinder)


# -e inject= (pytrace.inject): the register writes and the siginfo rewrite of syscall tampering.
PTRACE_POKEUSER: int = _C["PTRACE_POKEUSER"]
PTRACE_SETSIGINFO: int = _C["PTRACE_SETSIGINFO"]


def poke_user(pid: int, offset: int, value: int) -> None:
    """PTRACE_POKEUSER: one word of the tracee's user area (``value`` as an unsigned 64-bit)."""
    request(PTRACE_POKEUSER, pid, offset, value)


def set_siginfo(pid: int, info: bytes) -> bool:
    """PTRACE_SETSIGINFO at a signal-delivery-stop; False when it failed."""
    buf = ctypes.create_string_buffer(info, SIGINFO_SIZE)
    return _raw(PTRACE_SETSIGINFO, pid, None, ctypes.addressof(buf)) != -1

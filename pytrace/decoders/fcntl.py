"""fcntl and its commands (strace's fcntl.c): flock structures, F_GETFL's ``(flags ...)``."""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

from ..printers import fd, flags, hexval, xlat, xval
from ..printers import pid as printpid
from ..signals import signame
from ._consts import named
from ._modes import open_modes, sprint_open_modes
from ._umove import umove
from .registry import EXIT_RVAL_ONLY, RVAL_FD, RVAL_HEX, RVAL_TGID, syscall

if TYPE_CHECKING:
    from ..tracee import Tracee

F_DUPFD, F_GETFD, F_SETFD, F_GETFL, F_SETFL = named("fcntlcmds", "F_DUPFD F_GETFD F_SETFD F_GETFL F_SETFL")
F_GETLK, F_SETLK, F_SETLKW, F_SETOWN, F_GETOWN, F_SETSIG, F_GETSIG = named(
    "fcntlcmds", "F_GETLK F_SETLK F_SETLKW F_SETOWN F_GETOWN F_SETSIG F_GETSIG")
F_SETOWN_EX, F_GETOWN_EX = named("fcntlcmds", "F_SETOWN_EX F_GETOWN_EX")
F_OFD_GETLK, F_OFD_SETLK, F_OFD_SETLKW = named("fcntlcmds", "F_OFD_GETLK F_OFD_SETLK F_OFD_SETLKW")
F_SETLEASE, F_GETLEASE, F_NOTIFY = named("fcntlcmds", "F_SETLEASE F_GETLEASE F_NOTIFY")
F_DUPFD_CLOEXEC, F_SETPIPE_SZ, F_GETPIPE_SZ = named("fcntlcmds", "F_DUPFD_CLOEXEC F_SETPIPE_SZ F_GETPIPE_SZ")
F_ADD_SEALS, F_GET_SEALS = named("fcntlcmds", "F_ADD_SEALS F_GET_SEALS")
F_OWNER_TID, F_OWNER_PID, F_OWNER_PGRP = named("f_owner_types", "F_OWNER_TID F_OWNER_PID F_OWNER_PGRP")

FLOCK = struct.Struct("<hh4xqqi4x")  # struct flock (x86_64): type, whence, start, len, pid
F_OWNER_EX = struct.Struct("<ii")


def _flock(t: Tracee, a: int, getlk: bool, layout: struct.Struct = FLOCK) -> str:
    """A struct flock (``layout``: x86_64's, or i386's flock / flock64); l_pid when ``getlk``."""
    data = umove(t, a, layout.size)
    if isinstance(data, str):
        return data
    typ, whence, start, length, pid = layout.unpack(data)
    f = [
        f"l_type={xval(typ & 0xFFFF, xlat('lockfcmds'), 'F_???')}",
        f"l_whence={xval(whence & 0xFFFF, xlat('whence_codes'), 'SEEK_???')}",
        f"l_start={start}", f"l_len={length}",
    ]
    if getlk:
        f.append("l_pid=" + printpid(t, pid))
    return "{" + ", ".join(f) + "}"


def _owner_ex(t: Tracee, a: int) -> str:
    data = umove(t, a, F_OWNER_EX.size)
    if isinstance(data, str):
        return data
    typ, pid = F_OWNER_EX.unpack(data)
    kind = {F_OWNER_TID: "tid", F_OWNER_PID: "tgid", F_OWNER_PGRP: "pgid"}.get(typ, "")
    return f"{{type={xval(typ & 0xFFFFFFFF, xlat('f_owner_types'), 'F_OWNER_???')}, pid={printpid(t, pid, kind)}}}"


def _signal(v: int) -> str:
    """printsignal: a signal name, styled by -X."""
    from .. import printers

    if not 0 < v < 65:
        return str(v - (1 << 64) if v >> 63 else v)
    if printers.xlat_style == printers.STYLE_RAW:
        return str(v)
    if printers.xlat_style == printers.STYLE_VERBOSE:
        return f"{v} /* {signame(v)} */"
    return signame(v)


def _entry_arg(t: Tracee, cmd: int) -> str | None:
    """The third argument as printed on entry; None when there is none to print now."""
    arg = t.args[2]
    if cmd == F_SETFD:
        return flags(arg, xlat("fdflags"), "FD_???")
    if cmd == F_SETOWN:
        return printpid(t, t.sarg(2))  # a negative owner is a process group: printed bare
    if cmd in (F_SETPIPE_SZ, F_DUPFD, F_DUPFD_CLOEXEC):
        return str(t.sarg(2) if cmd != F_SETPIPE_SZ else t.larg(2))
    if cmd == F_SETFL:
        return open_modes(arg & 0xFFFFFFFF)
    if cmd in (F_SETLK, F_SETLKW, F_OFD_SETLK, F_OFD_SETLKW):
        return _flock(t, arg, False)
    if cmd == F_SETOWN_EX:
        return _owner_ex(t, arg)
    if cmd == F_NOTIFY:
        return flags(arg, xlat("notifyflags"), "DN_???")
    if cmd == F_SETLEASE:
        return xval(arg, xlat("lockfcmds"), "F_???")
    if cmd == F_ADD_SEALS:
        return flags(arg, xlat("f_seals"), "F_SEAL_???")
    if cmd == F_SETSIG:
        return _signal(arg)
    if cmd in (F_GETOWN, F_GETPIPE_SZ, F_GETFD, F_GETFL, F_GETLEASE, F_GET_SEALS, F_GETSIG,
               F_GETLK, F_OFD_GETLK, F_GETOWN_EX):
        return None
    return hexval(arg)


@syscall("fcntl", "fcntl64")
def fcntl(t: Tracee) -> bool | None:
    cmd = t.iarg(1)
    if t.arch == "i386":
        from .compat32 import fcntl_i386

        done = fcntl_i386(t, cmd)
        if done is not None:
            return done[0]
    if not t.exiting:
        t.out += [fd(t, t.args[0]), xval(cmd, xlat("fcntlcmds"), "F_???")]
        arg = _entry_arg(t, cmd)
        if arg is not None:
            t.out.append(arg)
        if cmd in (F_DUPFD, F_DUPFD_CLOEXEC):
            t.rfmt = RVAL_FD
        elif cmd == F_GETOWN:
            t.rfmt = RVAL_TGID
        if cmd in (F_GETFD, F_GETFL, F_GETLEASE, F_GET_SEALS, F_GETSIG):
            t.data = EXIT_RVAL_ONLY
            return True
        return cmd in (F_GETLK, F_OFD_GETLK, F_GETOWN_EX)
    if cmd in (F_GETLK, F_OFD_GETLK):
        t.out.append(_flock(t, t.args[2], True))
    elif cmd == F_GETOWN_EX:
        t.out.append(_owner_ex(t, t.args[2]))
    if t.is_error:
        return None
    rv = t.rval
    if cmd == F_GETFL:
        t.rfmt, t.raux = RVAL_HEX, f" ({sprint_open_modes(rv)})"
    elif cmd == F_GETFD and rv:
        t.rfmt, t.raux = RVAL_HEX, f" (flags {_sflags(rv, 'fdflags')})"
    elif cmd == F_GET_SEALS and rv:
        t.rfmt, t.raux = RVAL_HEX, f" (seals {_sflags(rv, 'f_seals')})"
    elif cmd == F_GETLEASE:
        t.rfmt = RVAL_HEX
        name = xlat("lockfcmds").get(rv)
        if name is not None:
            t.raux = f" ({name})"
    elif cmd == F_GETSIG and rv:
        t.raux = f" ({signame(rv)})"
    return None


def _sflags(v: int, table: str) -> str:
    """sprintflags: names joined with ``|``, unknown bits in hex, styled by -X."""
    return flags(v, xlat(table))

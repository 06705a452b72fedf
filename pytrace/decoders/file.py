"""Path operations: access, chdir/getcwd, mkdir, unlink, rename, link, symlink, readlink, umask,
chmod, chown, utimensat, truncate (strace's access.c, chdir.c, getcwd.c, mkdir.c, link.c,
renameat.c, readlink.c, umask.c, chmod.c, chown.c, fchownat.c, utimes.c, truncate.c)."""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

from .. import printers
from ..printers import addr, buf, dirfd, fd, flags, path, xlat
from ..quote import quote
from ._modes import numeric_umode, time_comment
from ._umove import umove
from .registry import RVAL_OCTAL, syscall

if TYPE_CHECKING:
    from ..tracee import Tracee

UTIME_NOW = (1 << 30) - 1
UTIME_OMIT = (1 << 30) - 2
_TIMESPEC_PAIR = struct.Struct("<qqqq")


def _flags(t: Tracee, i: int, table: str, dflt: str) -> str:
    return flags(t.iarg(i), xlat(table), dflt)


def _at(t: Tracee, i: int) -> str:
    return _flags(t, i, "at_flags", "AT_???")


def _id(v: int) -> str:
    """A uid_t/gid_t argument: -1 stays -1 (printuid)."""
    v &= 0xFFFFFFFF
    return "-1" if v == 0xFFFFFFFF else str(v)


@syscall("access")
def access(t: Tracee) -> bool | None:
    t.out += [path(t, t.args[0]), _flags(t, 1, "access_modes", "?_OK")]
    return None


@syscall("faccessat")
def faccessat(t: Tracee) -> bool | None:
    t.out += [dirfd(t, t.args[0]), path(t, t.args[1]), _flags(t, 2, "access_modes", "?_OK")]
    return None


@syscall("faccessat2")
def faccessat2(t: Tracee) -> bool | None:
    faccessat(t)
    t.out.append(_flags(t, 3, "faccessat_flags", "AT_???"))
    return None


@syscall("chdir", "unlink", "rmdir", "chroot")
def one_path(t: Tracee) -> bool | None:
    t.out.append(path(t, t.args[0]))
    return None


@syscall("fchdir")
def fchdir(t: Tracee) -> bool | None:
    t.out.append(fd(t, t.args[0]))
    return None


@syscall("getcwd")
def getcwd(t: Tracee) -> bool | None:
    if not t.exiting:
        return True
    if t.is_error:
        t.out.append(addr(t.args[0]))
    else:
        t.out.append(_pathn(t, t.args[0], t.rval))
    t.out.append(str(t.args[1]))
    return None


def _pathn(t: Tracee, a: int, n: int) -> str:
    """printpathn: a path of at most ``n`` bytes."""
    if not a:
        return "NULL"
    got = t.mem.read_cstring(a, min(n, printers.PATH_MAX) + 1) if n > 0 else (b"", True)
    if got is None:
        return "%#x" % a
    data, _ = got
    if len(data) > n:
        return quote(data[:n], t.cfg.xflag) + "..."
    return quote(data, t.cfg.xflag)


@syscall("mkdir", "chmod")
def path_mode(t: Tracee) -> bool | None:
    t.out += [path(t, t.args[0]), numeric_umode(t.iarg(1))]
    return None


@syscall("mkdirat", "fchmodat")
def at_path_mode(t: Tracee) -> bool | None:
    t.out += [dirfd(t, t.args[0]), path(t, t.args[1]), numeric_umode(t.iarg(2))]
    return None


@syscall("fchmod")
def fchmod(t: Tracee) -> bool | None:
    t.out += [fd(t, t.args[0]), numeric_umode(t.iarg(1))]
    return None


@syscall("unlinkat")
def unlinkat(t: Tracee) -> bool | None:
    t.out += [dirfd(t, t.args[0]), path(t, t.args[1]), _at(t, 2)]
    return None


@syscall("rename", "link", "symlink")
def two_paths(t: Tracee) -> bool | None:
    t.out += [path(t, t.args[0]), path(t, t.args[1])]
    return None


@syscall("renameat")
def renameat(t: Tracee) -> bool | None:
    t.out += [dirfd(t, t.args[0]), path(t, t.args[1]), dirfd(t, t.args[2]), path(t, t.args[3])]
    return None


@syscall("renameat2")
def renameat2(t: Tracee) -> bool | None:
    renameat(t)
    t.out.append(_flags(t, 4, "rename_flags", "RENAME_??"))
    return None


@syscall("linkat")
def linkat(t: Tracee) -> bool | None:
    renameat(t)
    t.out.append(_at(t, 4))
    return None


@syscall("symlinkat")
def symlinkat(t: Tracee) -> bool | None:
    t.out += [path(t, t.args[0]), dirfd(t, t.args[1]), path(t, t.args[2])]
    return None


def _readlink(t: Tracee, i: int) -> bool | None:
    if not t.exiting:
        if i:
            t.out.append(dirfd(t, t.args[0]))
        t.out.append(path(t, t.args[i]))
        return True
    a = t.args[i + 1]
    t.out.append(addr(a) if t.is_error else buf(t, a, t.rval))
    t.out.append(str(t.args[i + 2]))
    return None


@syscall("readlink")
def readlink(t: Tracee) -> bool | None:
    return _readlink(t, 0)


@syscall("readlinkat")
def readlinkat(t: Tracee) -> bool | None:
    return _readlink(t, 1)


@syscall("umask", ret=RVAL_OCTAL)
def umask(t: Tracee) -> bool | None:
    t.out.append(numeric_umode(t.iarg(0)))
    return None


@syscall("chown", "lchown")
def chown(t: Tracee) -> bool | None:
    t.out += [path(t, t.args[0]), _id(t.args[1]), _id(t.args[2])]
    return None


@syscall("fchown")
def fchown(t: Tracee) -> bool | None:
    t.out += [fd(t, t.args[0]), _id(t.args[1]), _id(t.args[2])]
    return None


@syscall("fchownat")
def fchownat(t: Tracee) -> bool | None:
    t.out += [dirfd(t, t.args[0]), path(t, t.args[1]), _id(t.args[2]), _id(t.args[3]), _at(t, 4)]
    return None


def _utime_ts(sec: int, nsec: int) -> str:
    style = printers.xlat_style
    if nsec in (UTIME_NOW, UTIME_OMIT):
        name = "UTIME_NOW" if nsec == UTIME_NOW else "UTIME_OMIT"
        raw = f"{{tv_sec={sec}, tv_nsec={nsec}}}"
        if style == printers.STYLE_RAW:
            return raw
        if style == printers.STYLE_VERBOSE:
            return f"{raw} /* {name} */"
        return name
    return f"{{tv_sec={sec}, tv_nsec={nsec & 0xFFFFFFFFFFFFFFFF}}}{time_comment(sec, nsec)}"


@syscall("utimensat")
def utimensat(t: Tracee) -> bool | None:
    t.out += [dirfd(t, t.args[0]), path(t, t.args[1])]
    layout = _TIMESPEC_PAIR
    if t.arch == "i386":
        from ..structs.compat32 import TIMESPEC32_PAIR_FAST

        layout = TIMESPEC32_PAIR_FAST.st
    data = umove(t, t.args[2], layout.size)
    if isinstance(data, str):
        t.out.append(data)
    else:
        s1, n1, s2, n2 = layout.unpack(data)
        t.out.append(f"[{_utime_ts(s1, n1)}, {_utime_ts(s2, n2)}]")
    t.out.append(_at(t, 3))
    return None


@syscall("truncate")
def truncate(t: Tracee) -> bool | None:
    t.out += [path(t, t.args[0]), str(t.args[1])]
    return None


@syscall("ftruncate")
def ftruncate(t: Tracee) -> bool | None:
    t.out += [fd(t, t.args[0]), str(t.args[1])]
    return None

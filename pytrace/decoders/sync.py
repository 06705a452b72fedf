"""sync, syncfs, fsync, fdatasync, sync_file_range, fallocate, fadvise64, flock,
memfd_create: single-descriptor calls (strace's sync_file_range.c, fallocate.c, fadvise.c,
flock in file.c, memfd_create.c)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..printers import cstr, fd, flags, xlat, xval
from ._consts import consts
from .registry import RVAL_FD, syscall

if TYPE_CHECKING:
    from ..tracee import Tracee

MFD_HUGE_SHIFT, MFD_HUGE_MASK = consts("MFD_HUGE_SHIFT MFD_HUGE_MASK")


@syscall("sync")
def sync(t: Tracee) -> None:
    return None


@syscall("syncfs", "fsync", "fdatasync")
def fsync(t: Tracee) -> None:
    t.out.append(fd(t, t.args[0]))


@syscall("sync_file_range")
def sync_file_range(t: Tracee) -> None:
    t.out.append(fd(t, t.args[0]))
    t.out.append(str(t.larg(1)))
    t.out.append(str(t.larg(2)))
    t.out.append(flags(t.iarg(3), xlat("sync_file_range_flags"), "SYNC_FILE_RANGE_???"))


@syscall("fallocate")
def fallocate(t: Tracee) -> None:
    if t.arch == "i386":
        from .compat32 import fallocate_i386

        return fallocate_i386(t)
    t.out.append(fd(t, t.args[0]))
    t.out.append(flags(t.iarg(1), xlat("falloc_flags"), "FALLOC_FL_???"))
    t.out.append(str(t.larg(2)))
    t.out.append(str(t.larg(3)))


@syscall("fadvise64")
def fadvise64(t: Tracee) -> None:
    t.out.append(fd(t, t.args[0]))
    t.out.append(str(t.larg(1)))
    t.out.append(str(t.larg(2)))
    t.out.append(xval(t.sarg(3) & 0xFFFFFFFF, xlat("advise"), "POSIX_FADV_???"))


@syscall("flock")
def flock(t: Tracee) -> None:
    t.out.append(fd(t, t.args[0]))
    t.out.append(flags(t.iarg(1), xlat("flockcmds"), "LOCK_???"))


@syscall("memfd_create", ret=RVAL_FD)
def memfd_create(t: Tracee) -> None:
    t.out.append(cstr(t, t.args[0]))
    v = t.iarg(1)
    if not v:
        t.out.append("0")
        return
    mask = MFD_HUGE_MASK << MFD_HUGE_SHIFT
    huge = v & mask
    v &= ~mask
    parts = []
    if v or not huge:
        parts.append(flags(v, xlat("memfd_create_flags"), "MFD_???"))
    if huge:
        parts.append(f"{huge >> MFD_HUGE_SHIFT}<<MFD_HUGE_SHIFT")
    t.out.append("|".join(parts))

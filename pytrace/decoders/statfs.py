"""statfs and fstatfs (strace's src/statfs.c, fstatfs.c, print_statfs.c): struct statfs with
f_type names and f_flags."""

from __future__ import annotations

from typing import TYPE_CHECKING

import construct as cs

from ..printers import fd, flags, hexval, path, xlat, xval
from ..structs.lower import Lowered
from ._umove import umove
from .registry import syscall

if TYPE_CHECKING:
    from ..tracee import Tracee

# struct statfs on 64-bit Linux (<asm-generic/statfs.h>, __statfs_word = long).
statfs_decl = cs.Struct(
    "f_type" / cs.Int64sl,
    "f_bsize" / cs.Int64sl,
    "f_blocks" / cs.Int64ul,
    "f_bfree" / cs.Int64ul,
    "f_bavail" / cs.Int64ul,
    "f_files" / cs.Int64ul,
    "f_ffree" / cs.Int64ul,
    "f_fsid0" / cs.Int32sl,
    "f_fsid1" / cs.Int32sl,
    "f_namelen" / cs.Int64sl,
    "f_frsize" / cs.Int64sl,
    "f_flags" / cs.Int64sl,
    cs.Padding(32),
)
STATFS = Lowered(statfs_decl)


def format_statfs(data: bytes, layout: Lowered = STATFS) -> str:
    """``{f_type=EXT2_SUPER_MAGIC, f_bsize=4096, ...}`` from the structure's bytes; ``layout``:
    x86_64's struct statfs, or an i386 struct statfs / statfs64 (same fields)."""
    s = layout.unpack(data)
    u = (1 << 64) - 1
    return (
        f"{{f_type={xval(s.f_type & u, xlat('fsmagic'))}, f_bsize={s.f_bsize & u}, "
        f"f_blocks={s.f_blocks}, f_bfree={s.f_bfree}, f_bavail={s.f_bavail}, "
        f"f_files={s.f_files}, f_ffree={s.f_ffree}, "
        f"f_fsid={{val=[{hexval(s.f_fsid0 & 0xFFFFFFFF)}, {hexval(s.f_fsid1 & 0xFFFFFFFF)}]}}, "
        f"f_namelen={s.f_namelen & u}, f_frsize={s.f_frsize & u}, "
        f"f_flags={flags(s.f_flags & u, xlat('statfs_flags'), 'ST_???')}}}"
    )


def _buf(t: Tracee) -> None:
    if t.arch == "i386":
        from .compat32 import statfs32_exit

        return statfs32_exit(t)
    got = umove(t, t.args[1], STATFS.size)
    t.out.append(got if isinstance(got, str) else format_statfs(got))


@syscall("statfs")
def statfs(t: Tracee) -> bool | None:
    if not t.exiting:
        t.out.append(path(t, t.args[0]))
        return True
    _buf(t)
    return None


@syscall("fstatfs")
def fstatfs(t: Tracee) -> bool | None:
    if not t.exiting:
        t.out.append(fd(t, t.args[0]))
        return True
    _buf(t)
    return None

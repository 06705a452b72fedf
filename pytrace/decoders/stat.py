"""stat, fstat, lstat, newfstatat (strace's stat.c, print_struct_stat.c) and statx (statx.c)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import printers
from ..printers import dirfd, fd, flags, hexval, path, xlat
from ..structs._layouts import STAT as STAT_FAST
from ..structs._layouts import STATX as STATX_FAST
from ._consts import named
from ._modes import S_IFBLK, S_IFCHR, S_IFMT, abbrev, dev, symbolic_mode, time_comment
from ._umove import umove
from .registry import syscall

if TYPE_CHECKING:
    from ..tracee import Tracee

(AT_STATX_SYNC_TYPE,) = named("at_statx_sync_types", "AT_STATX_SYNC_TYPE")
(STATX_TYPE, STATX_MODE, STATX_NLINK, STATX_UID, STATX_GID, STATX_ATIME, STATX_MTIME, STATX_CTIME, STATX_INO,
 STATX_SIZE, STATX_BLOCKS, STATX_BTIME, STATX_MNT_ID, STATX_DIOALIGN) = named(
    "statx_masks", "STATX_TYPE STATX_MODE STATX_NLINK STATX_UID STATX_GID STATX_ATIME STATX_MTIME STATX_CTIME"
    " STATX_INO STATX_SIZE STATX_BLOCKS STATX_BTIME STATX_MNT_ID STATX_DIOALIGN")


def format_stat(st: object, full: bool) -> str:
    """A decoded struct stat: ``{st_mode=S_IFREG|0644, st_size=34547, ...}`` or, with
    ``full``, every field with time comments."""
    s = st  # named tuple from STAT_FAST
    f: list[str] = []
    if full:
        f += [
            f"st_dev={dev(s.st_dev)}", f"st_ino={s.st_ino}", f"st_mode={symbolic_mode(s.st_mode)}",
            f"st_nlink={s.st_nlink}", f"st_uid={s.st_uid}", f"st_gid={s.st_gid}",
            f"st_blksize={s.st_blksize}", f"st_blocks={s.st_blocks}",
        ]
    else:
        f.append(f"st_mode={symbolic_mode(s.st_mode)}")
    if s.st_mode & S_IFMT in (S_IFCHR, S_IFBLK):
        f.append(f"st_rdev={dev(s.st_rdev)}")
    else:
        f.append(f"st_size={s.st_size}")
    if full:
        for name in ("atime", "mtime", "ctime"):
            sec, nsec = getattr(s, "st_" + name), getattr(s, f"st_{name}_nsec")
            f.append(f"st_{name}={sec}{time_comment(sec, nsec)}")
            f.append(f"st_{name}_nsec={nsec}")
    else:
        f.append("...")
    return "{" + ", ".join(f) + "}"


_STAT_VALUES = STAT_FAST.st.unpack_from
_I_MODE = STAT_FAST.names.index("st_mode")
_I_RDEV = STAT_FAST.names.index("st_rdev")
_I_SIZE = STAT_FAST.names.index("st_size")
_MODES: dict[tuple[int, int], str] = {}  # (st_mode, -X style) -> symbolic_mode text


def _statbuf(t: Tracee, a: int) -> str:
    if t.arch == "i386":
        from .compat32 import stat32_at

        return stat32_at(t, a)
    data = umove(t, a, STAT_FAST.size)
    if isinstance(data, str):
        return data
    if not abbrev(t):
        return format_stat(STAT_FAST.unpack(data), True)
    # The abbreviated form, as format_stat(..., False) prints it, without the named tuple.
    v = _STAT_VALUES(data)
    mode = v[_I_MODE]
    key = (mode, printers.xlat_style)
    text = _MODES.get(key)
    if text is None:
        text = _MODES[key] = symbolic_mode(mode)
    if mode & S_IFMT in (S_IFCHR, S_IFBLK):
        return f"{{st_mode={text}, st_rdev={dev(v[_I_RDEV])}, ...}}"
    return f"{{st_mode={text}, st_size={v[_I_SIZE]}, ...}}"


def _at_flags(t: Tracee, i: int) -> str:
    return flags(t.iarg(i), xlat("at_flags"), "AT_???")


@syscall("stat", "lstat")
def stat(t: Tracee) -> bool | None:
    if not t.exiting:
        t.out.append(path(t, t.args[0]))
        return True
    t.out.append(_statbuf(t, t.args[1]))
    return None


@syscall("fstat")
def fstat(t: Tracee) -> bool | None:
    if not t.exiting:
        t.out.append(fd(t, t.args[0]))
        return True
    t.out.append(_statbuf(t, t.args[1]))
    return None


@syscall("newfstatat")
def newfstatat(t: Tracee) -> bool | None:
    if not t.exiting:
        t.out += [dirfd(t, t.args[0]), path(t, t.args[1])]
        return True
    t.out += [_statbuf(t, t.args[2]), _at_flags(t, 3)]
    return None


def _stx_time(s: object, name: str) -> str:
    sec, nsec = getattr(s, name + "_sec"), getattr(s, name + "_nsec")
    return f"{name}={{tv_sec={sec}, tv_nsec={nsec}}}{time_comment(sec, nsec)}"


def format_statx(s: object, full: bool) -> str:
    """A decoded struct statx, as strace 6.1's statx.c prints it: a field whose bit is not in
    the returned stx_mask is left out (blksize, attributes and the device numbers always print)."""
    attrs = xlat("statx_attrs")
    mask = s.stx_mask  # type: ignore[attr-defined]
    f = [f"stx_mask={flags(mask, xlat('statx_masks'), 'STATX_???')}"]
    if full:
        f.append(f"stx_blksize={s.stx_blksize}")  # type: ignore[attr-defined]
    f.append(f"stx_attributes={flags(s.stx_attributes, attrs, 'STATX_ATTR_???')}")  # type: ignore[attr-defined]
    if full:
        for bit, name in ((STATX_NLINK, "stx_nlink"), (STATX_UID, "stx_uid"), (STATX_GID, "stx_gid")):
            if mask & bit:
                f.append(f"{name}={getattr(s, name)}")
    if mask & (STATX_TYPE | STATX_MODE):
        f.append(f"stx_mode={symbolic_mode(s.stx_mode)}")  # type: ignore[attr-defined]
    if full and mask & STATX_INO:
        f.append(f"stx_ino={s.stx_ino}")  # type: ignore[attr-defined]
    if mask & STATX_SIZE:
        f.append(f"stx_size={s.stx_size}")  # type: ignore[attr-defined]
    if not full:
        f.append("...")
        return "{" + ", ".join(f) + "}"
    if mask & STATX_BLOCKS:
        f.append(f"stx_blocks={s.stx_blocks}")  # type: ignore[attr-defined]
    f.append(f"stx_attributes_mask={flags(s.stx_attributes_mask, attrs, 'STATX_ATTR_???')}")  # type: ignore[attr-defined]
    for bit, name in ((STATX_ATIME, "stx_atime"), (STATX_BTIME, "stx_btime"), (STATX_CTIME, "stx_ctime"),
                      (STATX_MTIME, "stx_mtime")):
        if mask & bit:
            f.append(_stx_time(s, name))
    for name in ("stx_rdev_major", "stx_rdev_minor", "stx_dev_major", "stx_dev_minor"):
        f.append(f"{name}={getattr(s, name)}")
    if mask & STATX_MNT_ID:
        f.append(f"stx_mnt_id={hexval(s.stx_mnt_id)}")  # type: ignore[attr-defined]
    if mask & STATX_DIOALIGN:
        f.append(f"stx_dio_mem_align={s.stx_dio_mem_align}")  # type: ignore[attr-defined]
        f.append(f"stx_dio_offset_align={s.stx_dio_offset_align}")  # type: ignore[attr-defined]
    return "{" + ", ".join(f) + "}"


@syscall("statx")
def statx(t: Tracee) -> bool | None:
    if not t.exiting:
        fl = t.iarg(2)
        text = flags(fl & AT_STATX_SYNC_TYPE, xlat("at_statx_sync_types"))
        if fl & ~AT_STATX_SYNC_TYPE:
            text += "|" + flags(fl & ~AT_STATX_SYNC_TYPE, xlat("at_flags"))
        t.out += [
            dirfd(t, t.args[0]), path(t, t.args[1]), text,
            flags(t.iarg(3), xlat("statx_masks"), "STATX_???"),
        ]
        return True
    data = umove(t, t.args[4], STATX_FAST.size)
    t.out.append(data if isinstance(data, str) else format_statx(STATX_FAST.unpack(data), not abbrev(t)))
    return None

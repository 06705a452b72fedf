"""File system ioctls (strace's src/fs_x_ioctl.c, fs_f_ioctl.c, fs_0x94_ioctl.c): clone, trim, freeze."""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

import construct as cs

from ... import printers
from ._util import DEFAULT, LATER, PRINTED, num_int, umove

if TYPE_CHECKING:
    from ...tracee import Tracee

FIFREEZE, FITHAW, FITRIM = 0xC0045877, 0xC0045878, 0xC0185879
FICLONE, FICLONERANGE = 0x40049409, 0x4020940D
FIGETBSZ = 0x2
FS_IOC_GETVERSION, FS_IOC_SETVERSION = 0x80087601, 0x40087602

FstrimRange = cs.Struct("start" / cs.Int64ul, "len" / cs.Int64ul, "minlen" / cs.Int64ul)
FileCloneRange = cs.Struct("src_fd" / cs.Int64sl, "src_offset" / cs.Int64ul,
                           "src_length" / cs.Int64ul, "dest_offset" / cs.Int64ul)
_Q3 = struct.Struct("<QQQ")
_CLONE = struct.Struct("<qQQQ")


def fs_x(t: Tracee, code: int, arg: int) -> int:
    if code in (FIFREEZE, FITHAW):
        return PRINTED
    if code == FITRIM:
        if t.exiting:
            return PRINTED
        d = umove(t, arg, _Q3.size)
        if isinstance(d, str):
            t.out.append(d)
        else:
            s, ln, m = _Q3.unpack(d)
            t.out.append(f"{{start={s:#x}, len={ln}, minlen={m}}}" if s else
                         f"{{start=0, len={ln}, minlen={m}}}")
        return PRINTED
    return DEFAULT


def fs_f(t: Tracee, code: int, arg: int) -> int:
    if code == FIGETBSZ:
        if not t.exiting:
            return LATER
        t.out.append(num_int(t, arg))
        return PRINTED
    return DEFAULT


def fs_0x94(t: Tracee, code: int, arg: int) -> int:
    if code == FICLONE:
        t.out.append(printers.fd(t, arg))
        return PRINTED
    if code == FICLONERANGE:
        d = umove(t, arg, _CLONE.size)
        if isinstance(d, str):
            t.out.append(d)
        else:
            fd, off, ln, dst = _CLONE.unpack(d)
            t.out.append(f"{{src_fd={printers.fd(t, fd)}, src_offset={off}, src_length={ln}, "
                         f"dest_offset={dst}}}")
        return PRINTED
    return DEFAULT

"""File system ioctls (strace's src/fs_x_ioctl.c, fs_f_ioctl.c, fs_0x94_ioctl.c): clone, dedupe,
trim, freeze, inode flags, fsxattr, fiemap."""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

import construct as cs

from ... import printers
from ...structs.lower import Lowered
from .._print_array import abbrev, print_array
from ._util import DEFAULT, LATER, PRINTED, num_int, req, reqs, umove

if TYPE_CHECKING:
    from ...tracee import Tracee

FIFREEZE, FITHAW, FITRIM = reqs("FIFREEZE FITHAW FITRIM")
FICLONE, FICLONERANGE = reqs("FICLONE FICLONERANGE")
FIGETBSZ = req("FIGETBSZ")
FS_IOC_GETVERSION, FS_IOC_SETVERSION = reqs("FS_IOC_GETVERSION FS_IOC_SETVERSION")

FstrimRange = cs.Struct("start" / cs.Int64ul, "len" / cs.Int64ul, "minlen" / cs.Int64ul)
FileCloneRange = cs.Struct("src_fd" / cs.Int64sl, "src_offset" / cs.Int64ul,
                           "src_length" / cs.Int64ul, "dest_offset" / cs.Int64ul)
_Q3 = struct.Struct("<QQQ")
_CLONE = struct.Struct("<qQQQ")

FS_IOC_FSGETXATTR, FS_IOC_FSSETXATTR = req("FS_IOC_FSGETXATTR"), req("FS_IOC_FSSETXATTR")
FS_IOC_GETFLAGS, FS_IOC_SETFLAGS = req("FS_IOC_GETFLAGS"), req("FS_IOC_SETFLAGS")
FS_IOC32_GETFLAGS, FS_IOC32_SETFLAGS = req("FS_IOC32_GETFLAGS"), req("FS_IOC32_SETFLAGS")
FS_IOC_FIEMAP = req("FS_IOC_FIEMAP")
FIDEDUPERANGE = req("FIDEDUPERANGE")

Fsxattr = cs.Struct("fsx_xflags" / cs.Int32ul, "fsx_extsize" / cs.Int32ul, "fsx_nextents" / cs.Int32ul,
                    "fsx_projid" / cs.Int32ul, "fsx_cowextsize" / cs.Int32ul, cs.Padding(8))
Fiemap = cs.Struct("fm_start" / cs.Int64ul, "fm_length" / cs.Int64ul, "fm_flags" / cs.Int32ul,
                   "fm_mapped_extents" / cs.Int32ul, "fm_extent_count" / cs.Int32ul,
                   "fm_reserved" / cs.Int32ul)
FiemapExtent = cs.Struct("fe_logical" / cs.Int64ul, "fe_physical" / cs.Int64ul,
                         "fe_length" / cs.Int64ul, cs.Padding(16), "fe_flags" / cs.Int32ul, cs.Padding(12))
DedupeRange = cs.Struct("src_offset" / cs.Int64ul, "src_length" / cs.Int64ul,
                        "dest_count" / cs.Int16ul, "reserved1" / cs.Int16ul, "reserved2" / cs.Int32ul)
DedupeInfo = cs.Struct("dest_fd" / cs.Int64sl, "dest_offset" / cs.Int64ul, "bytes_deduped" / cs.Int64ul,
                       "status" / cs.Int32sl, "reserved" / cs.Int32ul)
FSXATTR, FIEMAP, EXTENT = Lowered(Fsxattr), Lowered(Fiemap), Lowered(FiemapExtent)
DEDUPE, DEDUPE_INFO = Lowered(DedupeRange), Lowered(DedupeInfo)


def _fsxattr(t: Tracee, arg: int, get: bool) -> str:
    d = umove(t, arg, FSXATTR.size)
    if isinstance(d, str):
        return d
    s = FSXATTR.unpack(d)
    xf = printers.flags(s.fsx_xflags, printers.xlat("fs_xflags"), "FS_XFLAG_???")
    next = f", fsx_nextents={s.fsx_nextents}" if get else ""
    return (f"{{fsx_xflags={xf}, fsx_extsize={s.fsx_extsize}{next}, "
            f"fsx_projid={printers.hexval(s.fsx_projid)}, fsx_cowextsize={s.fsx_cowextsize}}}")


def _inode_flags(t: Tracee, arg: int) -> str:
    d = umove(t, arg, 4)
    if isinstance(d, str):
        return d
    v = int.from_bytes(d, "little")
    return "[" + printers.flags(v, printers.xlat("fs_ioc_flags"), "FS_???_FL") + "]"


def _extent(t: Tracee, d: bytes) -> str:
    e = EXTENT.unpack(d)
    fl = printers.flags(e.fe_flags, printers.xlat("fiemap_extent_flags"), "FIEMAP_EXTENT_???")
    return (f"{{fe_logical={e.fe_logical}, fe_physical={e.fe_physical}, fe_length={e.fe_length}, "
            f"fe_flags={fl}}}")


def _fiemap(t: Tracee, arg: int) -> int:
    """Input on entry, ``=> {fm_flags, fm_mapped_extents, ...}`` on exit (extents under -v)."""
    fmf = printers.xlat("fiemap_flags")
    if not t.exiting:
        d = umove(t, arg, FIEMAP.size)
        if isinstance(d, str):
            t.out.append(d)
            return PRINTED
        s = FIEMAP.unpack(d)
        t.data = (f"{{fm_start={s.fm_start}, fm_length={s.fm_length}, "
                  f"fm_flags={printers.flags(s.fm_flags, fmf, 'FIEMAP_FLAG_???')}, "
                  f"fm_extent_count={s.fm_extent_count}}}")
        return LATER
    text = t.data if isinstance(t.data, str) else printers.addr(arg)
    if not t.is_error:
        d = umove(t, arg, FIEMAP.size)
        if isinstance(d, str):
            text += " => " + d
        else:
            s = FIEMAP.unpack(d)
            text += (f" => {{fm_flags={printers.flags(s.fm_flags, fmf, 'FIEMAP_FLAG_???')}, "
                     f"fm_mapped_extents={s.fm_mapped_extents}, ")
            if abbrev(t):
                text += "...}"
            else:
                ext = print_array(t, arg + FIEMAP.size, s.fm_mapped_extents, EXTENT.size,
                                  lambda b: _extent(t, b))
                text += f"fm_extents={ext}}}"
    t.out.append(text)
    return PRINTED


def _dedupe(t: Tracee, arg: int) -> int:
    """``{src_offset, src_length, dest_count, info=[{dest_fd, dest_offset}...]}``; results on exit."""
    if t.exiting:
        text = t.data[0]
        if not t.is_error:
            info = print_array(t, t.data[1], t.data[2], DEDUPE_INFO.size, _dedupe_out)
            text += f"}} => {{info={info}"
        t.out.append(text + "}")
        return PRINTED
    d = umove(t, arg, DEDUPE.size)
    if isinstance(d, str):
        t.out.append(d)
        return PRINTED
    s = DEDUPE.unpack(d)
    base = arg + DEDUPE.size
    info = print_array(t, base, s.dest_count, DEDUPE_INFO.size, lambda b: _dedupe_in(t, b))
    t.data = (f"{{src_offset={s.src_offset}, src_length={s.src_length}, dest_count={s.dest_count}, "
              f"info={info}", base, s.dest_count)
    return LATER


def _dedupe_in(t: Tracee, b: bytes) -> str:
    i = DEDUPE_INFO.unpack(b)
    return f"{{dest_fd={printers.fd(t, i.dest_fd & 0xFFFFFFFFFFFFFFFF)}, dest_offset={i.dest_offset}}}"


def _dedupe_out(b: bytes) -> str:
    i = DEDUPE_INFO.unpack(b)
    return f"{{bytes_deduped={i.bytes_deduped}, status={i.status}}}"


def fs_x(t: Tracee, code: int, arg: int) -> int:
    if code == FS_IOC_FSGETXATTR:
        if not t.exiting:
            return LATER
        t.out.append(_fsxattr(t, arg, True))
        return PRINTED
    if code == FS_IOC_FSSETXATTR:
        t.out.append(_fsxattr(t, arg, False))
        return PRINTED
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
    if code == FS_IOC_FIEMAP:
        return _fiemap(t, arg)
    if code in (FS_IOC_GETFLAGS, FS_IOC32_GETFLAGS, FS_IOC_SETFLAGS, FS_IOC32_SETFLAGS):
        if code in (FS_IOC_GETFLAGS, FS_IOC32_GETFLAGS) and not t.exiting:
            return LATER
        t.out.append(_inode_flags(t, arg))
        return PRINTED
    if code == FIGETBSZ:
        if not t.exiting:
            return LATER
        t.out.append(num_int(t, arg))
        return PRINTED
    return DEFAULT


def fs_0x94(t: Tracee, code: int, arg: int) -> int:
    if code == FIDEDUPERANGE:
        return _dedupe(t, arg)
    if code == FICLONE:  # strace 6.1 prints the source fd as a plain int, even under -y
        t.out.append(str((arg & 0xFFFFFFFF) - ((arg & 0x80000000) << 1)))
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

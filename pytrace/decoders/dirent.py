"""getdents64 and getdents (strace's dirent64.c, dirent.c, xgetdents.c)."""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

from ..printers import addr, const, fd, xlat, xval
from ..quote import quote
from ._modes import abbrev, verbose
from .registry import syscall

if TYPE_CHECKING:
    from ..tracee import Tracee

DIRENT64_HEAD = struct.Struct("<QQHB")  # d_ino, d_off, d_reclen, d_type; d_name follows
DIRENT_HEAD = struct.Struct("<QQH")  # linux_dirent: d_ino, d_off, d_reclen; d_name; d_type last
D_NAME_LEN_MAX = const("D_NAME_LEN_MAX")


def _name(t: Tracee, a: int, n: int) -> str:
    got = t.mem.read_cstring(a, n)
    if got is None:
        return "%#x" % a
    data, terminated = got
    return quote(data, t.cfg.xflag) + ("" if terminated else "...")


_RECLEN = struct.Struct("<H")  # d_reclen, at offset 16 in both layouts


def _count(t: Tracee, a: int, length: int, hsize: int) -> str | None:
    """The abbreviated form (``0x... /* 5 entries */``) from one read of the whole buffer;
    None when part of it cannot be read (then :func:`_dents` reads entry by entry)."""
    data = t.mem.read_upto(a, length)
    if data is None or len(data) < length:
        return None
    count = 0
    pos = 0
    unpack = _RECLEN.unpack_from
    while length >= hsize:
        count += 1
        reclen = unpack(data, pos + 16)[0]
        if reclen > length:
            length = 0
            break
        if reclen < hsize:
            length -= hsize
            break
        length -= reclen
        pos += reclen
    return f"{addr(a)} /* {count}{'+' if length else ''} entries */"


def _dents(t: Tracee, a: int, length: int, is64: bool) -> str:
    if length > 0 and abbrev(t):
        fast = _count(t, a, length, 19 if is64 else 18)
        if fast is not None:
            return fast
    head = DIRENT64_HEAD if is64 else DIRENT_HEAD
    hsize = 19 if is64 else 18
    full = not abbrev(t)
    out: list[str] = [] if full else [addr(a)]
    entries: list[str] = []
    count = 0
    tail = ""
    while True:
        if length < hsize:
            if full and length:
                data = t.mem.read(a, length)
                tail = quote(data, 2) if data is not None else "%#x" % a
            break
        raw = t.mem.read(a, hsize)
        if raw is None:
            if full:
                tail = ("... /* %#x */" % a) if count else "%#x" % a
            break
        count += 1
        if is64:
            ino, off, reclen, dtype = head.unpack_from(raw)
        else:
            ino, off, reclen = head.unpack_from(raw)
            dtype = -1
        comment = ""
        next_len = 0
        nxt = 0
        if reclen > length:
            comment = " /* %s%u bytes overflow */" % ("" if full else "d_reclen ", reclen - length)
            reclen = length
        elif reclen < hsize:
            comment = " /* %s%u bytes underflow */" % ("" if full else "d_reclen ", hsize - reclen)
            reclen = hsize
            next_len = length - hsize
        else:
            next_len = length - reclen
            if next_len:
                nxt = a + reclen
        length = next_len
        if full:
            f = [f"d_ino={ino}", f"d_off={off}", f"d_reclen={reclen}"]
            nlen = reclen - hsize
            if is64:
                f.append(f"d_type={xval(dtype, xlat('dirent_types'), 'DT_???')}")
                if nlen:
                    f.append(f"d_name={_name(t, a + hsize, min(nlen, D_NAME_LEN_MAX))}")
            else:
                f.append(f"d_name={_name(t, a + hsize, min(nlen, D_NAME_LEN_MAX))}")
                tb = t.mem.read(a + reclen - 1, 1)
                f.append("d_type=" + (xval(tb[0], xlat("dirent_types"), "DT_???") if tb else "?"))
            entries.append(comment + "{" + ", ".join(f) + "}")
        if not nxt:
            break
        a = nxt
    if full:
        if count or not length:
            body = ", ".join(entries)
            if tail:
                body = body + (", " if entries and tail.startswith("...") else "") + tail
            out.append("[" + body + "]")
        else:
            out.append(tail)
    else:
        out.append(f"/* {count}{'+' if length else ''} entries */")
    return " ".join(out)


def _getdents(t: Tracee, is64: bool) -> bool | None:
    if not t.exiting:
        t.out.append(fd(t, t.args[0]))
        return True
    count = t.iarg(2)
    if t.is_error or not verbose(t) or t.rval > count:
        t.out.append(addr(t.args[1]))
    else:
        t.out.append(_dents(t, t.args[1], t.rval, is64))
    t.out.append(str(count))
    return None


@syscall("getdents64")
def getdents64(t: Tracee) -> bool | None:
    return _getdents(t, True)


@syscall("getdents")
def getdents(t: Tracee) -> bool | None:
    if t.arch == "i386":
        from .compat32 import getdents_i386

        return getdents_i386(t)
    return _getdents(t, False)

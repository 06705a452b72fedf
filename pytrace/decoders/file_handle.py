"""name_to_handle_at, open_by_handle_at as strace 6.1 prints them (src/file_handle.c)."""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

from ..printers import addr, const, dirfd, fd, flags, path, xlat
from ..quote import HEX_ALL, quote
from ._modes import open_modes
from ._umove import fetch, umove
from .registry import syscall

if TYPE_CHECKING:
    from ..tracee import Tracee

_HEADER = struct.Struct("<Ii")  # handle_bytes, handle_type
MAX_HANDLE_SZ = const("MAX_HANDLE_SZ")
EOVERFLOW = const("EOVERFLOW")


def f_handle(t: Tracee, a: int, nbytes: int) -> str:
    n = min(nbytes, MAX_HANDLE_SZ)
    data = t.mem.read(a + _HEADER.size, n)
    if data is None:
        return "???"
    return quote(data, HEX_ALL) + ("..." if nbytes > n else "")


def _flags(t: Tracee) -> str:
    return flags(t.iarg(4), xlat("name_to_handle_at_flags"), "AT_???")


@syscall("name_to_handle_at", glue=True)
def name_to_handle_at(t: Tracee) -> bool | None:
    a = t.args[2]
    if not t.exiting:
        t.out += [dirfd(t, t.args[0]), path(t, t.args[1])]
        got = umove(t, a, _HEADER.size)
        if isinstance(got, str):
            t.out += [got, addr(t.args[3]), _flags(t)]
            t.data = None
            return None
        t.data = _HEADER.unpack(got)[0]
        t.out.append(f"{{handle_bytes={t.data}")
        return True
    text = ""
    if not t.is_error or -t.rval == EOVERFLOW:
        got = fetch(t, a, _HEADER.size)
        if got is not None:
            nbytes, htype = _HEADER.unpack(got)
            if nbytes != t.data:
                text += f" => {nbytes}"
            if not t.is_error:
                text += f", handle_type={htype}, f_handle={f_handle(t, a, nbytes)}"
    mount_id = umove(t, t.args[3], 4)
    mid = mount_id if isinstance(mount_id, str) else "[%d]" % struct.unpack("<i", mount_id)[0]
    t.out += [text + "}", mid, _flags(t)]
    return None


@syscall("open_by_handle_at")
def open_by_handle_at(t: Tracee) -> None:
    a = t.args[1]
    got = umove(t, a, _HEADER.size)
    if isinstance(got, str):
        handle = got
    else:
        nbytes, htype = _HEADER.unpack(got)
        handle = f"{{handle_bytes={nbytes}, handle_type={htype}, f_handle={f_handle(t, a, nbytes)}}}"
    t.out += [fd(t, t.args[0]), handle, open_modes(t.iarg(2))]

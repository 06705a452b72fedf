"""NETLINK_GENERIC: nlmsg_type is a family id, printed as the family's name. strace 6.1 asks
the kernel for the families (CTRL_CMD_GETFAMILY dump); pytrace does the same once, and also
learns ids from CTRL_CMD_NEWFAMILY replies seen in the trace. Payloads print as hex, as in
strace 6.1."""

from __future__ import annotations

import os
import socket
import struct

from ..printers import Xlat, xval
from . import message
from .core import NLA, Ctx

GENL_ID_CTRL = 0x10
_FAMILIES: dict[int, str] = {}
_asked = False


def _parse_families(data: bytes) -> None:
    """Record (id, name) from every CTRL_CMD_NEWFAMILY message in ``data``."""
    off = 0
    while off + 20 <= len(data):
        ln, typ = struct.unpack_from("<IH", data, off)
        if ln < 16 or off + ln > len(data):
            break
        if typ == GENL_ID_CTRL and data[off + 16] == 1:  # CTRL_CMD_NEWFAMILY
            fid, name = None, None
            a = off + 20
            while a + 4 <= off + ln:
                alen, atype = NLA.unpack_from(data, a)
                if alen < 4:
                    break
                body = data[a + 4 : a + alen]
                if atype & 0x3FFF == 1 and len(body) >= 2:
                    fid = struct.unpack_from("<H", body)[0]
                elif atype & 0x3FFF == 2:
                    name = body.split(b"\0", 1)[0].decode("ascii", "replace")
                a += (alen + 3) & ~3
            if fid is not None and name:
                _FAMILIES[fid] = name
        off += (ln + 3) & ~3


def ask_kernel() -> None:
    """Dump the generic netlink families of pytrace's network namespace (as strace does)."""
    global _asked
    _asked = True
    try:
        s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW | socket.SOCK_CLOEXEC, 16)
    except OSError:
        return
    try:
        s.settimeout(1.0)
        s.sendto(struct.pack("<IHHII", 20, GENL_ID_CTRL, 0x301, 1, 0) + bytes([3, 1, 0, 0]),
                 (0, 0))
        for _ in range(64):
            data = s.recv(65536)
            _parse_families(data)
            if not data or struct.unpack_from("<H", data, 4)[0] in (2, 3) or _done(data):
                break
    except OSError:
        pass
    finally:
        s.close()


def _done(data: bytes) -> bool:
    off = 0
    last = 0
    while off + 16 <= len(data):
        ln, last = struct.unpack_from("<IH", data, off)
        if ln < 16:
            break
        off += (ln + 3) & ~3
    return last in (2, 3)


def family_type(ctx: Ctx, t: int) -> str:
    if t not in _FAMILIES and not _asked and os.environ.get("PYTRACE_NO_GENL_QUERY") is None:
        ask_kernel()
    pairs = tuple(sorted(_FAMILIES.items()))
    return xval(t, Xlat("genl_families", tuple((v, n) for v, n in pairs)), "GENERIC_FAMILY_???")


def generic(ctx: Ctx, t: int, f: int, buf: bytes, off: int, length: int) -> str | None:
    if t == GENL_ID_CTRL:
        _parse_families(buf[off - 16 : off + length])
    return None


message.TYPE_PRINTERS[message.NETLINK_GENERIC] = family_type
message.PAYLOADS[message.NETLINK_GENERIC] = generic

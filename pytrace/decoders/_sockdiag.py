"""What -yy prints for a socket: its protocol and addresses, asked of the kernel with
NETLINK_SOCK_DIAG queries and cached by inode as strace does (src/socketutils.c)."""

from __future__ import annotations

import os
import socket
import struct
from collections.abc import Callable

from ..quote import quote
from ._consts import consts, named

SOCK_DIAG_BY_FAMILY, NDIAG_PROTO_ALL, UNIX_PATH_MAX = consts("SOCK_DIAG_BY_FAMILY NDIAG_PROTO_ALL UNIX_PATH_MAX")
(NETLINK_SOCK_DIAG,) = named("netlink_protocols", "NETLINK_SOCK_DIAG")
NLM_F_REQUEST, NLM_F_DUMP = named("netlink_flags", "NLM_F_REQUEST") + named("netlink_get_flags", "NLM_F_DUMP")
NLMSGHDR = struct.Struct("<IHHII")
UDIAG_SHOW_NAME, UDIAG_SHOW_PEER = named("unix_diag_show", "UDIAG_SHOW_NAME UDIAG_SHOW_PEER")
UNIX_DIAG_NAME, UNIX_DIAG_PEER = named("unix_diag_attrs", "UNIX_DIAG_NAME UNIX_DIAG_PEER")
AF_INET, AF_INET6 = named("addrfams", "AF_INET AF_INET6")

# sockprotoname -> (family, protocol) for inet_diag
_PROTOS = (
    ("TCP", "IPPROTO_TCP"), ("UDP", "IPPROTO_UDP"), ("UDPLITE", "IPPROTO_UDPLITE"),
    ("DCCP", "IPPROTO_DCCP"), ("SCTP", "IPPROTO_SCTP"), ("L2TP/IP", "IPPROTO_L2TP"),
    ("PING", "IPPROTO_ICMP"), ("RAW", "IPPROTO_RAW"),
)
_INET: dict[str, tuple[int, int]] = {
    name + suffix: (fam, proto)
    for fam, suffix in ((AF_INET, ""), (AF_INET6, "v6"))
    for (name, _), proto in zip(_PROTOS, named("inet_protocols", " ".join(p for _, p in _PROTOS)), strict=True)
}
_UNIX = frozenset({"UNIX", "UNIX-STREAM"})

_CACHE: dict[int, tuple[int, str]] = {}  # inode & 1023 -> (inode, details)


def _cached(inode: int) -> str | None:
    e = _CACHE.get(inode & 1023)
    return e[1] if e is not None and e[0] == inode else None


def _send(fd: socket.socket, payload: bytes, flags: int) -> bool:
    msg = NLMSGHDR.pack(NLMSGHDR.size + len(payload), SOCK_DIAG_BY_FAMILY, flags, 0, 0) + payload
    try:
        fd.sendto(msg, (0, 0))
    except OSError:
        return False
    return True


def _receive(fd: socket.socket, inode: int, parse: Callable[[bytes, int], int]) -> bool:
    """Read responses until ``parse`` finds ``inode`` (>0) or gives up (<0)."""
    flags = 0
    while True:
        try:
            data = fd.recv(8192, flags)
        except InterruptedError:
            continue
        except OSError:
            return False
        pos = 0
        if len(data) < NLMSGHDR.size:
            return False
        while len(data) - pos >= NLMSGHDR.size:
            length, mtype, _, _, _ = NLMSGHDR.unpack_from(data, pos)
            if length < NLMSGHDR.size or length > len(data) - pos:
                break
            if mtype != SOCK_DIAG_BY_FAMILY:
                return False
            rc = parse(data[pos + NLMSGHDR.size:pos + length], inode)
            if rc:
                return rc > 0
            pos += (length + 3) & ~3
        flags = socket.MSG_DONTWAIT


def _store(inode: int, details: str) -> int:
    _CACHE[inode & 1023] = (inode, details)
    return 1


def _inet(fd: socket.socket, name: str, inode: int) -> bool:
    family, proto = _INET[name]
    req = struct.pack("<BBBBI48x", family, proto, 0, 0, 0xFFFFFFFF)
    if not _send(fd, req, NLM_F_REQUEST | NLM_F_DUMP):
        return False

    def parse(d: bytes, ino: int) -> int:
        if len(d) < 72:
            return -1
        if struct.unpack_from("<I", d, 68)[0] != ino:
            return 0
        fam = d[0]
        size = {2: 4, 10: 16}.get(fam)
        if size is None:
            return -1
        sport, dport = struct.unpack_from(">HH", d, 4)
        src, dst = d[8:8 + size], d[24:24 + size]
        ob, cb = ("[", "]") if fam == AF_INET6 else ("", "")
        s = socket.inet_ntop(fam, src)
        if dport or any(dst):
            dtext = socket.inet_ntop(fam, dst)
            return _store(ino, f"{name}:[{ob}{s}{cb}:{sport}->{ob}{dtext}{cb}:{dport}]")
        return _store(ino, f"{name}:[{ob}{s}{cb}:{sport}]")

    return _receive(fd, inode, parse)


def _unix(fd: socket.socket, name: str, inode: int) -> bool:
    req = struct.pack("<BBHIIIII", 1, 0, 0, 0xFFFFFFFF, inode, UDIAG_SHOW_NAME | UDIAG_SHOW_PEER,
                      0xFFFFFFFF, 0xFFFFFFFF)
    if not _send(fd, req, NLM_F_REQUEST):
        return False

    def parse(d: bytes, ino: int) -> int:
        if len(d) < 16:
            return -1
        if struct.unpack_from("<I", d, 4)[0] != ino:
            return 0
        if d[0] != 1:
            return -1
        peer = 0
        path: bytes | None = None
        pos = 16
        while len(d) - pos >= 4:
            alen, atype = struct.unpack_from("<HH", d, pos)
            if alen < 4 or alen > len(d) - pos:
                break
            payload = d[pos + 4:pos + alen]
            if atype == UNIX_DIAG_NAME and path is None:
                path = payload[:UNIX_PATH_MAX]
            elif atype == UNIX_DIAG_PEER and len(payload) >= 4:
                peer = struct.unpack_from("<I", payload)[0]
            pos += (alen + 3) & ~3
        if not peer and not path:
            return -1
        text = f"{name}:[{ino}"
        if peer:
            text += f"->{peer}"
        if path:
            if path[0] == 0:
                rest = path[1:]
                end = rest.find(b"\0")
                text += ",@" + quote(rest if end < 0 else rest[:end])
            else:
                end = path.find(b"\0")
                text += "," + quote(path if end < 0 else path[:end])
        return _store(ino, text + "]")

    return _receive(fd, inode, parse)


def _netlink(fd: socket.socket, name: str, inode: int) -> bool:
    req = struct.pack("<BBHIIII", 16, NDIAG_PROTO_ALL, 0, 0, 0, 0, 0)
    if not _send(fd, req, NLM_F_REQUEST | NLM_F_DUMP):
        return False

    def parse(d: bytes, ino: int) -> int:
        if len(d) < 28:
            return -1
        if struct.unpack_from("<I", d, 16)[0] != ino:
            return 0
        if d[0] != 16:
            return -1
        from ..printers import xlat

        proto = d[2]
        portid = struct.unpack_from("<I", d, 4)[0]
        pname = xlat("netlink_protocols").get(proto)
        if pname is not None:
            return _store(ino, f"{name}:[{pname.removeprefix('NETLINK_')}:{portid}]")
        return _store(ino, f"{name}:[{proto}]")

    return _receive(fd, inode, parse)


def socket_details(pid: int, fd: int, inode: int) -> str | None:
    """``TCP:[127.0.0.1:80->127.0.0.1:41000]`` or ``UNIX-STREAM:[123]``; None: print the link."""
    details = _cached(inode)
    if details is not None:
        return details
    try:
        name = os.getxattr(f"/proc/{pid}/fd/{fd}", "system.sockprotoname").rstrip(b"\0").decode()
    except (OSError, UnicodeDecodeError):
        return None
    if name in _UNIX:
        get: Callable[[socket.socket, str, int], bool] | None = _unix
    elif name in _INET:
        get = _inet
    elif name == "NETLINK":
        get = _netlink
    else:
        return None
    try:
        with socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_SOCK_DIAG) as s:
            if get(s, name, inode):
                details = _cached(inode)
    except OSError:
        details = None
    return details if details is not None else f"{name}:[{inode}]"

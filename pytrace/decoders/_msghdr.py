"""struct msghdr, mmsghdr, iovec arrays and control messages as strace prints them
(src/msghdr.c, src/mmsghdr.c, tprint_iov_upto in src/io.c). x86_64 layouts, and the i386
ones (struct compat_msghdr ...) for ``int $0x80`` calls, chosen per call by ``_abi``."""

from __future__ import annotations

import struct
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from .. import printers
from ..printers import xlat, xval
from ..quote import quote
from . import _iovec
from ._consts import consts
from ._modes import abbrev, verbose
from ._sockaddr import AF_NETLINK, format_sockaddr, ifindex, inet_addr, uid
from ._sockaddr import decode_sockaddr as _decode_sockaddr

if TYPE_CHECKING:
    from ..tracee import Tracee

MSGHDR = struct.Struct("<QI4xQQQQi4x")  # name, namelen, iov, iovlen, control, controllen, flags
MMSGHDR_SIZE = struct.calcsize(MSGHDR.format + "I4x")  # struct mmsghdr: msghdr, msg_len, padding
CMSGHDR = struct.Struct("<Qii")
(IOV_MAX,) = consts("IOV_MAX")



class Abi(NamedTuple):
    """The layouts of one personality: msghdr, mmsghdr size, cmsghdr, CMSG_ALIGN."""

    msghdr: struct.Struct
    mmsghdr_size: int
    cmsghdr: struct.Struct
    align: int


ABI64 = Abi(MSGHDR, MMSGHDR_SIZE, CMSGHDR, 8)
_abi32: Abi | None = None


def _abi(t: Tracee) -> Abi:
    global _abi32
    if t.arch != "i386":
        return ABI64
    if _abi32 is None:
        from ..structs import compat32 as L

        _abi32 = Abi(L.MSGHDR32_FAST.st, L.MMSGHDR32_FAST.size, L.CMSGHDR32_FAST.st, 4)
    return _abi32


SCM_RIGHTS, SCM_CREDENTIALS, SCM_SECURITY = 1, 2, 3
SOL_IP, SOL_SOCKET = 0, 1


def _array(t: Tracee, items: list[str]) -> str:
    """A local array, cut after -s elements with ``...`` (print_local_array)."""
    n = t.cfg.string_limit
    if abbrev(t) and len(items) > n:
        items = [*items[:n], "..."]
    return "[" + ", ".join(items) + "]"


def sockbuf(t: Tracee, fd: int, a: int, length: int) -> str:
    """A send/recv buffer: netlink messages on a netlink socket, else a string (decode_sockbuf)."""
    if a and length > 0 and verbose(t):
        text = _netlink(t, fd, a, length)
        if text is not None:
            return text
    return printers.buf(t, a, length)


def _netlink(t: Tracee, fd: int, a: int, length: int, force: bool = False) -> str | None:
    try:
        from ..netlink import format_netlink, netlink_protocol  # type: ignore[import-not-found]
    except ImportError:
        return None
    try:
        proto = netlink_protocol(t, fd)
        if proto is None:
            return None
        data = t.mem.read_upto(a, min(length, 1 << 16))
        if not data:
            return printers.addr(a)
        if t.cfg.fmt == "json":
            # JSON Lines carry the messages as typed objects too, raw bytes beside them.
            from ..netlink import netlink_value

            if t.extra is None:
                t.extra = {}
            t.extra.setdefault("netlink", []).append(netlink_value(data, proto))  # type: ignore[union-attr]
        return str(format_netlink(t, data, proto, length))
    except Exception:  # the netlink decoder is not ours: never let it break a line
        return None


def iovec_array(
    t: Tracee, a: int, count: int, data_size: int = -1, netlink_fd: int | None = None
) -> str:
    """msg_iov: an iovec array whose buffers print as netlink messages on a netlink socket."""
    if netlink_fd is None:
        return _iovec.iovec_array(t, a, count, data_size)

    def data(t: Tracee, base: int, n: int) -> str:
        text = _netlink(t, netlink_fd, base, n) if base and n > 0 and verbose(t) else None
        return printers.buf(t, base, n) if text is None else text

    return _iovec.iovec_array(t, a, count, data_size, data)


# ---------------------------------------------------------------- control messages
# A timestamp: tv_sec signed, the fraction zero-extended as strace prints it. SO_TIMESTAMP*_OLD
# carry the personality's timeval / timespec (8 bytes in an i386 call), *_NEW the 64-bit ones.
_STAMP64 = struct.Struct("<qQ")
_stamp32: struct.Struct | None = None


def _old_stamp(t: Tracee) -> struct.Struct:
    global _stamp32
    if t.arch != "i386":
        return _STAMP64
    if _stamp32 is None:
        from ..structs import compat32 as L

        _stamp32 = L.TIMESPEC32_FAST.st
    return _stamp32


def _stamp(d: bytes, layout: struct.Struct, frac: str) -> str:
    """A timeval / timespec; ``???`` when the data is shorter (longer data: its head)."""
    if len(d) < layout.size:
        return "???"
    sec, sub = layout.unpack_from(d)
    return f"{{tv_sec={sec}, {frac}={sub}}}"


def _stamps3(d: bytes, layout: struct.Struct) -> str:
    """struct scm_timestamping: three timespecs, or ``???``."""
    n = layout.size
    if len(d) < 3 * n:
        return "???"
    return "[" + ", ".join(_stamp(d[i:i + n], layout, "tv_nsec") for i in (0, n, 2 * n)) + "]"


def _fd_array(t: Tracee, d: bytes) -> str:
    fds = struct.unpack_from(f"<{len(d) // 4}i", d)
    return _array(t, [printers.fd(t, v) for v in fds])


def _ucred(t: Tracee, d: bytes) -> str:
    pid, u, g = struct.unpack_from("<iII", d)
    return f"{{pid={printers.pid(t, pid)}, uid={uid(u)}, gid={uid(g)}}}"


def _uints(t: Tracee, d: bytes) -> str:
    return _array(t, [str(v) for v in struct.unpack_from(f"<{len(d) // 4}I", d)])


def _xint8s(t: Tracee, d: bytes) -> str:
    return _array(t, [printers.hexval(b) for b in d])


def _pktinfo(t: Tracee, d: bytes) -> str:
    idx, spec, addr = struct.unpack_from("<i4s4s", d)
    return (
        f"{{ipi_ifindex={ifindex(idx)}, {inet_addr(2, spec, 'ipi_spec_dst')}, "
        f"{inet_addr(2, addr, 'ipi_addr')}}}"
    )


def _recverr(t: Tracee, d: bytes) -> str:
    errno_, origin, type_, code, _pad, info, data = struct.unpack_from("<IBBBBII", d)
    return (
        f"{{ee_errno={errno_}, ee_origin={origin}, ee_type={type_}, ee_code={code}, "
        f"ee_info={info}, ee_data={data}, offender={format_sockaddr(t, d[16:32], 16)}}}"
    )


_Printer = Callable[["Tracee", bytes], str]
_SOCKET_CMSG: dict[int, tuple[_Printer, int]] = {
    SCM_RIGHTS: (_fd_array, 4),
    SCM_CREDENTIALS: (_ucred, 12),
    SCM_SECURITY: (lambda t, d: quote(d, t.cfg.xflag), 1),
    29: (lambda t, d: _stamp(d, _old_stamp(t), "tv_usec"), 1),  # SO_TIMESTAMP_OLD
    35: (lambda t, d: _stamp(d, _old_stamp(t), "tv_nsec"), 1),  # SO_TIMESTAMPNS_OLD
    37: (lambda t, d: _stamps3(d, _old_stamp(t)), 1),  # SO_TIMESTAMPING_OLD
    63: (lambda t, d: _stamp(d, _STAMP64, "tv_usec"), 1),  # SO_TIMESTAMP_NEW
    64: (lambda t, d: _stamp(d, _STAMP64, "tv_nsec"), 1),  # SO_TIMESTAMPNS_NEW
    65: (lambda t, d: _stamps3(d, _STAMP64), 1),  # SO_TIMESTAMPING_NEW
}
_IP_CMSG: dict[int, tuple[_Printer, int]] = {
    8: (_pktinfo, 12),  # IP_PKTINFO
    2: (_uints, 4),  # IP_TTL
    1: (_xint8s, 1),  # IP_TOS
    6: (_xint8s, 1),  # IP_RECVOPTS
    7: (_xint8s, 1),  # IP_RETOPTS
    11: (_recverr, 32),  # IP_RECVERR
    20: (lambda t, d: format_sockaddr(t, d, min(len(d), 128)), 16),  # IP_ORIGDSTADDR
    23: (_uints, 4),  # IP_CHECKSUM
    SCM_SECURITY: (lambda t, d: quote(d, t.cfg.xflag), 1),
}

_optmem_max = 0


def optmem_max() -> int:
    global _optmem_max
    if not _optmem_max:
        try:
            with open("/proc/sys/net/core/optmem_max") as f:
                v = int(f.read().strip())
        except (OSError, ValueError):
            v = 0
        _optmem_max = (v + 7) & ~7 if v > 0 else 8 * (2 * IOV_MAX + 512)
    return _optmem_max


def _cmsg_type_data(t: Tracee, level: int, ctype: int, data: bytes) -> str:
    utype = ctype & 0xFFFFFFFF
    if level == SOL_SOCKET:
        text = xval(utype, xlat("scmvals"), "SCM_???")
        entry = _SOCKET_CMSG.get(utype)
    elif level == SOL_IP:
        text = xval(utype, xlat("ip_cmsg_types"), "IP_???")
        entry = _IP_CMSG.get(utype)
    else:
        return printers.hexval(utype)
    if entry is not None and len(data) >= entry[1]:
        text += ", cmsg_data=" + entry[0](t, data)
    return text


def msg_control(t: Tracee, a: int, in_len: int) -> str:
    """``, msg_control=[{cmsg_len=.., ...}]`` or "" when the length is 0 (decode_msg_control)."""
    if not in_len:
        return ""
    control_len = min(in_len, optmem_max())
    abi = _abi(t)
    head = abi.cmsghdr
    buf = t.mem.read(a, control_len) if control_len >= head.size else None
    if buf is None:
        return ", msg_control=" + printers.addr(a)
    out: list[str] = []
    pos = 0
    left = control_len
    while left >= head.size:
        clen, level, ctype = head.unpack_from(buf, pos)
        length = min(clen, left)
        data = buf[pos + head.size:pos + length] if length > head.size else b""
        out.append(
            f"{{cmsg_len={clen}, cmsg_level={xval(level & 0xFFFFFFFF, xlat('socketlayers'), 'SOL_???')}, "
            f"cmsg_type={_cmsg_type_data(t, level, ctype, data)}}}"
        )
        if length < head.size:
            left -= head.size
            break
        step = (clen + abi.align - 1) & ~(abi.align - 1)
        if step >= left:
            left = 0
            break
        pos += step
        left -= step
    if left:
        out.append(f"... /* {a + control_len - left:#x} */")
    elif control_len < in_len:
        out.append("...")
    return ", msg_control=[" + ", ".join(out) + "]"


def format_msghdr(t: Tracee, raw: bytes, user_namelen: int | None, data_size: int) -> str:
    """``{msg_name=.., msg_namelen=.., msg_iov=[..], ...}`` (print_struct_msghdr)."""
    name, namelen, iov, iovlen, control, controllen, flags = _abi(t).msghdr.unpack_from(raw)
    snamelen = namelen - (1 << 32) if namelen & 0x80000000 else namelen
    shown = snamelen
    if user_namelen is not None and snamelen > user_namelen:
        shown = user_namelen
    name_text, family = _decode_sockaddr(t, name, shown)
    out = "{msg_name=" + name_text + ", msg_namelen="
    if user_namelen is not None and user_namelen != snamelen:
        out += f"{user_namelen} => "
    out += str(snamelen)
    fd = t.sarg(0)
    out += ", msg_iov=" + iovec_array(t, iov, iovlen, data_size, fd if family == AF_NETLINK else None)
    out += f", msg_iovlen={iovlen}"
    out += msg_control(t, control, controllen)
    out += f", msg_controllen={controllen}"
    out += ", msg_flags=" + printers.flags(flags & 0xFFFFFFFF, xlat("msg_flags"), "MSG_???") + "}"
    return out


def read_msghdr(t: Tracee, a: int) -> bytes | None:
    if not a or not verbose(t):
        return None
    return t.mem.read(a, _abi(t).msghdr.size)


def decode_msghdr(t: Tracee, a: int, user_namelen: int | None, data_size: int) -> str:
    raw = read_msghdr(t, a)
    if raw is None:
        return printers.addr(a)
    return format_msghdr(t, raw, user_namelen, data_size)


def msghdr_namelen(t: Tracee, raw: bytes) -> int:
    v = _abi(t).msghdr.unpack_from(raw)[1]
    return v - (1 << 32) if v & 0x80000000 else v


def mmsgvec(
    t: Tracee, a: int, vlen: int, msg_len_vlen: int, use_msg_len: bool,
    namelens: list[int] | None, fetch: bool = True,
) -> str:
    """``[{msg_hdr={...}, msg_len=N}, ...]`` (decode_mmsgvec)."""
    if not a:
        return "NULL"
    if vlen == 0:
        return "[]"
    count = IOV_MAX if namelens is None else min(IOV_MAX, len(namelens))
    abi = _abi(t)
    size = abi.mmsghdr_size
    limit = vlen
    if abbrev(t) and t.cfg.string_limit < vlen:
        limit = t.cfg.string_limit
    out: list[str] = []
    for i in range(vlen):
        if i >= limit:
            out.append("...")
            break
        cur = a + i * size
        raw = t.mem.read(cur, size) if fetch else None
        if raw is None:
            if i == 0:
                return printers.addr(a)
            out.append(f"... /* {cur:#x} */")
            break
        if i >= count:
            out.append("...")
            break
        msg_len = struct.unpack_from("<I", raw, abi.msghdr.size)[0]
        user = namelens[i] if namelens is not None else None
        text = "{msg_hdr=" + format_msghdr(t, raw, user, msg_len if use_msg_len else -1)
        if i < msg_len_vlen:
            text += f", msg_len={msg_len}"
        out.append(text + "}")
    return "[" + ", ".join(out) + "]"


def mmsg_namelens(t: Tracee, a: int, vlen: int) -> list[int]:
    """The msg_namelen of each mmsghdr at entry (save_mmsgvec_namelen)."""
    out: list[int] = []
    size = _abi(t).mmsghdr_size
    for i in range(min(vlen, IOV_MAX)):
        raw = t.mem.read(a + i * size, size) if a else None
        if raw is None:
            break
        out.append(msghdr_namelen(t, raw))
    return out

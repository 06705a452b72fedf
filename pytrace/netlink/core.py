"""Netlink framing as strace 6.1 prints it: nlmsghdr lists, NLMSG_ERROR, attribute (TLV) lists.

Everything works on bytes already read from the tracee. A decoder gets (ctx, buf, off, length)
and returns strace text; nothing here raises on hostile bytes (lengths past the end, nested
attributes overflowing their parent, unknown types): the walk stops at the fault and prints
what strace prints there.
"""

from __future__ import annotations

import socket
import struct
from collections.abc import Callable
from dataclasses import dataclass, field

from .. import netorder, printers
from ..ifnames import ifindex
from ..printers import Xlat, flags, hexval, xlat, xval
from ..quote import quote

NLMSG_HDRLEN = 16
NLA_HDRLEN = 4
NLMSG_MIN_TYPE = 0x10
NLMSG_ERROR = 2
NLMSG_DONE = 3
NLM_F_CAPPED = 0x100
NLA_F_NESTED = 0x8000
NLA_F_NET_BYTEORDER = 0x4000
NLA_TYPE_MASK = 0x3FFF

HDR = struct.Struct("<IHHII")
NLA = struct.Struct("<HH")
U8 = struct.Struct("<B")
U16 = struct.Struct("<H")
U32 = struct.Struct("<I")
U64 = struct.Struct("<Q")
S32 = struct.Struct("<i")
S64 = struct.Struct("<q")
BE16 = struct.Struct(">H")
BE32 = struct.Struct(">I")


@dataclass
class Ctx:
    """What one buffer is decoded with: the -s limit, -v, -x, the protocol, the fd."""

    limit: int = 32
    abbrev: bool = True
    xflag: int = 0
    protocol: int = -1
    addr: int = 0  # the buffer's tracee address (printed where the bytes ran out), or 0
    avail: int = 0  # how many bytes of the buffer were readable
    state: dict = field(default_factory=dict)


# A payload decoder: (ctx, buf, off, length, opaque) -> text, or None for "print as hex".
NlaDecoder = Callable[["Ctx", bytes, int, int, object], "str | None"]


def aligned(n: int) -> int:
    return (n + 3) & ~3


_HEX = tuple("\\x%02x" % i for i in range(256))


def hexstr(ctx: Ctx, buf: bytes, off: int, length: int) -> str:
    """printstr_ex(QUOTE_FORCE_HEX): every byte as \\xNN, cut at -s with ``...``."""
    if length <= 0:
        return '""'
    n = length if length <= ctx.limit else ctx.limit
    if off + n > len(buf):
        if off >= len(buf):
            return unreadable(ctx, off)
        return '"' + "".join(map(_HEX.__getitem__, buf[off:])) + '"...'
    text = '"' + "".join(map(_HEX.__getitem__, buf[off : off + n])) + '"'
    return text + "..." if length > ctx.limit else text


def unreadable(ctx: Ctx, off: int) -> str:
    """What strace prints for bytes it cannot read: their address."""
    return "%#x" % (ctx.addr + off) if ctx.addr else "NULL"


def nla_str(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str:
    """A string attribute (QUOTE_OMIT_TRAILING_0 | QUOTE_EXPECT_TRAILING_0): the trailing NUL
    is dropped; ``...`` when it is missing or the string is cut at -s."""
    n = length if length <= ctx.limit else ctx.limit
    data = buf[off : off + n]
    if len(data) < n:
        return unreadable(ctx, off)
    if data.endswith(b"\0"):
        return quote(data[:-1], ctx.xflag)
    return quote(data, ctx.xflag) + "..."


def nla_strn(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str:
    n = length if length <= ctx.limit else ctx.limit
    text = quote(buf[off : off + n], ctx.xflag)
    return text + "..." if length > ctx.limit else text


def _int(st: struct.Struct, fmt: str) -> NlaDecoder:
    size = st.size

    def dec(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str | None:
        if length < size:
            return None
        if off + size > len(buf):
            return unreadable(ctx, off)
        v = st.unpack_from(buf, off)[0]
        return fmt % v if v or fmt != "%#x" else "0"  # C's %#x prints 0 as "0"

    return dec


nla_u8 = _int(U8, "%u")
nla_u16 = _int(U16, "%u")
nla_u32 = _int(U32, "%u")
nla_u64 = _int(U64, "%u")
nla_s8 = _int(struct.Struct("<b"), "%d")
nla_s16 = _int(struct.Struct("<h"), "%d")
nla_s32 = _int(S32, "%d")
nla_s64 = _int(S64, "%d")
nla_x8 = _int(U8, "%#x")
nla_x16 = _int(U16, "%#x")
nla_x32 = _int(U32, "%#x")
nla_x64 = _int(U64, "%#x")


def nla_be16(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str | None:
    if length < 2 or off + 2 > len(buf):
        return None
    return "htons(%u)" % BE16.unpack_from(buf, off)[0]


def nla_be32(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str | None:
    if length < 4 or off + 4 > len(buf):
        return None
    return "htonl(%u)" % BE32.unpack_from(buf, off)[0]


def nla_ifindex(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str | None:
    if length < 4 or off + 4 > len(buf):
        return None
    return ifindex(U32.unpack_from(buf, off)[0])


def nla_xval(table: str, dflt: str | None, size: int = 0) -> NlaDecoder:
    """An enumeration attribute (decode_nla_xval): ``size`` bytes, or the whole payload."""
    def dec(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str | None:
        if length > 8 or length < size:
            return None
        n = size or length
        v = int.from_bytes(buf[off : off + n], "little")
        return xval(v, xlat(table), dflt)

    return dec


def nla_flags(table: str, dflt: str | None, size: int = 0) -> NlaDecoder:
    def dec(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str | None:
        if length > 8 or length < size:
            return None
        n = size or length
        v = int.from_bytes(buf[off : off + n], "little")
        return flags(v, xlat(table), dflt)

    return dec


def inet_addr(ctx: Ctx, buf: bytes, off: int, length: int, family: int,
              var: str | None = None) -> str:
    """decode_inet_addr: an in_addr / in6_addr of ``family`` as print_inet_addr prints it
    (netorder.inet_addr, -X aware); a shorter payload or another family prints in hex."""
    size = 4 if family == socket.AF_INET else 16 if family == socket.AF_INET6 else 0
    if size and length >= size and off + size <= len(buf):
        return netorder.inet_addr(family, buf[off : off + size], var)
    text = hexstr(ctx, buf, off, length)
    return f"{var}={text}" if var else text


def hwaddr(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str | None:
    """decode_nla_hwaddr_nofamily: print_mac_addr over the payload (netorder.mac_addr)."""
    if length > netorder.MAX_ADDR_LEN:
        return None
    if off + length > len(buf):
        return unreadable(ctx, off)
    return netorder.mac_addr(buf[off : off + length])


def struct_fields(names: tuple[str, ...], values: tuple[int, ...]) -> str:
    return "{" + ", ".join([f"{n}={v}" for n, v in zip(names, values, strict=False)]) + "}"


# --- attribute lists --------------------------------------------------------------------

# A table: (xlat name, default "X_???", {type: decoder}, opaque passed to decoders)
AttrTable = tuple[str, str, dict[int, NlaDecoder]]


def nlattr_header(nla_len: int, nla_type: int, table: Xlat, dflt: str | None) -> str:
    t = ""
    if nla_type & NLA_F_NESTED:
        t = netorder.const_value(NLA_F_NESTED, "NLA_F_NESTED") + "|"
    if nla_type & NLA_F_NET_BYTEORDER:
        t += netorder.const_value(NLA_F_NET_BYTEORDER, "NLA_F_NET_BYTEORDER") + "|"
    return "{nla_len=%u, nla_type=%s%s}" % (nla_len, t, xval(nla_type & NLA_TYPE_MASK, table, dflt))


_HDR_CACHE: dict[tuple, str] = {}


def nlattrs(ctx: Ctx, buf: bytes, off: int, length: int, table: str | Xlat, dflt: str | None,
            decoders: dict[int, NlaDecoder] | None, opaque: object = None) -> str:
    """decode_nlattr: one attribute, or ``[attr, attr, ...]``, cut after -s elements.
    ``table``: a generated xlat name, or an Xlat built from a netlink spec."""
    x = table if isinstance(table, Xlat) else xlat(table)
    out: list[str] = []
    append = out.append
    is_array = False
    elt = 0
    end_buf = len(buf)
    limit = ctx.limit if ctx.abbrev else -1
    cache = _HDR_CACHE
    unpack = NLA.unpack_from
    get = decoders.get if decoders is not None else None
    pure = opaque is None or type(opaque) is int
    dkey = id(decoders)
    style = printers.xlat_style
    xkey = (ctx.xflag, ctx.limit, ctx.addr, ctx.abbrev, style)  # all a small decoder may read
    while True:
        if length < 4:
            append(hexstr(ctx, buf, off, length))
            break
        if off + 4 > end_buf:
            append("..." + (" /* %#x */" % (ctx.addr + off) if ctx.addr else "") if is_array
                   else unreadable(ctx, off))
            break
        if elt == limit:
            append("...")
            break
        nla_len, nla_type = unpack(buf, off)
        nlen = (nla_len + 3) & ~3
        next_len = length - nlen if nla_len >= 4 and length >= nlen else 0
        if next_len:
            is_array = True
        plen = nla_len if nla_len < length else length
        if plen <= 12 and pure and off + plen <= end_buf:
            # small attributes repeat across messages: the whole text, keyed by its bytes
            wkey = (buf[off : off + plen], plen, x, dkey, opaque, xkey)
            whole = cache.get(wkey)
            if whole is None:
                whole = _one(ctx, buf, off, plen, nla_len, nla_type, x, dflt, get, opaque)
                if len(cache) < 16384:
                    cache[wkey] = whole
            append(whole)
            if not next_len:
                break
            off += nlen
            length = next_len
            elt += 1
            continue
        key = (nla_len, nla_type, x, style)
        hdr = cache.get(key)
        if hdr is None:
            hdr = nlattr_header(nla_len, nla_type, x, dflt)
            if len(cache) < 8192:
                cache[key] = hdr
        if plen > 4:
            text = None
            if get is not None:
                dec = get(nla_type & NLA_TYPE_MASK)
                if dec is not None:
                    try:
                        text = dec(ctx, buf, off + 4, plen - 4, opaque)
                    except (struct.error, IndexError, ValueError, OverflowError):
                        text = None
            if text is None:
                text = hexstr(ctx, buf, off + 4, plen - 4)
            append("[" + hdr + ", " + text + "]")
        else:
            append(hdr)
        if not next_len:
            break
        off += nlen
        length = next_len
        elt += 1
    text = ", ".join(out)
    return "[" + text + "]" if is_array else text


def _one(ctx: Ctx, buf: bytes, off: int, plen: int, nla_len: int, nla_type: int, x: Xlat,
         dflt: str | None, get: Callable | None, opaque: object) -> str:
    hdr = nlattr_header(nla_len, nla_type, x, dflt)
    if plen <= NLA_HDRLEN:
        return hdr
    text = None
    if get is not None:
        dec = get(nla_type & NLA_TYPE_MASK)
        if dec is not None:
            try:
                text = dec(ctx, buf, off + 4, plen - 4, opaque)
            except (struct.error, IndexError, ValueError, OverflowError):
                text = None
    if text is None:
        text = hexstr(ctx, buf, off + 4, plen - 4)
    return "[" + hdr + ", " + text + "]"


def nested(table: str, dflt: str, decoders: dict[int, NlaDecoder] | None) -> NlaDecoder:
    """An attribute whose payload is another attribute list."""
    def dec(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str:
        return nlattrs(ctx, buf, off, length, table, dflt, decoders, opaque)

    return dec


__all__ = [
    "Ctx",
    "hexstr",
    "hexval",
    "ifindex",
    "nlattrs",
]

"""AF_NETLINK and AF_PACKET sock_diag payloads as strace 6.1 prints them
(netlink_netlink_diag.c, netlink_packet_diag.c): requests, replies and their attributes."""

from __future__ import annotations

import struct
from collections.abc import Callable

from ..printers import flags, xlat, xval
from .core import Ctx, NlaDecoder, hexstr, ifindex, nla_u32, nlattrs, unreadable
from .route import by_name

NDIAG_PROTO_ALL = 0xFF
NL_REQ = struct.Struct("<BBxxII2I")  # struct netlink_diag_req, 20 bytes
NL_MSG = struct.Struct("<BBBBIIII2I")  # struct netlink_diag_msg, 28 bytes
NL_RING = struct.Struct("<4I")  # struct netlink_diag_ring
PK_REQ = struct.Struct("<BBxxII2I")  # struct packet_diag_req, 20 bytes
PK_MSG = struct.Struct("<BBHI2I")  # struct packet_diag_msg, 16 bytes
PK_INFO = struct.Struct("<6I")  # struct packet_diag_info
PK_MCLIST = struct.Struct("<IIHH32s")  # struct packet_diag_mclist, 44 bytes
PK_RING = struct.Struct("<7I")  # struct packet_diag_ring
U32 = struct.Struct("<I")
U64 = struct.Struct("<Q")
_NOCUT = Ctx(limit=64)  # PRINT_FIELD_STRING: not cut at -s


def _fits(buf: bytes, off: int, length: int, size: int) -> bool:
    return length >= size and off + size <= len(buf)


def _array(ctx: Ctx, buf: bytes, off: int, n: int, size: int,
           elem: Callable[[int, int], str]) -> str:
    """print_array: ``[a, b, ...]``, cut after -s elements or where the bytes run out."""
    if off + size > len(buf):
        return unreadable(ctx, off)
    out: list[str] = []
    for i in range(n):
        p = off + size * i
        if i >= ctx.limit or p + size > len(buf):
            out.append("...")
            break
        out.append(elem(i, p))
    return "[" + ", ".join(out) + "]"


def meminfo(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str | None:
    """decode_nla_meminfo: ``[[SK_MEMINFO_RMEM_ALLOC]=0, ...]``."""
    n = length // 4
    if not n:
        return None
    names = xlat("netlink_sk_meminfo_indices").by_value

    def elem(i: int, p: int) -> str:
        name = names.get(i)
        return "[%s]=%u" % (name if name is not None else "%u /* SK_MEMINFO_??? */" % i,
                            U32.unpack_from(buf, p)[0])

    return _array(ctx, buf, off, n, 4, elem)


def _group(buf: bytes, p: int) -> str:
    v = U64.unpack_from(buf, p)[0]
    return "%#018x" % v if v else "0" * 18  # C's %#018lx: no 0x before a zero


def _groups(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str | None:
    n = length // 8
    if not n:
        return None
    return _array(ctx, buf, off, n, 8, lambda i, p: _group(buf, p))


def _fields(names: tuple[str, ...], st: struct.Struct) -> NlaDecoder:
    def dec(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str | None:
        if not _fits(buf, off, length, st.size):
            return None
        return "{" + ", ".join("%s=%u" % p for p in zip(names, st.unpack_from(buf, off),
                                                          strict=True)) + "}"

    return dec


def _ndiag_flags(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str | None:
    if not _fits(buf, off, length, 4):
        return None
    return flags(U32.unpack_from(buf, off)[0], xlat("netlink_socket_flags"), "NDIAG_FLAG_???")


_NETLINK = by_name("netlink_diag_attrs", {
    "NETLINK_DIAG_MEMINFO": meminfo, "NETLINK_DIAG_GROUPS": _groups,
    "NETLINK_DIAG_RX_RING": _fields(("ndr_block_size", "ndr_block_nr", "ndr_frame_size",
                                     "ndr_frame_nr"), NL_RING),
    "NETLINK_DIAG_TX_RING": _fields(("ndr_block_size", "ndr_block_nr", "ndr_frame_size",
                                     "ndr_frame_nr"), NL_RING),
    "NETLINK_DIAG_FLAGS": _ndiag_flags,
})


def _pinfo(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str | None:
    if not _fits(buf, off, length, PK_INFO.size):
        return None
    idx, ver, res, thresh, tstamp, fl = PK_INFO.unpack_from(buf, off)
    return ("{pdi_index=%s, pdi_version=%s, pdi_reserve=%u, pdi_copy_thresh=%u, pdi_tstamp=%u, "
            "pdi_flags=%s}") % (ifindex(idx), xval(ver, xlat("af_packet_versions"), "TPACKET_???"),
                                res, thresh, tstamp,
                                flags(fl, xlat("packet_diag_info_flags"), "PDI_???"))


def _mclist(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str | None:
    n = length // PK_MCLIST.size
    if not n:
        return None

    def elem(i: int, p: int) -> str:
        idx, count, typ, alen, addr = PK_MCLIST.unpack_from(buf, p)
        return "{pdmc_index=%s, pdmc_count=%u, pdmc_type=%u, pdmc_alen=%u, pdmc_addr=%s}" % (
            ifindex(idx), count, typ, alen, hexstr(_NOCUT, addr, 0, min(alen, 32)))

    return _array(ctx, buf, off, n, PK_MCLIST.size, elem)


def _uid(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str | None:
    if not _fits(buf, off, length, 4):
        return None
    v = U32.unpack_from(buf, off)[0]
    return "-1" if v == 0xFFFFFFFF else str(v)


_PKT_RING = _fields(("pdr_block_size", "pdr_block_nr", "pdr_frame_size", "pdr_frame_nr",
                     "pdr_retire_tmo", "pdr_sizeof_priv", "pdr_features"), PK_RING)
_PACKET = by_name("packet_diag_attrs", {
    "PACKET_DIAG_INFO": _pinfo, "PACKET_DIAG_MCLIST": _mclist, "PACKET_DIAG_RX_RING": _PKT_RING,
    "PACKET_DIAG_TX_RING": _PKT_RING, "PACKET_DIAG_FANOUT": nla_u32, "PACKET_DIAG_UID": _uid,
    "PACKET_DIAG_MEMINFO": meminfo,
})


def _cookie(c0: int, c1: int) -> str:
    return "[%u, %u]" % (c0, c1)


def netlink_req(ctx: Ctx, buf: bytes, off: int, length: int) -> str:
    fam, proto, ino, show, c0, c1 = NL_REQ.unpack_from(buf, off)
    p = "NDIAG_PROTO_ALL" if proto == NDIAG_PROTO_ALL else xval(
        proto, xlat("netlink_protocols"), "NETLINK_???")
    return ("{sdiag_family=%s, sdiag_protocol=%s, ndiag_ino=%u, ndiag_show=%s, "
            "ndiag_cookie=%s}") % (xval(fam, xlat("addrfams"), "AF_???"), p, ino,
                                   flags(show, xlat("netlink_diag_show"), "NDIAG_SHOW_???"),
                                   _cookie(c0, c1))


def netlink_msg(ctx: Ctx, buf: bytes, off: int, length: int) -> str:
    fam, typ, proto, state, portid, dportid, dgroup, ino, c0, c1 = NL_MSG.unpack_from(buf, off)
    out = ("{ndiag_family=%s, ndiag_type=%s, ndiag_protocol=%s, ndiag_state=%s, ndiag_portid=%u, "
           "ndiag_dst_portid=%u, ndiag_dst_group=%u, ndiag_ino=%u, ndiag_cookie=%s}") % (
        xval(fam, xlat("addrfams"), "AF_???"), xval(typ, xlat("socktypes"), "SOCK_???"),
        xval(proto, xlat("netlink_protocols"), "NETLINK_???"),
        xval(state, xlat("netlink_states"), "NETLINK_???"), portid, dportid, dgroup, ino,
        _cookie(c0, c1))
    if length > NL_MSG.size:
        out += ", " + nlattrs(ctx, buf, off + NL_MSG.size, length - NL_MSG.size,
                              "netlink_diag_attrs", "NETLINK_DIAG_???", _NETLINK)
    return out


def packet_req(ctx: Ctx, buf: bytes, off: int, length: int) -> str:
    fam, proto, ino, show, c0, c1 = PK_REQ.unpack_from(buf, off)
    return ("{sdiag_family=%s, sdiag_protocol=%s, pdiag_ino=%u, pdiag_show=%s, "
            "pdiag_cookie=%s}") % (xval(fam, xlat("addrfams"), "AF_???"),
                                   "%#x" % proto if proto else "0", ino,
                                   flags(show, xlat("packet_diag_show"), "PACKET_SHOW_???"),
                                   _cookie(c0, c1))


def packet_msg(ctx: Ctx, buf: bytes, off: int, length: int) -> str:
    fam, typ, num, ino, c0, c1 = PK_MSG.unpack_from(buf, off)
    out = "{pdiag_family=%s, pdiag_type=%s, pdiag_num=%s, pdiag_ino=%u, pdiag_cookie=%s}" % (
        xval(fam, xlat("addrfams"), "AF_???"), xval(typ, xlat("socktypes"), "SOCK_???"),
        xval(num, xlat("ethernet_protocols"), "ETH_P_???"), ino, _cookie(c0, c1))
    if length > PK_MSG.size:
        out += ", " + nlattrs(ctx, buf, off + PK_MSG.size, length - PK_MSG.size,
                              "packet_diag_attrs", "PACKET_DIAG_???", _PACKET)
    return out

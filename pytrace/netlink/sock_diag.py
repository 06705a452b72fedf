"""NETLINK_SOCK_DIAG payloads as strace 6.1 prints them (netlink_sock_diag.c,
netlink_inet_diag.c, netlink_unix_diag.c): requests (NLM_F_REQUEST) and replies for AF_INET,
AF_INET6, AF_UNIX, AF_NETLINK and AF_PACKET (sock_diag_nl.py); other families print
``{family=..., data=...}`` hex."""

from __future__ import annotations

import struct

from ..netorder import inet_addr, net_port
from ..printers import Xlat, flags, xlat, xval
from . import message
from .core import (
    Ctx,
    NlaDecoder,
    hexstr,
    ifindex,
    nla_str,
    nla_u8,
    nla_u32,
    nlattrs,
    unreadable,
)
from .route import by_name
from .sock_diag_nl import meminfo, netlink_msg, netlink_req, packet_msg, packet_req

NLM_F_REQUEST = 1
SOCKID = struct.Struct("<HH16s16sI2I")
INET_REQ = struct.Struct("<BBBxI")
INET_REQ_COMPAT = struct.Struct("<BBBB48xII")  # struct inet_diag_req (TCPDIAG/DCCPDIAG_GETSOCK)
INET_MSG = struct.Struct("<BBBB")
INET_MSG_TAIL = struct.Struct("<5I")
UNIX_REQ = struct.Struct("<BBxxIII2I")
UNIX_MSG = struct.Struct("<BBBxI2I")

_STATE_FLAGS: Xlat | None = None
_EXT_FLAGS: Xlat | None = None


def tcp_state_flags() -> Xlat:
    """``1<<TCP_ESTABLISHED`` ... built from the generated tcp_states."""
    global _STATE_FLAGS
    if _STATE_FLAGS is None:
        pairs = tuple((1 << v, "1<<" + n) for v, n in xlat("tcp_states").pairs)
        _STATE_FLAGS = Xlat("tcp_state_flags", pairs)
    return _STATE_FLAGS


def ext_flags() -> Xlat:
    """``1<<INET_DIAG_MEMINFO-1`` ... (inet_diag_extended_flags) from the generated attrs."""
    global _EXT_FLAGS
    if _EXT_FLAGS is None:
        pairs = tuple((1 << (v - 1), "1<<%s-1" % n) for v, n in xlat("inet_diag_attrs").pairs
                      if 1 <= v <= 8)
        _EXT_FLAGS = Xlat("inet_diag_extended_flags", pairs)
    return _EXT_FLAGS


def _sockid(ctx: Ctx, buf: bytes, off: int, family: int) -> str:
    """struct inet_diag_sockid (print_inet_diag_sockid): ports and addresses in network order,
    printed as -X says (the addresses are 16-byte fields whatever the family)."""
    _sport, _dport, src, dst, ifi, c0, c1 = SOCKID.unpack_from(buf, off)
    return "id={idiag_sport=%s, idiag_dport=%s, %s, %s, idiag_if=%s, idiag_cookie=[%u, %u]}" % (
        net_port(buf[off : off + 2]), net_port(buf[off + 2 : off + 4]),
        inet_addr(family, src, "idiag_src"), inet_addr(family, dst, "idiag_dst"),
        ifindex(ifi), c0, c1)


def _sockopt(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str | None:
    if length < 2:
        return None
    bits = buf[off] | buf[off + 1] << 8
    unused = bits >> 11
    if not ctx.abbrev:  # -v: every bit field, as strace 6.1
        out = [f"{n}={bits >> i & 1}" for i, n in enumerate(_SOCKOPT_BITS)]
        out.append("unused=%s /* bits 3..8 */" % ("%#x" % unused if unused else "0"))
    else:
        out = [f"{n}=1" for i, n in enumerate(_SOCKOPT_BITS) if bits >> i & 1]
        if unused:
            out.append("unused=%#x /* bits 3..8 */" % unused)
    return "{" + ", ".join(out) + "}"


# struct inet_diag_sockopt's bit fields, in order (then 5 unused bits, which strace 6.1 labels
# "bits 3..8")
_SOCKOPT_BITS = ("recverr", "is_icsk", "freebind", "hdrincl", "mc_loop", "transparent", "mc_all",
                 "nodefrag", "bind_address_no_port", "recverr_rfc4884", "defer_connect")


def _u64(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str | None:
    if length < 8:
        return None
    return str(struct.unpack_from("<Q", buf, off)[0])


def _meminfo(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str | None:
    if length < 16:
        return None
    return "{idiag_rmem=%u, idiag_wmem=%u, idiag_fmem=%u, idiag_tmem=%u}" % struct.unpack_from(
        "<4I", buf, off)


_INET = by_name("inet_diag_attrs", {
    "INET_DIAG_MEMINFO": _meminfo, "INET_DIAG_CONG": nla_str, "INET_DIAG_TOS": nla_u8,
    "INET_DIAG_TCLASS": nla_u8, "INET_DIAG_SHUTDOWN": nla_u8, "INET_DIAG_SKV6ONLY": nla_u8,
    "INET_DIAG_MARK": nla_u32, "INET_DIAG_CLASS_ID": nla_u32, "INET_DIAG_CGROUP_ID": _u64,
    "INET_DIAG_SOCKOPT": _sockopt, "INET_DIAG_SKMEMINFO": meminfo,
})


def _pair(names: tuple[str, str]) -> NlaDecoder:
    def dec(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str | None:
        if length < 8:
            return None
        a, b = struct.unpack_from("<II", buf, off)
        return "{%s=%u, %s=%u}" % (names[0], a, names[1], b)

    return dec


_UNIX = by_name("unix_diag_attrs", {
    "UNIX_DIAG_NAME": nla_str, "UNIX_DIAG_VFS": _pair(("udiag_vfs_ino", "udiag_vfs_dev")),
    "UNIX_DIAG_PEER": nla_u32, "UNIX_DIAG_RQLEN": _pair(("udiag_rqueue", "udiag_wqueue")),
    "UNIX_DIAG_SHUTDOWN": nla_u8, "UNIX_DIAG_UID": nla_u32,
})


def inet_req(ctx: Ctx, buf: bytes, off: int, length: int) -> str:
    fam, proto, ext, states = INET_REQ.unpack_from(buf, off)
    out = "{sdiag_family=%s, sdiag_protocol=%s, idiag_ext=%s, idiag_states=%s, %s}" % (
        xval(fam, xlat("addrfams"), "AF_???"), xval(proto, xlat("inet_protocols"), "IPPROTO_???"),
        flags(ext, ext_flags(), "1<<INET_DIAG_???-1"), flags(states, tcp_state_flags(), "1<<TCP_???"),
        _sockid(ctx, buf, off + 8, fam))
    if length > 56:
        out += ", " + nlattrs(ctx, buf, off + 56, length - 56, "inet_diag_req_attrs",
                              "INET_DIAG_REQ_???", {})
    return out


def inet_req_compat(ctx: Ctx, buf: bytes, off: int, length: int) -> str:
    """The old request layout (struct inet_diag_req) of TCPDIAG_GETSOCK/DCCPDIAG_GETSOCK."""
    fam, src_len, dst_len, ext, states, dbs = INET_REQ_COMPAT.unpack_from(buf, off)
    out = ("{idiag_family=%s, idiag_src_len=%u, idiag_dst_len=%u, idiag_ext=%s, %s, "
           "idiag_states=%s, idiag_dbs=%u}") % (
        xval(fam, xlat("addrfams"), "AF_???"), src_len, dst_len,
        flags(ext, ext_flags(), "1<<INET_DIAG_???-1"), _sockid(ctx, buf, off + 4, fam),
        flags(states, tcp_state_flags(), "1<<TCP_???"), dbs)
    if length > INET_REQ_COMPAT.size:
        out += ", " + nlattrs(ctx, buf, off + INET_REQ_COMPAT.size,
                              length - INET_REQ_COMPAT.size, "inet_diag_req_attrs",
                              "INET_DIAG_REQ_???", {})
    return out


def inet_msg(ctx: Ctx, buf: bytes, off: int, length: int) -> str:
    fam, state, timer, retrans = INET_MSG.unpack_from(buf, off)
    expires, rq, wq, uid, inode = INET_MSG_TAIL.unpack_from(buf, off + 52)
    out = ("{idiag_family=%s, idiag_state=%s, idiag_timer=%u, idiag_retrans=%u, %s, "
           "idiag_expires=%u, idiag_rqueue=%u, idiag_wqueue=%u, idiag_uid=%u, idiag_inode=%u}") % (
        xval(fam, xlat("addrfams"), "AF_???"), xval(state, xlat("tcp_states"), "TCP_???"),
        timer, retrans, _sockid(ctx, buf, off + 4, fam), expires, rq, wq, uid, inode)
    if length > 72:
        out += ", " + nlattrs(ctx, buf, off + 72, length - 72, "inet_diag_attrs", "INET_DIAG_???",
                              _INET)
    return out


def unix_req(ctx: Ctx, buf: bytes, off: int, length: int) -> str:
    fam, proto, states, ino, show, c0, c1 = UNIX_REQ.unpack_from(buf, off)
    return ("{sdiag_family=%s, sdiag_protocol=%u, udiag_states=%s, udiag_ino=%u, udiag_show=%s, "
            "udiag_cookie=[%u, %u]}") % (
        xval(fam, xlat("addrfams"), "AF_???"), proto, flags(states, tcp_state_flags(), "1<<TCP_???"),
        ino, flags(show, xlat("unix_diag_show"), "UDIAG_SHOW_???"), c0, c1)


def unix_msg(ctx: Ctx, buf: bytes, off: int, length: int) -> str:
    fam, typ, state, ino, c0, c1 = UNIX_MSG.unpack_from(buf, off)
    out = ("{udiag_family=%s, udiag_type=%s, udiag_state=%s, udiag_ino=%u, "
           "udiag_cookie=[%u, %u]}") % (
        xval(fam, xlat("addrfams"), "AF_???"), xval(typ, xlat("socktypes"), "SOCK_???"),
        xval(state, xlat("tcp_states"), "TCP_???"), ino, c0, c1)
    if length > 16:
        out += ", " + nlattrs(ctx, buf, off + 16, length - 16, "unix_diag_attrs", "UNIX_DIAG_???",
                              _UNIX)
    return out


# (family, is request) -> (minimum length, name of the family field, decoder)
_DECODERS = {
    (2, True): (56, "sdiag_family", inet_req), (10, True): (56, "sdiag_family", inet_req),
    (2, False): (72, "idiag_family", inet_msg), (10, False): (72, "idiag_family", inet_msg),
    (1, True): (24, "sdiag_family", unix_req), (1, False): (16, "udiag_family", unix_msg),
    (16, True): (20, "sdiag_family", netlink_req), (16, False): (28, "ndiag_family", netlink_msg),
    (17, True): (20, "sdiag_family", packet_req), (17, False): (16, "pdiag_family", packet_msg),
}
_COMPAT = (60, "idiag_family", inet_req_compat)
_COMPAT_TYPES: tuple[int | None, ...] = ()


def _compat_types() -> tuple[int | None, ...]:
    """The nlmsg_type values of the old request layout, from the generated list."""
    global _COMPAT_TYPES
    if not _COMPAT_TYPES:
        x = xlat("nl_sock_diag_types")
        _COMPAT_TYPES = (x.value_of("TCPDIAG_GETSOCK"), x.value_of("DCCPDIAG_GETSOCK"))
    return _COMPAT_TYPES


def sock_diag(ctx: Ctx, t: int, f: int, buf: bytes, off: int, length: int) -> str | None:
    if t == message.NLMSG_DONE:
        return None
    if off >= len(buf):
        return None
    fam = buf[off]
    req = bool(f & NLM_F_REQUEST)
    entry = _DECODERS.get((fam, req)) if length > 1 else None
    if entry is not None and req and fam in (2, 10) and t in _compat_types():
        entry = _COMPAT
    if entry is None:
        out = "{family=" + xval(fam, xlat("addrfams"), "AF_???")
        if length > 1:
            out += ", data=" + hexstr(ctx, buf, off + 1, length - 1)
        return out + "}"
    size, name, dec = entry
    head = "{%s=%s, " % (name, xval(fam, xlat("addrfams"), "AF_???"))
    if length < size:
        return head + "...}"
    if off + size > len(buf):
        return head + unreadable(ctx, off + 1) + "}"
    return dec(ctx, buf, off, length)


message.PAYLOADS[message.NETLINK_SOCK_DIAG] = sock_diag

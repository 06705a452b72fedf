"""NETLINK_ROUTE payloads as strace 6.1 prints them (its netlink_route.c, rtnl_link.c,
rtnl_addr.c, rtnl_route.c, rtnl_neigh.c, rtnl_rule.c): the fixed header of each message kind,
then its attribute list. Attribute numbers and names come from the generated xlat tables; the
decoder of each attribute is the one strace 6.1 uses (unknown ones print as hex)."""

from __future__ import annotations

import struct

from ..printers import flags, xlat, xval
from . import message
from .core import (
    U32,
    Ctx,
    NlaDecoder,
    hexstr,
    hwaddr,
    ifindex,
    inet_addr,
    nla_flags,
    nla_ifindex,
    nla_s32,
    nla_str,
    nla_u8,
    nla_u16,
    nla_u32,
    nla_u64,
    nla_xval,
    nlattrs,
    unreadable,
)

IFINFOMSG = struct.Struct("<BxHiII")  # family, type, index, flags, change
IFADDRMSG = struct.Struct("<BBBBI")
RTMSG = struct.Struct("<BBBBBBBBI")
NDMSG = struct.Struct("<BxxxiHBB")
FIB_RULE_HDR = struct.Struct("<BBBBBBBBI")
IFA_CACHEINFO = struct.Struct("<IIII")
NDA_CACHEINFO = struct.Struct("<IIII")
RTA_CACHEINFO = struct.Struct("<IIiIIIII")

_STATS_FIELDS = (
    "rx_packets", "tx_packets", "rx_bytes", "tx_bytes", "rx_errors", "tx_errors", "rx_dropped",
    "tx_dropped", "multicast", "collisions", "rx_length_errors", "rx_over_errors",
    "rx_crc_errors", "rx_frame_errors", "rx_fifo_errors", "rx_missed_errors",
    "tx_aborted_errors", "tx_carrier_errors", "tx_fifo_errors", "tx_heartbeat_errors",
    "tx_window_errors", "rx_compressed", "tx_compressed", "rx_nohandler", "rx_otherhost_dropped",
)


def _stats(word: int, base: int) -> NlaDecoder:
    """struct rtnl_link_stats(64): the 23 base fields, then the later ones the length holds."""
    code = "Q" if word == 8 else "I"
    per_count: dict[int, tuple[struct.Struct, str]] = {}  # fields held -> (struct, template)

    def dec(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str | None:
        if length < base * word:
            return None
        n = min(length // word, len(_STATS_FIELDS) if word == 8 else 24)
        pair = per_count.get(n)
        if pair is None:
            pair = per_count[n] = (struct.Struct("<%d%s" % (n, code)),
                                   "{" + ", ".join([k + "=%d" for k in _STATS_FIELDS[:n]]) + "}")
        st, template = pair
        return template % st.unpack_from(buf, off)

    return dec


def _hwaddr(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str | None:
    return hwaddr(ctx, buf, off, length)


def _family_addr(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str:
    return inet_addr(ctx, buf, off, length, opaque if isinstance(opaque, int) else -1)


def by_name(table: str, decoders: dict[str, NlaDecoder]) -> dict[int, NlaDecoder]:
    """A decoder table keyed by the generated numbers of the attribute names."""
    x = xlat(table)
    out: dict[int, NlaDecoder] = {}
    for name, dec in decoders.items():
        v = x.value_of(name)
        if v is not None:
            out[v] = dec
    return out


_IFLA = by_name("rtnl_link_attrs", {
    "IFLA_ADDRESS": _hwaddr, "IFLA_BROADCAST": _hwaddr, "IFLA_IFNAME": nla_str,
    "IFLA_MTU": nla_u32, "IFLA_LINK": nla_u32, "IFLA_QDISC": nla_str,
    "IFLA_STATS": _stats(4, 23), "IFLA_MASTER": nla_u32, "IFLA_TXQLEN": nla_u32,
    "IFLA_WEIGHT": nla_u32, "IFLA_OPERSTATE": nla_u8, "IFLA_LINKMODE": nla_u8,
    "IFLA_NET_NS_PID": nla_u32, "IFLA_IFALIAS": nla_str, "IFLA_NUM_VF": nla_u32,
    "IFLA_STATS64": _stats(8, 23), "IFLA_GROUP": nla_u32,
    "IFLA_EXT_MASK": nla_flags("rtnl_ifla_ext_filter", "RTEXT_FILTER_???", 4),
    "IFLA_PROMISCUITY": nla_u32, "IFLA_NUM_TX_QUEUES": nla_u32, "IFLA_NUM_RX_QUEUES": nla_u32,
    "IFLA_CARRIER": nla_u8, "IFLA_CARRIER_CHANGES": nla_u32, "IFLA_LINK_NETNSID": nla_s32,
    "IFLA_PHYS_PORT_NAME": nla_str, "IFLA_PROTO_DOWN": nla_u8, "IFLA_GSO_MAX_SEGS": nla_u32,
    "IFLA_GSO_MAX_SIZE": nla_u32, "IFLA_NEW_NETNSID": nla_s32, "IFLA_IF_NETNSID": nla_s32,
    "IFLA_CARRIER_UP_COUNT": nla_u32, "IFLA_CARRIER_DOWN_COUNT": nla_u32,
    "IFLA_NEW_IFINDEX": nla_ifindex, "IFLA_MIN_MTU": nla_u32, "IFLA_MAX_MTU": nla_u32,
    "IFLA_ALT_IFNAME": nla_str, "IFLA_PERM_ADDRESS": _hwaddr, "IFLA_PARENT_DEV_NAME": nla_str,
    "IFLA_PARENT_DEV_BUS_NAME": nla_str, "IFLA_GRO_MAX_SIZE": nla_u32,
    "IFLA_TSO_MAX_SIZE": nla_u32, "IFLA_TSO_MAX_SEGS": nla_u32, "IFLA_ALLMULTI": nla_u32,
})


def ifinfomsg(ctx: Ctx, t: int, f: int, buf: bytes, off: int, length: int) -> str:
    fam = buf[off]
    out = "{ifi_family=" + xval(fam, xlat("addrfams"), "AF_???") + ", "
    if length < 16:
        return out + "...}"
    if off + 16 > len(buf):
        return out + unreadable(ctx, off + 1) + "}"
    _, typ, index, iflags, change = IFINFOMSG.unpack_from(buf, off)
    out += "ifi_type=%s, ifi_index=%s, ifi_flags=%s, ifi_change=%s}" % (
        xval(typ, xlat("arp_hardware_types"), "ARPHRD_???"),
        ifindex(index & 0xFFFFFFFF),
        flags(iflags, xlat("iffflags"), "IFF_???"),
        "%#x" % change if change else "0",
    )
    if length > 16:
        out += ", " + nlattrs(ctx, buf, off + 16, length - 16, "rtnl_link_attrs", "IFLA_???",
                              _IFLA, fam)
    return out


def _ifa_cacheinfo(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str | None:
    if length < 16:
        return None
    p, v, c, ts = IFA_CACHEINFO.unpack_from(buf, off)
    return "{ifa_prefered=%u, ifa_valid=%u, cstamp=%u, tstamp=%u}" % (p, v, c, ts)


_IFA = by_name("rtnl_addr_attrs", {
    "IFA_ADDRESS": _family_addr, "IFA_LOCAL": _family_addr, "IFA_LABEL": nla_str,
    "IFA_BROADCAST": _family_addr, "IFA_ANYCAST": _family_addr, "IFA_CACHEINFO": _ifa_cacheinfo,
    "IFA_MULTICAST": _family_addr, "IFA_FLAGS": nla_flags("ifaddrflags", "IFA_F_???", 4),
    "IFA_RT_PRIORITY": nla_u32, "IFA_TARGET_NETNSID": nla_s32,
})


def ifaddrmsg(ctx: Ctx, t: int, f: int, buf: bytes, off: int, length: int) -> str:
    fam = buf[off]
    out = "{ifa_family=" + xval(fam, xlat("addrfams"), "AF_???") + ", "
    if length < 8:
        return out + "...}"
    _, plen, aflags, scope, index = IFADDRMSG.unpack_from(buf, off)
    out += "ifa_prefixlen=%u, ifa_flags=%s, ifa_scope=%s, ifa_index=%s}" % (
        plen, flags(aflags, xlat("ifaddrflags"), "IFA_F_???"),
        xval(scope, xlat("routing_scopes")), ifindex(index))
    if length > 8:
        out += ", " + nlattrs(ctx, buf, off + 8, length - 8, "rtnl_addr_attrs", "IFA_???",
                              _IFA, fam)
    return out


def _rt_class(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str | None:
    if length < 4:
        return None
    return xval(U32.unpack_from(buf, off)[0], xlat("routing_table_ids"))


def _rta_cacheinfo(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str | None:
    if length < 32:
        return None
    v = RTA_CACHEINFO.unpack_from(buf, off)
    return ("{rta_clntref=%u, rta_lastuse=%u, rta_expires=%d, rta_error=%u, rta_used=%u, "
            "rta_id=%s, rta_ts=%u, rta_tsage=%u}") % (
        v[0], v[1], v[2], v[3], v[4], "%#x" % v[5] if v[5] else "0", v[6], v[7])


_RTAX = by_name("rtnl_rta_metrics_attrs", {
    n: nla_u32 for n in ("RTAX_LOCK", "RTAX_MTU", "RTAX_WINDOW", "RTAX_RTT", "RTAX_RTTVAR",
                         "RTAX_SSTHRESH", "RTAX_CWND", "RTAX_ADVMSS", "RTAX_REORDERING",
                         "RTAX_HOPLIMIT", "RTAX_INITCWND", "RTAX_FEATURES", "RTAX_RTO_MIN",
                         "RTAX_INITRWND", "RTAX_QUICKACK")
})
_RTAX.update(by_name("rtnl_rta_metrics_attrs", {"RTAX_CC_ALGO": nla_str}))


def _metrics(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str:
    return nlattrs(ctx, buf, off, length, "rtnl_rta_metrics_attrs", "RTAX_???", _RTAX, opaque)


RTNEXTHOP = struct.Struct("<HBBi")


def _multipath(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str | None:
    """RTA_MULTIPATH: struct rtnexthop entries, each followed by its RTA_* attributes."""
    out: list[str] = []
    end = off + length
    while off < end:
        if end - off < 8:
            out.append(hexstr(ctx, buf, off, end - off))
            break
        if off + 8 > len(buf):
            out.append(unreadable(ctx, off))
            break
        rlen, rflags, hops, index = RTNEXTHOP.unpack_from(buf, off)
        text = "{rtnh_len=%u, rtnh_flags=%s, rtnh_hops=%u, rtnh_ifindex=%s}" % (
            rlen, flags(rflags, xlat("route_nexthop_flags"), "RTNH_F_???"), hops,
            ifindex(index & 0xFFFFFFFF))
        n = min(rlen, end - off)
        if n > 8:
            text = "[" + text + ", " + nlattrs(ctx, buf, off + 8, n - 8, "rtnl_route_attrs",
                                              "RTA_???", _RTA, opaque) + "]"
        out.append(text)
        if rlen < 8:
            break
        off += (rlen + 3) & ~3
    return "[" + ", ".join(out) + "]" if len(out) != 1 else out[0]


_RTA = by_name("rtnl_route_attrs", {
    "RTA_MULTIPATH": _multipath,
    "RTA_DST": _family_addr, "RTA_SRC": _family_addr, "RTA_IIF": nla_ifindex,
    "RTA_OIF": nla_ifindex, "RTA_GATEWAY": _family_addr, "RTA_PRIORITY": nla_u32,
    "RTA_PREFSRC": _family_addr, "RTA_METRICS": _metrics, "RTA_PROTOINFO": nla_u32,
    "RTA_FLOW": nla_u32, "RTA_CACHEINFO": _rta_cacheinfo, "RTA_MP_ALGO": nla_u32,
    "RTA_TABLE": _rt_class, "RTA_MARK": nla_u32, "RTA_NEWDST": _family_addr,
    "RTA_PREF": nla_u8, "RTA_EXPIRES": nla_u64, "RTA_UID": nla_u32, "RTA_TTL_PROPAGATE": nla_u8,
    "RTA_IP_PROTO": nla_u8, "RTA_SPORT": nla_u16, "RTA_DPORT": nla_u16,
})


def rtmsg(ctx: Ctx, t: int, f: int, buf: bytes, off: int, length: int) -> str:
    fam = buf[off]
    out = "{rtm_family=" + xval(fam, xlat("addrfams"), "AF_???") + ", "
    if length < 12:
        return out + "...}"
    _, dlen, slen, tos, table, proto, scope, typ, rflags = RTMSG.unpack_from(buf, off)
    out += ("rtm_dst_len=%u, rtm_src_len=%u, rtm_tos=%s, rtm_table=%s, rtm_protocol=%s, "
            "rtm_scope=%s, rtm_type=%s, rtm_flags=%s}") % (
        dlen, slen, flags(tos, xlat("ip_type_of_services"), "IPTOS_TOS_???"),
        xval(table, xlat("routing_table_ids")),
        xval(proto, xlat("routing_protocols"), "RTPROT_???"),
        xval(scope, xlat("routing_scopes")), xval(typ, xlat("routing_types"), "RTN_???"),
        flags(rflags, xlat("routing_flags"), "RTM_F_???"))
    if length > 12:
        out += ", " + nlattrs(ctx, buf, off + 12, length - 12, "rtnl_route_attrs", "RTA_???",
                              _RTA, fam)
    return out


def _nda_cacheinfo(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str | None:
    if length < 16:
        return None
    return "{ndm_confirmed=%u, ndm_used=%u, ndm_updated=%u, ndm_refcnt=%u}" % (
        NDA_CACHEINFO.unpack_from(buf, off))


_NDA = by_name("rtnl_neigh_attrs", {
    "NDA_DST": _family_addr, "NDA_LLADDR": _hwaddr, "NDA_CACHEINFO": _nda_cacheinfo,
    "NDA_PROBES": nla_u32, "NDA_PORT": nla_u16, "NDA_VNI": nla_u32, "NDA_IFINDEX": nla_ifindex,
    "NDA_MASTER": nla_ifindex, "NDA_LINK_NETNSID": nla_u32,
})


def ndmsg(ctx: Ctx, t: int, f: int, buf: bytes, off: int, length: int) -> str:
    fam = buf[off]
    out = "{ndm_family=" + xval(fam, xlat("addrfams"), "AF_???") + ", "
    if length < 12:
        return out + "...}"
    _, index, state, nflags, typ = NDMSG.unpack_from(buf, off)
    out += "ndm_ifindex=%s, ndm_state=%s, ndm_flags=%s, ndm_type=%s}" % (
        ifindex(index & 0xFFFFFFFF), flags(state, xlat("neighbor_cache_entry_states"), "NUD_???"),
        flags(nflags, xlat("neighbor_cache_entry_flags"), "NTF_???"),
        xval(typ, xlat("routing_types"), "RTN_???"))
    if length > 12:
        out += ", " + nlattrs(ctx, buf, off + 12, length - 12, "rtnl_neigh_attrs", "NDA_???",
                              _NDA, fam)
    return out


def _rtm_getneigh(ctx: Ctx, t: int, f: int, buf: bytes, off: int, length: int) -> str:
    if length >= 12:
        return ndmsg(ctx, t, f, buf, off, length)
    return _family(ctx, t, f, buf, off, length)


def _range(fmt: str) -> NlaDecoder:
    """struct fib_rule_port_range / fib_rule_uid_range: ``{start=N, end=N}`` (longer payloads
    print their first struct, shorter ones hex, as strace 6.1)."""
    st = struct.Struct(fmt)

    def dec(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str | None:
        if length < st.size or off + st.size > len(buf):
            return None
        return "{start=%u, end=%u}" % st.unpack_from(buf, off)

    return dec


def _be64(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str | None:
    """decode_nla_be64: ``htobe64(N)``."""
    if length < 8 or off + 8 > len(buf):
        return None
    return "htobe64(%u)" % struct.unpack_from(">Q", buf, off)[0]


_FRA = by_name("rtnl_rule_attrs", {
    "FRA_UID_RANGE": _range("<II"), "FRA_SPORT_RANGE": _range("<HH"),
    "FRA_DPORT_RANGE": _range("<HH"),
    "FRA_DST": _family_addr, "FRA_SRC": _family_addr, "FRA_IIFNAME": nla_str,
    "FRA_GOTO": nla_u32, "FRA_PRIORITY": nla_u32, "FRA_FWMARK": nla_u32, "FRA_FLOW": nla_u32,
    "FRA_TUN_ID": _be64, "FRA_SUPPRESS_IFGROUP": nla_u32, "FRA_SUPPRESS_PREFIXLEN": nla_u32,
    "FRA_TABLE": _rt_class, "FRA_FWMASK": nla_u32, "FRA_OIFNAME": nla_str,
    "FRA_L3MDEV": nla_u8, "FRA_PROTOCOL": nla_xval("routing_protocols", "RTPROT_???", 1),
    "FRA_IP_PROTO": nla_xval("inet_protocols", "IPPROTO_???"),
})


def fib_rule_hdr(ctx: Ctx, t: int, f: int, buf: bytes, off: int, length: int) -> str:
    fam = buf[off]
    out = "{family=" + xval(fam, xlat("addrfams"), "AF_???") + ", "
    if length < 12:
        return out + "...}"
    _, dlen, slen, tos, table, _r1, _r2, action, rflags = FIB_RULE_HDR.unpack_from(buf, off)
    out += "dst_len=%u, src_len=%u, tos=%s, table=%s, action=%s, flags=%s}" % (
        dlen, slen, flags(tos, xlat("ip_type_of_services"), "IPTOS_TOS_???"),
        xval(table, xlat("routing_table_ids"), "RT_TABLE_???"),
        xval(action, xlat("fib_rule_actions"), "FR_ACT_???"),
        flags(rflags, xlat("fib_rule_flags"), "FIB_RULE_???"))
    if length > 12:
        out += ", " + nlattrs(ctx, buf, off + 12, length - 12, "rtnl_rule_attrs", "FRA_???",
                              _FRA, fam)
    return out


def _family(ctx: Ctx, t: int, f: int, buf: bytes, off: int, length: int) -> str:
    """decode_family: the first byte as an address family, the rest as hex."""
    out = "{family=" + xval(buf[off], xlat("addrfams"), "AF_???")
    if length > 1:
        out += ", data=" + hexstr(ctx, buf, off + 1, length - 1)
    return out + "}"


_NETCONFA = by_name("rtnl_netconf_attrs", {
    "NETCONFA_IFINDEX": nla_ifindex, "NETCONFA_FORWARDING": nla_s32,
    "NETCONFA_RP_FILTER": nla_s32, "NETCONFA_MC_FORWARDING": nla_s32,
    "NETCONFA_PROXY_NEIGH": nla_s32, "NETCONFA_IGNORE_ROUTES_WITH_LINKDOWN": nla_s32,
    "NETCONFA_INPUT": nla_s32, "NETCONFA_BC_FORWARDING": nla_s32,
})
_NETNSA = by_name("rtnl_nsid_attrs", {
    "NETNSA_NSID": nla_s32, "NETNSA_PID": nla_u32, "NETNSA_FD": nla_s32,
    "NETNSA_TARGET_NSID": nla_s32, "NETNSA_CURRENT_NSID": nla_s32,
})


def _one_byte(field: str, table: str, dflt: str, decoders: dict[int, NlaDecoder]):
    """Messages whose header is one family byte (netconfmsg, rtgenmsg), attributes at 4."""
    def dec(ctx: Ctx, t: int, f: int, buf: bytes, off: int, length: int) -> str:
        out = "{%s=%s}" % (field, xval(buf[off], xlat("addrfams"), "AF_???"))
        if length > 4:
            out += ", " + nlattrs(ctx, buf, off + 4, length - 4, table, dflt, decoders)
        return out

    return dec


_DECODERS = {
    **dict.fromkeys((80, 81, 82), _one_byte("ncm_family", "rtnl_netconf_attrs", "NETCONFA_???",
                                           _NETCONFA)),
    **dict.fromkeys((88, 89, 90), _one_byte("rtgen_family", "rtnl_nsid_attrs", "NETNSA_???",
                                           _NETNSA)),
    **dict.fromkeys((16, 17, 18, 19), ifinfomsg),
    **dict.fromkeys((20, 21, 22, 58, 62), ifaddrmsg),
    **dict.fromkeys((24, 25, 26), rtmsg),
    **dict.fromkeys((32, 33, 34), fib_rule_hdr),
    28: ndmsg, 29: ndmsg, 30: _rtm_getneigh,
}


def _late_decoders() -> None:
    """tc and nexthop messages live in their own module (imported here to avoid a cycle)."""
    from .rtnl_link import DECODERS
    from .tc import nhmsg, tcmsg

    _IFLA.update(by_name("rtnl_link_attrs", DECODERS))

    # RTM_{NEW,DEL,GET}{QDISC,TCLASS,TFILTER,CHAIN}, RTM_{NEW,DEL,GET}NEXTHOP
    _DECODERS.update(dict.fromkeys((36, 37, 38, 40, 41, 42, 44, 45, 46, 100, 101, 102), tcmsg))
    _DECODERS.update(dict.fromkeys((104, 105, 106), nhmsg))


def route(ctx: Ctx, t: int, f: int, buf: bytes, off: int, length: int) -> str | None:
    if t == message.NLMSG_DONE:
        return None
    if off >= len(buf):
        return unreadable(ctx, off)
    dec = _DECODERS.get(t, _family)
    return dec(ctx, t, f, buf, off, length)


message.PAYLOADS[message.NETLINK_ROUTE] = route
_late_decoders()

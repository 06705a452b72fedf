"""Nested RTM_*LINK attributes as strace 6.1 prints them (its rtnl_link.c): IFLA_PROTINFO per
family (AF_BRIDGE port info, AF_INET6 as IFLA_AF_SPEC's), IFLA_LINKINFO with kind data (bridge,
tun), IFLA_AF_SPEC (AF_INET devconf, AF_INET6 flags/conf/stats), IFLA_XDP, IFLA_MAP, IFLA_EVENT,
IFLA_PROP_LIST, IFLA_PROTO_DOWN_REASON; hardware addresses cut to the length of the ARPHRD
type that strace takes from ifi_family."""

from __future__ import annotations

import os
import socket
import struct

from .. import netorder, printers
from ..printers import Xlat, flags, xlat, xval
from .core import (
    U32,
    Ctx,
    NlaDecoder,
    hexstr,
    inet_addr,
    nla_ifindex,
    nla_s32,
    nla_str,
    nla_u8,
    nla_u16,
    nla_u32,
    nla_x16,
    nla_x32,
    nla_xval,
    nlattrs,
    unreadable,
)
from .route import by_name

_MAX_ADDR_LEN = 32


def hwaddr_family(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str | None:
    """decode_nla_hwaddr_family: ifi_family taken as an ARPHRD type (as strace 6.1 does)."""
    if length > _MAX_ADDR_LEN:
        return None
    if off + length > len(buf):
        return unreadable(ctx, off)
    n = min(length, netorder.hwaddr_size(opaque)) if isinstance(opaque, int) else length
    return netorder.mac_addr(buf[off : off + length], n)


def hwaddr_nofamily(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str | None:
    if length > _MAX_ADDR_LEN:
        return None
    if off + length > len(buf):
        return unreadable(ctx, off)
    return netorder.mac_addr(buf[off : off + length])


def index_array(fmt: str, table: str, dflt: str) -> NlaDecoder:
    """print_array_ex with PAF_PRINT_INDICES: ``[[NAME]=v, [7 /* DFLT */]=v, ...]``.

    One ``[NAME]=%d, ...`` template and one struct per element count, built once: the values
    are unpacked by one call and formatted by one ``%`` (-v prints devconf/stats arrays of
    ~250 elements whole)."""
    size = struct.calcsize("<" + fmt)
    prefixes: dict[int, list[str]] = {}  # per -X style: the index printed as printxval_d
    per_count: dict[tuple[int, int], tuple[struct.Struct, str]] = {}

    def dec(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str | None:
        cnt = length // size
        if not cnt:
            return None
        limit = ctx.limit if ctx.abbrev else -1
        n = cnt if limit < 0 or limit > cnt else limit
        avail = (len(buf) - off) // size
        tail = "..." if n < cnt else ""
        if n and avail < n:
            n = max(avail, 0)
            tail = "..." if n else unreadable(ctx, off)
        if tail and n:
            tail = ", " + tail
        style = printers.xlat_style
        pair = per_count.get((n, style))
        if pair is None:
            pre = prefixes.setdefault(style, [])
            if len(pre) < n:
                x = xlat(table)
                for i in range(len(pre), n):
                    pre.append("[%s]=%%d" % printers.xval_dec(i, x, dflt).replace("%", "%%"))
            pair = per_count[(n, style)] = (struct.Struct("<%d%s" % (n, fmt)), ", ".join(pre[:n]))
        st, template = pair
        return "[" + (template % st.unpack_from(buf, off) if n else "") + tail + "]"

    return dec


def _fields(names: tuple[str, ...], fmt: str, hexes: tuple[str, ...] = ()) -> NlaDecoder:
    st = struct.Struct(fmt)

    def dec(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str | None:
        if length < st.size:
            return None
        if off + st.size > len(buf):
            return unreadable(ctx, off)
        vals = st.unpack_from(buf, off)
        return "{" + ", ".join([
            "%s=%s" % (n, ("%#x" % v if v else "0") if n in hexes else "%u" % v)
            for n, v in zip(names, vals, strict=True)]) + "}"

    return dec


_HZ = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def nla_clock_t(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str | None:
    """decode_nla_clock_t: ticks, and the seconds they make in a comment."""
    if length not in (4, 8):
        return None
    if off + length > len(buf):
        return unreadable(ctx, off)
    v = int.from_bytes(buf[off : off + length], "little")
    if not v:
        return "0"
    return "%u /* %u.%02u s */" % (v, v // _HZ, (v % _HZ) * 100 // _HZ)


def _bridge_id(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str | None:
    """struct ifla_bridge_id: prio[2], addr[6]."""
    if length < 8:
        return None
    if off + 8 > len(buf):
        return unreadable(ctx, off)
    return "{prio=[%u, %u], addr=%s}" % (buf[off], buf[off + 1],
                                         netorder.mac_addr(buf[off + 2 : off + 8]))


def _ether_proto(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str | None:
    """decode_nla_ether_proto: a big-endian u16 named from ethernet_protocols."""
    if length < 2:
        return None
    if off + 2 > len(buf):
        return unreadable(ctx, off)
    v = struct.unpack_from(">H", buf, off)[0]
    name = xlat("ethernet_protocols").get(v)
    return "htons(%s)" % (name if name else "%#x /* ETH_P_??? */" % v)


def _in6(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str | None:
    if length < 16:
        return None
    return inet_addr(ctx, buf, off, 16, socket.AF_INET6)


def _flags32(table: str, dflt: str) -> NlaDecoder:
    def dec(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str | None:
        if length < 4:
            return None
        if off + 4 > len(buf):
            return unreadable(ctx, off)
        return flags(U32.unpack_from(buf, off)[0], xlat(table), dflt)

    return dec


def _xval32(table: str, dflt: str) -> NlaDecoder:
    def dec(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str | None:
        if length < 4:
            return None
        if off + 4 > len(buf):
            return unreadable(ctx, off)
        return xval(U32.unpack_from(buf, off)[0], xlat(table), dflt)

    return dec


def _nested(table: str, dflt: str, decoders: dict[int, NlaDecoder]) -> NlaDecoder:
    def dec(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str:
        return nlattrs(ctx, buf, off, length, table, dflt, decoders, opaque)

    return dec


# --- IFLA_PROTINFO -----------------------------------------------------------------------

_BRPORT = by_name("rtnl_ifla_brport_attrs", {
    **dict.fromkeys(("IFLA_BRPORT_STATE", "IFLA_BRPORT_MODE", "IFLA_BRPORT_GUARD",
                     "IFLA_BRPORT_PROTECT", "IFLA_BRPORT_FAST_LEAVE", "IFLA_BRPORT_LEARNING",
                     "IFLA_BRPORT_UNICAST_FLOOD", "IFLA_BRPORT_PROXYARP",
                     "IFLA_BRPORT_LEARNING_SYNC", "IFLA_BRPORT_PROXYARP_WIFI",
                     "IFLA_BRPORT_TOPOLOGY_CHANGE_ACK", "IFLA_BRPORT_CONFIG_PENDING",
                     "IFLA_BRPORT_MULTICAST_ROUTER", "IFLA_BRPORT_MCAST_FLOOD",
                     "IFLA_BRPORT_MCAST_TO_UCAST", "IFLA_BRPORT_VLAN_TUNNEL",
                     "IFLA_BRPORT_BCAST_FLOOD", "IFLA_BRPORT_NEIGH_SUPPRESS",
                     "IFLA_BRPORT_ISOLATED", "IFLA_BRPORT_MRP_RING_OPEN",
                     "IFLA_BRPORT_MRP_IN_OPEN", "IFLA_BRPORT_LOCKED", "IFLA_BRPORT_MAB",
                     "IFLA_BRPORT_NEIGH_VLAN_SUPPRESS"), nla_u8),
    **dict.fromkeys(("IFLA_BRPORT_PRIORITY", "IFLA_BRPORT_DESIGNATED_PORT",
                     "IFLA_BRPORT_DESIGNATED_COST", "IFLA_BRPORT_ID", "IFLA_BRPORT_NO"), nla_u16),
    **dict.fromkeys(("IFLA_BRPORT_COST", "IFLA_BRPORT_MCAST_EHT_HOSTS_LIMIT",
                     "IFLA_BRPORT_MCAST_EHT_HOSTS_CNT", "IFLA_BRPORT_MCAST_N_GROUPS",
                     "IFLA_BRPORT_MCAST_MAX_GROUPS"), nla_u32),
    **dict.fromkeys(("IFLA_BRPORT_MESSAGE_AGE_TIMER", "IFLA_BRPORT_FORWARD_DELAY_TIMER",
                     "IFLA_BRPORT_HOLD_TIMER"), nla_clock_t),
    "IFLA_BRPORT_ROOT_ID": _bridge_id, "IFLA_BRPORT_BRIDGE_ID": _bridge_id,
    "IFLA_BRPORT_GROUP_FWD_MASK": nla_u16, "IFLA_BRPORT_BACKUP_PORT": nla_ifindex,
})

_INET6 = by_name("rtnl_ifla_af_spec_inet6_attrs", {
    "IFLA_INET6_FLAGS": _flags32("inet6_if_flags", "IF_???"),
    "IFLA_INET6_CONF": index_array("i", "inet6_devconf_indices", "DEVCONF_???"),
    "IFLA_INET6_STATS": index_array("Q", "snmp_ip_stats", "IPSTATS_MIB_???"),
    "IFLA_INET6_CACHEINFO": _fields(("max_reasm_len", "tstamp", "reachable_time",
                                     "retrans_time"), "<4I"),
    "IFLA_INET6_ICMP6STATS": index_array("Q", "snmp_icmp6_stats", "ICMP6_MIB_???"),
    "IFLA_INET6_TOKEN": _in6,
    "IFLA_INET6_ADDR_GEN_MODE": nla_xval("in6_addr_gen_mode", "IN6_ADDR_GEN_MODE_???", 1),
    "IFLA_INET6_RA_MTU": nla_u32,
})
_INET = by_name("rtnl_ifla_af_spec_inet_attrs", {
    "IFLA_INET_CONF": index_array("i", "inet_devconf_indices", "IPV4_DEVCONF_???"),
})

_AF_BRIDGE, _AF_INET, _AF_INET6 = 7, 2, 10
_PROTINFO = {
    _AF_BRIDGE: ("rtnl_ifla_brport_attrs", "IFLA_BRPORT_???", _BRPORT),
    _AF_INET6: ("rtnl_ifla_af_spec_inet6_attrs", "IFLA_INET6_???", _INET6),
}
_AF_SPEC = {
    _AF_INET: ("rtnl_ifla_af_spec_inet_attrs", "IFLA_INET_???", _INET),
    _AF_INET6: ("rtnl_ifla_af_spec_inet6_attrs", "IFLA_INET6_???", _INET6),
}


def protinfo(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str | None:
    """IFLA_PROTINFO: its attribute table is chosen by ifi_family (decode_nla_af_spec)."""
    desc = _PROTINFO.get(opaque) if isinstance(opaque, int) else None
    if desc is None:
        return None
    return nlattrs(ctx, buf, off, length, desc[0], desc[1], desc[2])


class _ByType(dict):
    """A decoder table that hands every attribute its own type (strace's zero-size tables)."""

    def __init__(self, dec: NlaDecoder) -> None:
        super().__init__()
        self.dec = dec

    def get(self, key: object, default: object = None) -> NlaDecoder:  # type: ignore[override]
        dec = self.dec
        return lambda ctx, buf, off, length, opaque=None: dec(ctx, buf, off, length, key)


def _af(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str | None:
    desc = _AF_SPEC.get(opaque) if isinstance(opaque, int) else None
    if desc is None:
        return None
    return nlattrs(ctx, buf, off, length, desc[0], desc[1], desc[2])


_AF_TABLE = _ByType(_af)


def af_spec(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str:
    """IFLA_AF_SPEC: attributes typed by address family, each decoded by its family's table."""
    return nlattrs(ctx, buf, off, length, "addrfams", "AF_???", _AF_TABLE, "af_spec")


# --- IFLA_LINKINFO -----------------------------------------------------------------------

_BOOLOPT_FLAGS: Xlat | None = None


def _boolopt(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str | None:
    """struct br_boolopt_multi: optval and optmask as ``1<<BR_BOOLOPT_*`` flags."""
    global _BOOLOPT_FLAGS
    if length < 8:
        return None
    if off + 8 > len(buf):
        return unreadable(ctx, off)
    if _BOOLOPT_FLAGS is None:
        _BOOLOPT_FLAGS = Xlat("br_boolopt_flags", tuple(
            (1 << v, "1<<" + n) for v, n in xlat("rtnl_ifla_br_boolopts").pairs))
    val, mask = struct.unpack_from("<II", buf, off)
    return "{optval=%s, optmask=%s}" % (flags(val, _BOOLOPT_FLAGS, "1<<BR_BOOLOPT_???"),
                                       flags(mask, _BOOLOPT_FLAGS, "1<<BR_BOOLOPT_???"))


_BR = by_name("rtnl_ifla_info_data_bridge_attrs", {
    **dict.fromkeys(("IFLA_BR_FORWARD_DELAY", "IFLA_BR_HELLO_TIME", "IFLA_BR_MAX_AGE",
                     "IFLA_BR_AGEING_TIME", "IFLA_BR_HELLO_TIMER", "IFLA_BR_TCN_TIMER",
                     "IFLA_BR_TOPOLOGY_CHANGE_TIMER", "IFLA_BR_GC_TIMER",
                     "IFLA_BR_MCAST_LAST_MEMBER_INTVL", "IFLA_BR_MCAST_MEMBERSHIP_INTVL",
                     "IFLA_BR_MCAST_QUERIER_INTVL", "IFLA_BR_MCAST_QUERY_INTVL",
                     "IFLA_BR_MCAST_QUERY_RESPONSE_INTVL", "IFLA_BR_MCAST_STARTUP_QUERY_INTVL"),
                    nla_clock_t),
    **dict.fromkeys(("IFLA_BR_STP_STATE", "IFLA_BR_ROOT_PATH_COST",
                     "IFLA_BR_MCAST_HASH_ELASTICITY", "IFLA_BR_MCAST_HASH_MAX",
                     "IFLA_BR_MCAST_LAST_MEMBER_CNT", "IFLA_BR_MCAST_STARTUP_QUERY_CNT"),
                    nla_u32),
    **dict.fromkeys(("IFLA_BR_PRIORITY", "IFLA_BR_ROOT_PORT", "IFLA_BR_VLAN_DEFAULT_PVID"),
                    nla_u16),
    **dict.fromkeys(("IFLA_BR_VLAN_FILTERING", "IFLA_BR_TOPOLOGY_CHANGE",
                     "IFLA_BR_TOPOLOGY_CHANGE_DETECTED", "IFLA_BR_MCAST_ROUTER",
                     "IFLA_BR_MCAST_SNOOPING", "IFLA_BR_MCAST_QUERY_USE_IFADDR",
                     "IFLA_BR_MCAST_QUERIER", "IFLA_BR_NF_CALL_IPTABLES",
                     "IFLA_BR_NF_CALL_IP6TABLES", "IFLA_BR_NF_CALL_ARPTABLES",
                     "IFLA_BR_VLAN_STATS_ENABLED", "IFLA_BR_MCAST_STATS_ENABLED",
                     "IFLA_BR_MCAST_IGMP_VERSION", "IFLA_BR_MCAST_MLD_VERSION",
                     "IFLA_BR_VLAN_STATS_PER_PORT"), nla_u8),
    "IFLA_BR_VLAN_PROTOCOL": _ether_proto, "IFLA_BR_GROUP_FWD_MASK": nla_x16,
    "IFLA_BR_ROOT_ID": _bridge_id, "IFLA_BR_BRIDGE_ID": _bridge_id,
    "IFLA_BR_GROUP_ADDR": hwaddr_nofamily, "IFLA_BR_MULTI_BOOLOPT": _boolopt,
})


def _tun_type(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str | None:
    return nla_xval("tun_device_types", "IFF_???", 1)(ctx, buf, off, length)


_TUN = by_name("rtnl_ifla_info_data_tun_attrs", {
    "IFLA_TUN_OWNER": nla_u32, "IFLA_TUN_GROUP": nla_u32, "IFLA_TUN_TYPE": _tun_type,
    **dict.fromkeys(("IFLA_TUN_PI", "IFLA_TUN_VNET_HDR", "IFLA_TUN_PERSIST",
                     "IFLA_TUN_MULTI_QUEUE"), nla_u8),
    "IFLA_TUN_NUM_QUEUES": nla_u32, "IFLA_TUN_NUM_DISABLED_QUEUES": nla_u32,
})
_KIND_DATA = {
    "bridge": ("rtnl_ifla_info_data_bridge_attrs", "IFLA_BR_???", _BR),
    "tun": ("rtnl_ifla_info_data_tun_attrs", "IFLA_TUN_???", _TUN),
}


def _ctx_str(key: str) -> NlaDecoder:
    """IFLA_INFO_KIND / IFLA_INFO_SLAVE_KIND: printed, and kept for the data that follows."""
    def dec(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str:
        if isinstance(opaque, dict):
            raw = buf[off : off + length]
            nul = raw.find(b"\0")
            opaque[key] = raw[:nul].decode("latin-1") if 0 <= nul < 16 else ""
        return nla_str(ctx, buf, off, length)

    return dec


def _slave_data(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str | None:
    if not isinstance(opaque, dict) or opaque.get("slave_kind") != "bridge":
        return None
    return nlattrs(ctx, buf, off, length, "rtnl_ifla_brport_attrs", "IFLA_BRPORT_???", _BRPORT,
                   opaque)


def _data(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str | None:
    kind = opaque.get("kind") if isinstance(opaque, dict) else None
    desc = _KIND_DATA.get(kind or "")
    if desc is None:
        return None
    return nlattrs(ctx, buf, off, length, desc[0], desc[1], desc[2], opaque)


_CAN_STATS = _fields(("bus_error", "error_warning", "error_passive", "bus_off",
                      "arbitration_lost", "restarts"), "<6I")


def _xstats(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str | None:
    if isinstance(opaque, dict) and opaque.get("kind") == "can":
        return _CAN_STATS(ctx, buf, off, length)
    return None


_INFO = by_name("rtnl_ifla_info_attrs", {
    "IFLA_INFO_KIND": _ctx_str("kind"), "IFLA_INFO_DATA": _data, "IFLA_INFO_XSTATS": _xstats,
    "IFLA_INFO_SLAVE_KIND": _ctx_str("slave_kind"), "IFLA_INFO_SLAVE_DATA": _slave_data,
})


def linkinfo(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str:
    """IFLA_LINKINFO: IFLA_INFO_KIND selects how IFLA_INFO_DATA decodes (bridge, tun)."""
    return nlattrs(ctx, buf, off, length, "rtnl_ifla_info_attrs", "IFLA_INFO_???", _INFO, {})


# --- the rest ----------------------------------------------------------------------------

_XDP = by_name("rtnl_ifla_xdp_attrs", {
    "IFLA_XDP_FD": nla_s32, "IFLA_XDP_EXPECTED_FD": nla_s32,
    "IFLA_XDP_ATTACHED": nla_xval("rtnl_ifla_xdp_attached_mode", "XDP_ATTACHED_???", 1),
    "IFLA_XDP_FLAGS": _flags32("xdp_flags", "XDP_FLAGS_???"),
    **dict.fromkeys(("IFLA_XDP_PROG_ID", "IFLA_XDP_DRV_PROG_ID", "IFLA_XDP_SKB_PROG_ID",
                     "IFLA_XDP_HW_PROG_ID"), nla_u32),
})
_MAP = _fields(("mem_start", "mem_end", "base_addr", "irq", "dma", "port"), "<QQQHBB",
               ("mem_start", "mem_end", "base_addr"))
_DOWN_REASON = by_name("rtnl_ifla_proto_down_reason_attrs", {
    "IFLA_PROTO_DOWN_REASON_MASK": nla_x32, "IFLA_PROTO_DOWN_REASON_VALUE": nla_x32,
})
_ALT_IFNAME: int | None = None


def _prop(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str | None:
    global _ALT_IFNAME
    if _ALT_IFNAME is None:
        _ALT_IFNAME = xlat("rtnl_link_attrs").value_of("IFLA_ALT_IFNAME") or -1
    return nla_str(ctx, buf, off, length) if opaque == _ALT_IFNAME else None


_PROP_TABLE = _ByType(_prop)


def prop_list(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str:
    return nlattrs(ctx, buf, off, length, "rtnl_link_attrs", "IFLA_???", _PROP_TABLE, "prop")


DECODERS: dict[str, NlaDecoder] = {
    "IFLA_ADDRESS": hwaddr_family, "IFLA_BROADCAST": hwaddr_family,
    "IFLA_PERM_ADDRESS": hwaddr_family,
    "IFLA_PROTINFO": protinfo, "IFLA_LINKINFO": linkinfo, "IFLA_AF_SPEC": af_spec,
    "IFLA_MAP": _MAP, "IFLA_XDP": _nested("rtnl_ifla_xdp_attrs", "IFLA_XDP_???", _XDP),
    "IFLA_EVENT": _xval32("rtnl_ifla_events", "IFLA_EVENT_???"),
    "IFLA_PROP_LIST": prop_list,
    "IFLA_PROTO_DOWN_REASON": _nested("rtnl_ifla_proto_down_reason_attrs",
                                      "IFLA_PROTO_DOWN_REASON_???", _DOWN_REASON),
}

__all__ = ["DECODERS", "Xlat", "af_spec", "hexstr", "hwaddr_family", "index_array", "linkinfo",
           "protinfo"]

"""Traffic control (RTM_*QDISC, RTM_*TCLASS, RTM_*TFILTER, RTM_*CHAIN) and nexthops
(RTM_*NEXTHOP) as strace 6.1 prints them (its rtnl_tc.c, rtnl_nexthop.c); TCA_OPTIONS, which
strace prints as hex, is decoded deeper from the tc spec, per TCA_KIND."""

from __future__ import annotations

import struct

from ..printers import flags, xlat, xval
from . import spec
from .core import (
    U32,
    Ctx,
    NlaDecoder,
    ifindex,
    inet_addr,
    nla_ifindex,
    nla_str,
    nla_u8,
    nla_u16,
    nla_u32,
    nla_u64,
    nlattrs,
    unreadable,
)
from .route import by_name

TCMSG = struct.Struct("<BxxxiIII")
NHMSG = struct.Struct("<BBBxI")


def _fields(names: tuple[str, ...], fmt: str) -> NlaDecoder:
    st = struct.Struct(fmt)

    def dec(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str | None:
        if length < st.size:
            return None
        if off + st.size > len(buf):
            return unreadable(ctx, off)
        return "{" + ", ".join(["%s=%d" % kv for kv in zip(names, st.unpack_from(buf, off),
                                                             strict=True)]) + "}"

    return dec


_BASIC = _fields(("bytes", "packets"), "<QI")
_STATS2 = by_name("rtnl_tca_stats_attrs", {
    "TCA_STATS_BASIC": _BASIC,
    "TCA_STATS_RATE_EST": _fields(("bps", "pps"), "<II"),
    "TCA_STATS_QUEUE": _fields(("qlen", "backlog", "drops", "requeues", "overlimits"), "<5I"),
    "TCA_STATS_RATE_EST64": _fields(("bps", "pps"), "<QQ"),
    "TCA_STATS_BASIC_HW": _BASIC,
    "TCA_STATS_PKT64": nla_u64,
})


def _stats2(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str:
    return nlattrs(ctx, buf, off, length, "rtnl_tca_stats_attrs", "TCA_STATS_???", _STATS2)


def _kind(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str:
    if isinstance(opaque, dict):
        opaque["kind"] = buf[off : off + length].split(b"\0", 1)[0].decode("latin-1")
    return nla_str(ctx, buf, off, length)


def _options(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str | None:
    """Deeper than strace (which prints hex): the kind's attributes from the tc spec."""
    if spec.STRICT or not isinstance(opaque, dict):
        return None
    kind = opaque.get("kind")
    mod = spec.module("tc")
    fmt = mod.SUB_MESSAGES.get("tc-options-msg", {}).get(kind) if mod and kind else None
    if not fmt or not fmt[0] or fmt[1]:
        return None  # unknown kind, or a fixed header before the attributes (fifo, ...)
    return spec.spec_decoder("tc", fmt[0])(ctx, buf, off, length, None)


_TCA = by_name("rtnl_tc_attrs", {
    "TCA_KIND": _kind, "TCA_OPTIONS": _options,
    "TCA_STATS": _fields(("bytes", "packets", "drops", "overlimits", "bps", "pps", "qlen",
                          "backlog"), "<QIIIIIII"),
    "TCA_RATE": _fields(("interval", "ewma_log"), "<bB"),
    "TCA_FCNT": nla_u32, "TCA_STATS2": _stats2, "TCA_CHAIN": nla_u32, "TCA_HW_OFFLOAD": nla_u8,
    "TCA_INGRESS_BLOCK": nla_u32, "TCA_EGRESS_BLOCK": nla_u32,
})


def tcmsg(ctx: Ctx, t: int, f: int, buf: bytes, off: int, length: int) -> str:
    fam = buf[off]
    out = "{tcm_family=" + xval(fam, xlat("addrfams"), "AF_???") + ", "
    if length < 20:
        return out + "...}"
    if off + 20 > len(buf):
        return out + unreadable(ctx, off + 1) + "}"
    _, index, handle, parent, info = TCMSG.unpack_from(buf, off)
    out += "tcm_ifindex=%s, tcm_handle=%u, tcm_parent=%u, tcm_info=%u}" % (
        ifindex(index & 0xFFFFFFFF), handle, parent, info)
    if length > 20:
        out += ", " + nlattrs(ctx, buf, off + 20, length - 20, "rtnl_tc_attrs", "TCA_???", _TCA,
                              {})
    return out


def _nh_gateway(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str:
    return inet_addr(ctx, buf, off, length, opaque if isinstance(opaque, int) else -1)


_NHA = by_name("rtnl_nexthop_attrs", {
    "NHA_ID": nla_u32, "NHA_GROUP_TYPE": nla_u16, "NHA_OIF": nla_ifindex,
    "NHA_GATEWAY": _nh_gateway, "NHA_ENCAP_TYPE": nla_u16, "NHA_MASTER": nla_ifindex,
})


def nhmsg(ctx: Ctx, t: int, f: int, buf: bytes, off: int, length: int) -> str:
    fam = buf[off]
    out = "{nh_family=" + xval(fam, xlat("addrfams"), "AF_???") + ", "
    if length < 8:
        return out + "...}"
    if off + 8 > len(buf):
        return out + unreadable(ctx, off + 1) + "}"
    _, scope, proto, nflags = NHMSG.unpack_from(buf, off)
    out += "nh_scope=%s, nh_protocol=%s, nh_flags=%s}" % (
        xval(scope, xlat("routing_scopes")), xval(proto, xlat("routing_protocols"), "RTPROT_???"),
        flags(nflags, xlat("route_nexthop_flags"), "RTNH_F_???"))
    if length > 8:
        out += ", " + nlattrs(ctx, buf, off + 8, length - 8, "rtnl_nexthop_attrs", "NHA_???",
                              _NHA, fam)
    return out


__all__ = ["U32", "nhmsg", "tcmsg"]

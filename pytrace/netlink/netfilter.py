"""NETLINK_NETFILTER as strace 6.1 prints it (its src/netlink_netfilter.c and the nlmsg_type
printer of src/netlink.c): ``NFNL_SUBSYS_X<<8|MSG`` types, struct nfgenmsg, then the attributes
with numeric types and hex payloads (batch messages: hex).

Deeper than strace: ctnetlink and nf_tables attribute lists are named (the UAPI enums, generated
xlat lists) and typed (the kernel's conntrack/nftables netlink specs); so are the subsystems no
spec describes (conntrack expectations and global stats, cttimeout, cthelper, nfacct, nfqueue,
nflog, ipset: the pseudo-spec family of nfnl_sets.py, their fixed structs from
pytrace/structs/nfnetlink.py), unless
``PYTRACE_NETLINK=strace`` asks for strace's exact text; ``json_fields`` gives netlink_value
(JSON) the nfgenmsg and the same named, typed attributes.
"""

from __future__ import annotations

import socket
import struct

from .. import netorder, printers
from ..printers import Xlat, hexval, xlat, xval
from ..structs.nfnetlink import LAYOUTS, Layout
from . import message, nfnl_sets, spec, value
from .core import (
    NLA_TYPE_MASK,
    NLMSG_DONE,
    Ctx,
    NlaDecoder,
    hexstr,
    nlattrs,
    unreadable,
)

NFNL_SUBSYS_CTNETLINK = 1
NFNL_SUBSYS_NFTABLES = 10
NFNL_MSG_BATCH_BEGIN = 0x10
NFNL_MSG_BATCH_END = 0x11
NFGENMSG_LEN = 4

# subsystem -> (message type table, its default), indexed as strace's nf_nlmsg_types
_MSG_TYPES: tuple[tuple[str | None, str | None], ...] = (
    (None, None),
    ("nf_ctnetlink_msg_types", "IPCTNL_MSG_CT_???"),
    ("nf_ctnetlink_exp_msg_types", "IPCTNL_MSG_EXP_???"),
    ("nf_queue_msg_types", "NFQNL_MSG_???"),
    ("nf_ulog_msg_types", "NFULNL_MSG_???"),
    ("nf_osf_msg_types", "OSF_MSG_???"),
    ("nf_ipset_msg_types", "IPSET_CMD_???"),
    ("nf_acct_msg_types", "NFNL_MSG_ACCT_???"),
    ("nf_cttimeout_msg_types", "IPCTNL_MSG_TIMEOUT_???"),
    ("nf_cthelper_msg_types", "NFNL_MSG_CTHELPER_???"),
    ("nf_nftables_msg_types", "NFT_MSG_???"),
    ("nf_nft_compat_msg_types", "NFNL_MSG_COMPAT_???"),
    ("nf_hook_msg_types", "NFT_MSG_HOOK_???"),  # sic: strace 6.1's default for NFNL_SUBSYS_HOOK
)

_NO_NAMES = Xlat("nf_attrs", ())
_BE16 = struct.Struct(">H")

# spec attribute set -> the UAPI enum naming its attributes (syscall_tables/xlat/<name>.in)
_SET_NAMES: dict[tuple[str, str], str] = {
    **{("conntrack", s): "nf_ctattr_" + x for s, x in (
        ("conntrack-attrs", "type"), ("conntrack-stats-attrs", "stats_cpu"),
        ("counter-attrs", "counters"), ("help-attrs", "help"), ("nat-attrs", "nat"),
        ("nat-proto-attrs", "protonat"), ("protoinfo-attrs", "protoinfo"),
        ("protoinfo-dccp-attrs", "protoinfo_dccp"), ("protoinfo-sctp-attrs", "protoinfo_sctp"),
        ("protoinfo-tcp-attrs", "protoinfo_tcp"), ("secctx-attrs", "secctx"),
        ("seqadj-attrs", "seqadj"), ("synproxy-attrs", "synproxy"), ("tuple-attrs", "tuple"),
        ("tuple-ip-attrs", "ip"), ("tuple-proto-attrs", "l4proto"))},
    **{("nftables", s): "nf_nft_" + x + "_attributes" for s, x in (
        ("chain-attrs", "chain"), ("counter-attrs", "counter"), ("data-attrs", "data"),
        ("expr-attrs", "expr"), ("expr-cmp-attrs", "cmp"), ("expr-counter-attrs", "counter"),
        ("expr-flow-offload-attrs", "offload"), ("expr-immediate-attrs", "immediate"),
        ("expr-list-attrs", "list"), ("expr-meta-attrs", "meta"), ("expr-nat-attrs", "nat"),
        ("expr-payload-attrs", "payload"), ("expr-tproxy-attrs", "tproxy"),
        ("flowtable-attrs", "flowtable"), ("flowtable-hook-attrs", "flowtable_hook"),
        ("gen-attrs", "gen"), ("hook-dev-attrs", "devices"), ("nft-counter-attrs", "counter"),
        ("nft-hook-attrs", "hook"), ("obj-attrs", "object"), ("quota-attrs", "quota"),
        ("rule-attrs", "rule"), ("rule-compat-attrs", "rule_compat"), ("set-attrs", "set"),
        ("set-desc-attrs", "set_desc"), ("set-desc-concat-attrs", "list"),
        ("set-field-attrs", "set_field"), ("set-list-attrs", "list"),
        ("setelem-attrs", "set_elem"), ("setelem-list-attrs", "set_elem_list"),
        ("setelem-list-elem-attrs", "list"), ("table-attrs", "table"),
        ("verdict-attrs", "verdict"))},
}

# ctnetlink message types -> conntrack spec set (the spec lists only get/get-stats requests;
# NEW/DELETE and the dump replies carry the same attributes)
_CT_SETS = {0: "conntrack-attrs", 1: "conntrack-attrs", 2: "conntrack-attrs",
            3: "conntrack-attrs", 4: "conntrack-stats-attrs", 6: "conntrack-attrs",
            7: "conntrack-attrs"}
_NFT_SETS: dict[int, str] | None = None
_CT_GET_CTRZERO = (NFNL_SUBSYS_CTNETLINK << 8) | 3
_U16 = struct.Struct("<H")


def msg_type(ctx: Ctx, t: int) -> str:
    """decode_nlmsg_type_netfilter: batch names, else ``SUBSYS<<8|MSG``."""
    name = xlat("nl_netfilter_msg_types").get(t)
    if name is not None:
        return xval(t, xlat("nl_netfilter_msg_types"))
    subsys, mtype = (t >> 8) & 0xFF, t & 0xFF
    text = xval(subsys, xlat("nl_netfilter_subsys_ids"), "NFNL_SUBSYS_???") + "<<8|"
    if subsys < len(_MSG_TYPES):
        table, dflt = _MSG_TYPES[subsys]
        return text + xval(mtype, xlat(table) if table else _NO_NAMES, dflt)
    return text + hexval(mtype)


def _res_id(subsys: int, raw: int) -> str:
    """res_id, with strace's work-around for nf_tables' byte order (linux v4.3)."""
    host = _BE16.unpack(raw.to_bytes(2, "little"))[0]
    if subsys == NFNL_SUBSYS_NFTABLES and host == NFNL_SUBSYS_NFTABLES:
        return _xlat_ex(raw, "htons(NFNL_SUBSYS_NFTABLES)")
    if subsys == NFNL_SUBSYS_NFTABLES and raw == NFNL_SUBSYS_NFTABLES:
        return _xlat_ex(raw, "NFNL_SUBSYS_NFTABLES")
    return "htons(%d)" % host  # strace 6.1 prints this one the same under every -X


def _xlat_ex(raw: int, name: str) -> str:
    """print_xlat_ex: the two res_id quirks follow -X (``0xa00 /* htons(...) */``)."""
    if printers.xlat_style == printers.STYLE_RAW:
        return hexval(raw)
    return f"{hexval(raw)} /* {name} */" if printers.xlat_style == printers.STYLE_VERBOSE else name


def payload(ctx: Ctx, t: int, f: int, buf: bytes, off: int, length: int) -> str | None:
    """decode_netlink_netfilter: nfgenmsg, then attributes (batch messages: hex)."""
    if t == NLMSG_DONE:
        return None
    if length < NFGENMSG_LEN:
        return hexstr(ctx, buf, off, length)
    if off + NFGENMSG_LEN > len(buf):
        return unreadable(ctx, off)
    family, version, raw = struct.unpack_from("<BBH", buf, off)
    subsys = (t >> 8) & 0xFF
    text = "{nfgen_family=%s, version=%s, res_id=%s}" % (
        xval(family, xlat("addrfams"), "AF_???"),
        xval(version, xlat("netfilter_versions"), "NFNETLINK_???"),
        _res_id(subsys, raw),
    )
    if length > NFGENMSG_LEN:
        off += NFGENMSG_LEN
        length -= NFGENMSG_LEN
        if NFNL_MSG_BATCH_BEGIN <= t <= NFNL_MSG_BATCH_END:
            return text + ", " + hexstr(ctx, buf, off, length)
        where = None if spec.STRICT else spec_set(t, buf, off)
        if where is None:
            return text + ", " + nlattrs(ctx, buf, off, length, _NO_NAMES, None, None)
        return text + ", " + set_decoder(*where)(ctx, buf, off, length, None)
    return text


# --- deeper than strace: attribute sets from the conntrack and nftables specs -----------------

def spec_set(t: int, buf: bytes = b"", off: int = 0) -> tuple[str, str] | None:
    """(spec family, attribute set) of a netfilter message type, when a spec describes it.
    ``buf[off:]``: the attributes, to tell the kernel's expectation stats replies (typed
    NFNL_SUBSYS_CTNETLINK<<8|IPCTNL_MSG_EXP_GET_STATS_CPU, i.e. IPCTNL_MSG_CT_GET_CTRZERO, by
    ctnetlink_exp_stat_fill_info) from conntrack entries, which start with a nested tuple."""
    global _NFT_SETS
    subsys, mtype = (t >> 8) & 0xFF, t & 0xFF
    if t == _CT_GET_CTRZERO and off + 4 <= len(buf) and not buf[off + 3] & 0x80 \
            and _U16.unpack_from(buf, off)[0] == 8:
        nfnl_sets.register()
        return nfnl_sets.FAMILY, "expect-stats-attrs"
    nf_set = nfnl_sets.message_set(subsys, mtype)
    if nf_set is not None:
        nfnl_sets.register()
        return nfnl_sets.FAMILY, nf_set
    if subsys == NFNL_SUBSYS_CTNETLINK:
        aset = _CT_SETS.get(mtype)
        return ("conntrack", aset) if aset else None
    if subsys == NFNL_SUBSYS_NFTABLES:
        if _NFT_SETS is None:
            mod = spec.module("nftables")
            _NFT_SETS = {v & 0xFF: a for v, a, _h in (mod.OPS.values() if mod else ())
                         if isinstance(v, int) and v >> 8 == NFNL_SUBSYS_NFTABLES and a}
        aset = _NFT_SETS.get(mtype)
        return ("nftables", aset) if aset else None
    return None


def set_names(family: str, aset: str) -> Xlat:
    """The attribute names of a spec set: the UAPI enum's, else the spec's own."""
    if family == nfnl_sets.FAMILY:
        names = nfnl_sets.names(aset)
        if names is not None:
            return names
        family = "conntrack"  # the conntrack spec's sets, nested in nfqueue/nflog/expect
    name = _SET_NAMES.get((family, aset))
    return xlat(name) if name else spec.attr_xlat(family, aset)


_DECODERS: dict[tuple[str, str], dict[int, NlaDecoder]] = {}


def set_decoder(family: str, aset: str) -> NlaDecoder:
    """An attribute-list decoder for one spec set, named by the UAPI enum."""
    def dec(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str:
        table = _DECODERS.get((family, aset))
        if table is None:
            table = _build(family, aset)
        return nlattrs(ctx, buf, off, length, set_names(family, aset), None, table, {})

    return dec


def _addr(af: int, size: int) -> NlaDecoder:
    def dec(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str | None:
        if length != size or off + size > len(buf):
            return None
        return netorder.inet_addr(af, buf[off : off + size], None)

    return dec


def _sub(family: str, extra: dict, siblings: dict[str, str]) -> NlaDecoder | None:
    mod = spec.module(family)
    formats = mod.SUB_MESSAGES.get(extra["sub"], {}) if mod else {}
    key = siblings.get(extra.get("selector", ""))

    def dec(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str | None:
        sel = opaque.get(key) if isinstance(opaque, dict) and key else None
        fmt = formats.get(str(sel)) if sel is not None else None
        if not fmt or not fmt[0]:
            return None
        return set_decoder(family, fmt[0])(ctx, buf, off, length, None)

    return dec


def _nonempty(dec: NlaDecoder | None) -> NlaDecoder | None:
    """A flag set of value 0 prints as ``0`` (printflags), not as nothing."""
    if dec is None:
        return None

    def wrapped(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str | None:
        text = dec(ctx, buf, off, length, opaque)
        return "0" if text == "" else text

    return wrapped


def _build(family: str, aset: str) -> dict[int, NlaDecoder]:
    mod = spec.module(family)
    attrs = mod.ATTRS.get(aset, {}) if mod else {}
    table: dict[int, NlaDecoder] = {}
    _DECODERS[(family, aset)] = table  # before recursing: sets may nest themselves
    # a sub-message's selector names a sibling by its spec name ("name" -> ..._NAME)
    siblings = {c.rsplit("_A_", 1)[-1].lower().split("_attrs_", 1)[-1].replace("_", "-"): c
                for c, _t, _e in attrs.values()}
    for v, (cname, typ, extra) in attrs.items():
        d: NlaDecoder | None
        hint = extra.get("hint")
        if typ == "nest" and "nest" in extra:
            d = set_decoder(family, extra["nest"])
        elif typ == "sub-message" and "sub" in extra:
            d = _sub(family, extra, siblings)
        elif "layout" in extra:
            d = _layout_decoder(LAYOUTS[extra["layout"]])
        elif hint in ("ipv4", "ipv6") and typ in ("u32", "binary"):
            d = _addr(socket.AF_INET, 4) if hint == "ipv4" else _addr(socket.AF_INET6, 16)
        else:
            d = _nonempty(spec._attr_decoder(family, cname, typ, extra))
        if d is not None:
            table[v] = d
    return table


def _field(lay: Layout, i: int, v: int | bytes, values: tuple) -> str:
    how, size = lay.prints[i], lay.sizes[i]
    if isinstance(v, bytes):  # hw_addr: hw_addrlen bytes of it
        n = values[lay.names.index("hw_addrlen")] if "hw_addrlen" in lay.names else len(v)
        return netorder.mac_addr(v[: min(n, len(v))])
    if how == "u" or size == 8:
        return "%u" % v
    if how in ("htons", "htonl"):
        return "%s(%u)" % (how, v)
    text = xval(v, xlat(how), None)
    return ("htons(%s)" if size == 2 else "htonl(%s)") % text if size in (2, 4) else text


def _layout_decoder(lay: Layout) -> NlaDecoder:
    """A fixed big-endian struct (nfqnl/nfulnl headers): ``{field=value, ...}``; a payload
    shorter than the struct prints as hex, as strace prints an undecodable attribute."""
    def dec(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str | None:
        if length < lay.st.size or off + lay.st.size > len(buf):
            return None
        values = lay.st.unpack_from(buf, off)
        return "{" + ", ".join(["%s=%s" % (n, _field(lay, i, v, values))
                                for i, (n, v) in enumerate(zip(lay.names, values, strict=True))]) + "}"

    return dec


def layout_value(lay: Layout, raw: bytes) -> dict | None:
    """JSON: a fixed struct as ``{field: number}`` (hw_addr as text, named values beside)."""
    if len(raw) < lay.st.size:
        return None
    values = lay.st.unpack_from(raw, 0)
    out: dict = {"struct": lay.name}
    for i, (n, v) in enumerate(zip(lay.names, values, strict=True)):
        if isinstance(v, bytes):
            out[n] = _field(lay, i, v, values)
            continue
        out[n] = v
        how = lay.prints[i]
        if how not in ("u", "htons", "htonl"):
            out[n + "_name"] = xlat(how).get(v)
    return out


def json_fields(t: int, data: bytes, off: int, length: int) -> dict:
    """netlink_value's hook: nfgenmsg and, where a spec describes the message, its attributes
    (names from the UAPI enums)."""
    if length < NFGENMSG_LEN or off + NFGENMSG_LEN > len(data):
        return {}
    family, version, raw = struct.unpack_from("<BBH", data, off)
    out: dict = {"nfgenmsg": {"nfgen_family": family, "version": version,
                              "res_id": _BE16.unpack(raw.to_bytes(2, "little"))[0]},
                 "subsys": (t >> 8) & 0xFF, "msg": t & 0xFF}
    where = None if NFNL_MSG_BATCH_BEGIN <= t <= NFNL_MSG_BATCH_END else \
        spec_set(t, data, off + NFGENMSG_LEN)
    if where is not None:
        fam, aset = where
        out["family"] = fam
        out["attrs"] = json_names(fam, aset, spec.spec_value(
            fam, aset, data, off + NFGENMSG_LEN, length - NFGENMSG_LEN))
    return out


def json_names(family: str, aset: str, attrs: list[dict]) -> list[dict]:
    """Rename spec_value's attributes (and nested ones) to the UAPI enum names."""
    mod = spec.module(family)
    sets = mod.ATTRS if mod else {}
    names = set_names(family, aset)
    seen: dict[str, object] = {}
    for item in attrs:
        t = item.get("type", -1) & NLA_TYPE_MASK
        extra = sets.get(aset, {}).get(t, ("", "", {}))[2]
        value = item.get("value")
        if "name" in item:
            seen[item["name"].rsplit("_ATTRS_", 1)[-1].lower()] = value
            name = names.get(t)
            if name:
                item["name"] = name
        if "layout" in extra and "raw" in item:
            try:
                v = layout_value(LAYOUTS[extra["layout"]], bytes.fromhex(item["raw"]))
            except (ValueError, KeyError):
                v = None
            if v is not None:
                item["value"] = v
        elif "nest" in extra and isinstance(value, list):
            json_names(family, extra["nest"], value)
        elif "sub" in extra and isinstance(value, list) and mod is not None:
            fmt = mod.SUB_MESSAGES.get(extra["sub"], {}).get(
                str(seen.get(extra.get("selector", "").replace("-", "_"))))
            if fmt and fmt[0]:
                json_names(family, fmt[0], value)
    return attrs


message.TYPE_PRINTERS[message.NETLINK_NETFILTER] = msg_type
message.PAYLOADS[message.NETLINK_NETFILTER] = payload
value.PROTOCOL_HOOKS[message.NETLINK_NETFILTER] = json_fields

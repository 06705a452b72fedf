"""Attribute sets of the nfnetlink subsystems no kernel netlink spec describes (conntrack
expectations and global stats, cttimeout, cthelper, nfacct, nfqueue, nflog, ipset), as one
pseudo-spec family ``nfnetlink`` in the generated specs' format, so the spec walkers
(netfilter.set_decoder, spec.spec_value) decode them like conntrack and nf_tables.

Names and numbers come from the UAPI enums (generated xlat lists, syscall_tables/xlat/nf_*.in);
only the types are declared here, since headers do not state them. Each set says where its
types come from: the header's own comment where it has one (nfnetlink_queue.h and
nfnetlink_log.h: ``/* __u32 ifindex */`` ...; those numbers travel big-endian, as the header's
struct members and ``htonl`` in the kernel's senders show), else the kernel's nla_policy for the
set (net/netfilter/nfnetlink_acct.c, nfnetlink_cttimeout.c, nfnetlink_cthelper.c,
nf_conntrack_netlink.c, ipset/ip_set_core.c) and the byte order its parsers read
(``ntohl(nla_get_be32())``, ``ip_set_get_h32``). Nested conntrack tuples and entries use the
conntrack spec's own sets.
"""

from __future__ import annotations

from types import ModuleType

from ..printers import Xlat, xlat
from . import spec

FAMILY = "nfnetlink"

# type words: u8, be16, be32, be64, string, binary, mac, ipv4, ipv6, nest:SET (a set here or
# in the conntrack spec), struct:NAME (pytrace/structs/nfnetlink.py), sub:NAME (chosen by the
# CTA_TIMEOUT_L4PROTO sibling); "|XLAT" names the value (enum) and "|XLAT|flags" its bits.
_TIMEOUT_BE32 = "be32"
SETS: dict[str, tuple[str, dict[str, str]]] = {
    # nf_conntrack_netlink.c: exp_nla_policy, exp_nat_nla_policy; ctnetlink_exp_stat_fill_info
    "expect-attrs": ("nf_ctattr_expect", {
        "CTA_EXPECT_MASTER": "nest:tuple-attrs", "CTA_EXPECT_TUPLE": "nest:tuple-attrs",
        "CTA_EXPECT_MASK": "nest:tuple-attrs", "CTA_EXPECT_TIMEOUT": "be32",
        "CTA_EXPECT_ID": "be32", "CTA_EXPECT_HELP_NAME": "string", "CTA_EXPECT_ZONE": "be16",
        "CTA_EXPECT_FLAGS": "be32|nf_ctexp_flags|flags", "CTA_EXPECT_CLASS": "be32",
        "CTA_EXPECT_NAT": "nest:expect-nat-attrs", "CTA_EXPECT_FN": "string"}),
    "expect-nat-attrs": ("nf_ctattr_expect_nat", {
        "CTA_EXPECT_NAT_DIR": "be32", "CTA_EXPECT_NAT_TUPLE": "nest:tuple-attrs"}),
    "expect-stats-attrs": ("nf_ctattr_expect_stats", {
        "CTA_STATS_EXP_NEW": "be32", "CTA_STATS_EXP_CREATE": "be32",
        "CTA_STATS_EXP_DELETE": "be32"}),
    # nf_conntrack_netlink.c: ctnetlink_stat_ct_fill_info (nla_put_be32)
    "ct-stats-global-attrs": ("nf_ctattr_stats_global", {
        "CTA_STATS_GLOBAL_ENTRIES": "be32", "CTA_STATS_GLOBAL_MAX_ENTRIES": "be32"}),
    # nfnetlink_cttimeout.c: cttimeout_nla_policy; per-protocol timeouts are ntohl() seconds
    "timeout-attrs": ("nf_cttimeout_attrs", {
        "CTA_TIMEOUT_NAME": "string", "CTA_TIMEOUT_L3PROTO": "be16",
        "CTA_TIMEOUT_L4PROTO": "u8", "CTA_TIMEOUT_DATA": "sub:timeout-data",
        "CTA_TIMEOUT_USE": "be32"}),
    # nfnetlink_cthelper.c: nfnl_cthelper_policy, nfnl_cthelper_tuple_pol,
    # nfnl_cthelper_expect_policy_set, nfnl_cthelper_expect_pol
    "cthelper-attrs": ("nf_cthelper_attrs", {
        "NFCTH_NAME": "string", "NFCTH_TUPLE": "nest:cthelper-tuple-attrs",
        "NFCTH_QUEUE_NUM": "be32", "NFCTH_POLICY": "nest:cthelper-policy-set-attrs",
        "NFCTH_PRIV_DATA_LEN": "be32", "NFCTH_STATUS": "be32|nf_cthelper_status"}),
    "cthelper-tuple-attrs": ("nf_cthelper_tuple", {
        "NFCTH_TUPLE_L3PROTONUM": "be16", "NFCTH_TUPLE_L4PROTONUM": "u8"}),
    "cthelper-policy-set-attrs": ("nf_cthelper_policy_set", {
        "NFCTH_POLICY_SET_NUM": "be32", "NFCTH_POLICY_SET1": "nest:cthelper-policy-attrs",
        "NFCTH_POLICY_SET2": "nest:cthelper-policy-attrs",
        "NFCTH_POLICY_SET3": "nest:cthelper-policy-attrs",
        "NFCTH_POLICY_SET4": "nest:cthelper-policy-attrs"}),
    "cthelper-policy-attrs": ("nf_cthelper_policy", {
        "NFCTH_POLICY_NAME": "string", "NFCTH_POLICY_EXPECT_MAX": "be32",
        "NFCTH_POLICY_EXPECT_TIMEOUT": "be32"}),
    # nfnetlink_acct.c: nfnl_acct_policy, filter_policy (be64 counters, be32 flags)
    "acct-attrs": ("nf_acct_attrs", {
        "NFACCT_NAME": "string", "NFACCT_PKTS": "be64", "NFACCT_BYTES": "be64",
        "NFACCT_USE": "be32", "NFACCT_FLAGS": "be32|nf_acct_flags|flags", "NFACCT_QUOTA": "be64",
        "NFACCT_FILTER": "nest:acct-filter-attrs"}),
    "acct-filter-attrs": ("nf_acct_filter", {
        "NFACCT_FILTER_MASK": "be32|nf_acct_flags|flags",
        "NFACCT_FILTER_VALUE": "be32|nf_acct_flags|flags"}),
    # <linux/netfilter/nfnetlink_queue.h>: the comments beside enum nfqnl_attr_type
    "queue-attrs": ("nf_queue_attrs", {
        "NFQA_PACKET_HDR": "struct:nfqnl_msg_packet_hdr",
        "NFQA_VERDICT_HDR": "struct:nfqnl_msg_verdict_hdr", "NFQA_MARK": "be32",
        "NFQA_TIMESTAMP": "struct:nfqnl_msg_packet_timestamp", "NFQA_IFINDEX_INDEV": "be32",
        "NFQA_IFINDEX_OUTDEV": "be32", "NFQA_IFINDEX_PHYSINDEV": "be32",
        "NFQA_IFINDEX_PHYSOUTDEV": "be32", "NFQA_HWADDR": "struct:nfqnl_msg_packet_hw",
        "NFQA_PAYLOAD": "binary", "NFQA_CT": "nest:conntrack-attrs", "NFQA_CT_INFO": "be32",
        "NFQA_CAP_LEN": "be32", "NFQA_SKB_INFO": "be32|nf_queue_skb_info|flags",
        "NFQA_EXP": "nest:expect-attrs", "NFQA_UID": "be32", "NFQA_GID": "be32",
        "NFQA_SECCTX": "string", "NFQA_VLAN": "nest:queue-vlan-attrs", "NFQA_L2HDR": "binary",
        "NFQA_PRIORITY": "be32"}),
    "queue-vlan-attrs": ("nf_queue_vlan_attrs", {
        "NFQA_VLAN_PROTO": "be16", "NFQA_VLAN_TCI": "be16"}),
    "queue-cfg-attrs": ("nf_queue_cfg_attrs", {
        "NFQA_CFG_CMD": "struct:nfqnl_msg_config_cmd",
        "NFQA_CFG_PARAMS": "struct:nfqnl_msg_config_params", "NFQA_CFG_QUEUE_MAXLEN": "be32",
        "NFQA_CFG_MASK": "be32|nf_queue_cfg_flags|flags",
        "NFQA_CFG_FLAGS": "be32|nf_queue_cfg_flags|flags"}),
    # <linux/netfilter/nfnetlink_log.h>: the comments beside enum nfulnl_attr_type
    "ulog-attrs": ("nf_ulog_attrs", {
        "NFULA_PACKET_HDR": "struct:nfulnl_msg_packet_hdr", "NFULA_MARK": "be32",
        "NFULA_TIMESTAMP": "struct:nfulnl_msg_packet_timestamp", "NFULA_IFINDEX_INDEV": "be32",
        "NFULA_IFINDEX_OUTDEV": "be32", "NFULA_IFINDEX_PHYSINDEV": "be32",
        "NFULA_IFINDEX_PHYSOUTDEV": "be32", "NFULA_HWADDR": "struct:nfulnl_msg_packet_hw",
        "NFULA_PAYLOAD": "binary", "NFULA_PREFIX": "string", "NFULA_UID": "be32",
        "NFULA_SEQ": "be32", "NFULA_SEQ_GLOBAL": "be32", "NFULA_GID": "be32",
        "NFULA_HWTYPE": "be16", "NFULA_HWHEADER": "binary", "NFULA_HWLEN": "be16",
        "NFULA_CT": "nest:conntrack-attrs", "NFULA_CT_INFO": "be32",
        "NFULA_VLAN": "nest:ulog-vlan-attrs", "NFULA_L2HDR": "binary"}),
    "ulog-vlan-attrs": ("nf_ulog_vlan_attrs", {
        "NFULA_VLAN_PROTO": "be16", "NFULA_VLAN_TCI": "be16"}),
    "ulog-cfg-attrs": ("nf_ulog_cfg_attrs", {
        "NFULA_CFG_CMD": "struct:nfulnl_msg_config_cmd",
        "NFULA_CFG_MODE": "struct:nfulnl_msg_config_mode", "NFULA_CFG_NLBUFSIZ": "be32",
        "NFULA_CFG_TIMEOUT": "be32", "NFULA_CFG_QTHRESH": "be32",
        "NFULA_CFG_FLAGS": "be16|nf_ulog_cfg_flags|flags"}),
    # ipset/ip_set_core.c: ip_set_create_policy, ip_set_setname_policy ...; every number is
    # network order (ip_set_get_h32/h16; libipset sets NLA_F_NET_BYTEORDER)
    "ipset-attrs": ("nf_ipset_cmd_attrs", {
        "IPSET_ATTR_PROTOCOL": "u8", "IPSET_ATTR_SETNAME": "string",
        "IPSET_ATTR_TYPENAME": "string", "IPSET_ATTR_REVISION": "u8",
        "IPSET_ATTR_FAMILY": "u8|nfproto", "IPSET_ATTR_FLAGS": "be32|nf_ipset_cmd_flags|flags",
        "IPSET_ATTR_DATA": "nest:ipset-create-attrs", "IPSET_ATTR_ADT": "nest:ipset-adt-list",
        "IPSET_ATTR_LINENO": "be32", "IPSET_ATTR_PROTOCOL_MIN": "u8",
        "IPSET_ATTR_INDEX": "be16"}),
    # add/del/test: IPSET_ATTR_DATA holds one element
    "ipset-adt-cmd-attrs": ("nf_ipset_cmd_attrs", {
        "IPSET_ATTR_PROTOCOL": "u8", "IPSET_ATTR_SETNAME": "string",
        "IPSET_ATTR_TYPENAME": "string", "IPSET_ATTR_REVISION": "u8",
        "IPSET_ATTR_FAMILY": "u8|nfproto", "IPSET_ATTR_FLAGS": "be32|nf_ipset_cmd_flags|flags",
        "IPSET_ATTR_DATA": "nest:ipset-adt-attrs", "IPSET_ATTR_ADT": "nest:ipset-adt-list",
        "IPSET_ATTR_LINENO": "be32", "IPSET_ATTR_INDEX": "be16"}),
    "ipset-adt-list": ("nf_ipset_cmd_attrs", {"IPSET_ATTR_DATA": "nest:ipset-adt-attrs"}),
    "ipset-create-attrs": ("nf_ipset_create_attrs", {
        "IPSET_ATTR_IP": "nest:ipset-ip-attrs", "IPSET_ATTR_IP_TO": "nest:ipset-ip-attrs",
        "IPSET_ATTR_CIDR": "u8", "IPSET_ATTR_PORT": "be16", "IPSET_ATTR_PORT_TO": "be16",
        "IPSET_ATTR_TIMEOUT": "be32", "IPSET_ATTR_PROTO": "u8",
        "IPSET_ATTR_CADT_FLAGS": "be32|nf_ipset_cadt_flags|flags",
        "IPSET_ATTR_CADT_LINENO": "be32", "IPSET_ATTR_MARK": "be32",
        "IPSET_ATTR_MARKMASK": "be32", "IPSET_ATTR_INITVAL": "be32",
        "IPSET_ATTR_HASHSIZE": "be32", "IPSET_ATTR_MAXELEM": "be32", "IPSET_ATTR_NETMASK": "u8",
        "IPSET_ATTR_BUCKETSIZE": "u8", "IPSET_ATTR_RESIZE": "u8", "IPSET_ATTR_SIZE": "be32",
        "IPSET_ATTR_ELEMENTS": "be32", "IPSET_ATTR_REFERENCES": "be32",
        "IPSET_ATTR_MEMSIZE": "be32"}),
    "ipset-adt-attrs": ("nf_ipset_adt_attrs", {
        "IPSET_ATTR_IP": "nest:ipset-ip-attrs", "IPSET_ATTR_IP_TO": "nest:ipset-ip-attrs",
        "IPSET_ATTR_CIDR": "u8", "IPSET_ATTR_PORT": "be16", "IPSET_ATTR_PORT_TO": "be16",
        "IPSET_ATTR_TIMEOUT": "be32", "IPSET_ATTR_PROTO": "u8",
        "IPSET_ATTR_CADT_FLAGS": "be32|nf_ipset_cadt_flags|flags",
        "IPSET_ATTR_CADT_LINENO": "be32", "IPSET_ATTR_MARK": "be32",
        "IPSET_ATTR_MARKMASK": "be32", "IPSET_ATTR_ETHER": "mac", "IPSET_ATTR_NAME": "string",
        "IPSET_ATTR_NAMEREF": "string", "IPSET_ATTR_IP2": "nest:ipset-ip-attrs",
        "IPSET_ATTR_CIDR2": "u8", "IPSET_ATTR_IP2_TO": "nest:ipset-ip-attrs",
        "IPSET_ATTR_IFACE": "string", "IPSET_ATTR_BYTES": "be64", "IPSET_ATTR_PACKETS": "be64",
        "IPSET_ATTR_COMMENT": "string", "IPSET_ATTR_SKBMARK": "be64",
        "IPSET_ATTR_SKBPRIO": "be32", "IPSET_ATTR_SKBQUEUE": "be16"}),
    "ipset-ip-attrs": ("nf_ipset_ip_attrs", {
        "IPSET_ATTR_IPADDR_IPV4": "ipv4", "IPSET_ATTR_IPADDR_IPV6": "ipv6"}),
}
for _p in ("generic", "tcp", "udp", "udplite", "icmp", "dccp", "sctp", "icmpv6", "gre"):
    SETS["timeout-%s-attrs" % _p] = ("nf_cttimeout_" + _p, {})  # every member: be32 seconds

# CTA_TIMEOUT_DATA by CTA_TIMEOUT_L4PROTO (nf_conntrack_l4proto of that number; others: generic)
_TIMEOUT_PROTOS = {"IPPROTO_TCP": "tcp", "IPPROTO_UDP": "udp", "IPPROTO_UDPLITE": "udplite",
                   "IPPROTO_ICMP": "icmp", "IPPROTO_DCCP": "dccp", "IPPROTO_SCTP": "sctp",
                   "IPPROTO_ICMPV6": "icmpv6", "IPPROTO_GRE": "gre"}

# (subsystem, message type) -> attribute set; None: every message type of the subsystem
MESSAGES: dict[int, dict[int | None, str]] = {}


def _messages() -> dict[int, dict[int | None, str]]:
    def num(table: str, name: str) -> int:
        v = xlat(table).value_of(name)
        if v is None:
            raise KeyError(name)
        return v

    ct = "nf_ctnetlink_msg_types"
    exp = "nf_ctnetlink_exp_msg_types"
    q, ulog, ipset = "nf_queue_msg_types", "nf_ulog_msg_types", "nf_ipset_msg_types"
    sub = xlat("nl_netfilter_subsys_ids")
    adt = {num(ipset, "IPSET_CMD_" + c): "ipset-adt-cmd-attrs" for c in ("ADD", "DEL", "TEST")}
    return {
        num("nl_netfilter_subsys_ids", "NFNL_SUBSYS_CTNETLINK"): {
            num(ct, "IPCTNL_MSG_CT_GET_STATS"): "ct-stats-global-attrs"},
        sub.value_of("NFNL_SUBSYS_CTNETLINK_EXP") or -1: {
            None: "expect-attrs", num(exp, "IPCTNL_MSG_EXP_GET_STATS_CPU"): "expect-stats-attrs"},
        sub.value_of("NFNL_SUBSYS_QUEUE") or -1: {
            None: "queue-attrs", num(q, "NFQNL_MSG_CONFIG"): "queue-cfg-attrs"},
        sub.value_of("NFNL_SUBSYS_ULOG") or -1: {
            None: "ulog-attrs", num(ulog, "NFULNL_MSG_CONFIG"): "ulog-cfg-attrs"},
        sub.value_of("NFNL_SUBSYS_IPSET") or -1: {None: "ipset-attrs", **adt},
        sub.value_of("NFNL_SUBSYS_ACCT") or -1: {None: "acct-attrs"},
        sub.value_of("NFNL_SUBSYS_CTNETLINK_TIMEOUT") or -1: {None: "timeout-attrs"},
        sub.value_of("NFNL_SUBSYS_CTHELPER") or -1: {None: "cthelper-attrs"},
    }


def message_set(subsys: int, mtype: int) -> str | None:
    """The attribute set of one nfnetlink message this module describes, or None."""
    if not MESSAGES:
        MESSAGES.update(_messages())
    table = MESSAGES.get(subsys)
    if table is None:
        return None
    return table.get(mtype) or table.get(None)


def names(aset: str) -> Xlat | None:
    """The UAPI attribute names of one of these sets."""
    entry = SETS.get(aset)
    return xlat(entry[0]) if entry else None


_INT = {"u8": ("u8", False), "be16": ("u16", True), "be32": ("u32", True),
        "be64": ("u64", True)}


def _attr(word: str) -> tuple[str, dict]:
    kind, _, rest = word.partition("|")
    if kind in _INT:
        typ, be = _INT[kind]
        extra: dict = {"be": True} if be else {}
        if rest:
            enum, _, how = rest.partition("|")
            extra["enum"] = enum
            if how == "flags":
                extra["enum_as_flags"] = True
        return typ, extra
    if kind.startswith("nest:"):
        return "nest", {"nest": kind[5:]}
    if kind.startswith("struct:"):
        return "binary", {"layout": kind[7:]}
    if kind.startswith("sub:"):
        return "sub-message", {"sub": kind[4:], "selector": "cta-timeout-l4proto"}
    if kind in ("ipv4", "ipv6", "mac"):
        return "binary", {"hint": kind}
    return kind, {}  # string, binary


def cname(aset: str, name: str) -> str:
    """The spec-style name of an attribute (``NF_A_<SET>_ATTRS_<UAPI name>``): the spec walkers
    find a sub-message's selector sibling by its suffix; text and JSON print the UAPI name."""
    return "NF_A_%s_ATTRS_%s" % (aset.removesuffix("-attrs").upper().replace("-", "_"), name)


def _module() -> ModuleType:
    ct = spec.module("conntrack")
    mod = ModuleType("pytrace.netlink.nfnl_sets.spec")
    mod.FAMILY = FAMILY  # type: ignore[attr-defined]
    attrs: dict[str, dict[int, tuple[str, str, dict]]] = dict(ct.ATTRS) if ct else {}
    enums: dict[str, tuple[str, tuple]] = dict(ct.ENUMS) if ct else {}
    for aset, (table, decl) in SETS.items():
        x = xlat(table)
        members: dict[int, tuple[str, str, dict]] = {}
        for v, n in x.pairs:
            if v == 0 and n.endswith("_UNSPEC"):
                continue
            word = decl.get(n, _TIMEOUT_BE32 if aset.startswith("timeout-") and aset !=
                            "timeout-attrs" else "")
            if not word or v in members:
                continue
            typ, extra = _attr(word)
            if "enum" in extra and extra["enum"] not in enums:
                e = xlat(extra["enum"])
                enums[extra["enum"]] = ("flags" if extra.get("enum_as_flags") else "enum", e.pairs)
            members[v] = (cname(aset, n), typ, extra)
        attrs[aset] = members
    protos = xlat("inet_protocols")
    data = {str(v): ("timeout-generic-attrs",) for v in range(256)}
    for pname, short in _TIMEOUT_PROTOS.items():
        v = protos.value_of(pname)
        if v is not None:
            data[str(v)] = ("timeout-%s-attrs" % short,)
    mod.ATTRS = attrs  # type: ignore[attr-defined]
    mod.ENUMS = enums  # type: ignore[attr-defined]
    mod.STRUCTS = {}  # type: ignore[attr-defined]
    mod.SUB_MESSAGES = {"timeout-data": data}  # type: ignore[attr-defined]
    mod.OPS = {}  # type: ignore[attr-defined]
    return mod


def register() -> None:
    """Make ``spec.module("nfnetlink")`` answer with these sets (built once, lazily)."""
    if spec.module(FAMILY) is None:
        spec.register_module(FAMILY, _module())

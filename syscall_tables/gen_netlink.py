"""Write the netlink xlat name lists (``syscall_tables/xlat/NAME.in``) from the UAPI headers.

Each table is an enum (found by one of its members) or a set of macros (by a regular
expression) in the installed headers. Only the names the installed strace 6.1 knows are kept
(its binary holds every xlat name as a string), ordered by value as strace's own lists are;
``python -m syscall_tables.gen_consts`` then computes the values. A table strace orders
differently is listed by hand in ``FIXED``.

Usage: ``python -m syscall_tables.gen_netlink`` (needs gcc and /usr/bin/strace).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from syscall_tables._cgen import c_values
from syscall_tables._strace_oracle import STRACE

XLAT_DIR = Path(__file__).parent / "xlat"

# name -> (includes, enum member or macro regex, directive); directive: "#flags" or "#enum"
TABLES: dict[str, tuple[tuple[str, ...], str, str]] = {
    "netlink_types": (("linux/netlink.h",), r"NLMSG_(NOOP|ERROR|DONE|OVERRUN)", "#enum"),
    "netlink_protocols": (("linux/netlink.h",), r"NETLINK_(ROUTE|UNUSED|USERSOCK|FIREWALL|SOCK_DIAG|NFLOG|XFRM|SELINUX|ISCSI|AUDIT|FIB_LOOKUP|CONNECTOR|NETFILTER|IP6_FW|DNRTMSG|KOBJECT_UEVENT|GENERIC|SCSITRANSPORT|ECRYPTFS|RDMA|CRYPTO|SMC)",
        "#enum"),
    "nlmsgerr_attrs": (("linux/netlink.h",), "enum:NLMSGERR_ATTR_MSG", "#enum"),
    "nl_route_types": (("linux/rtnetlink.h",), "enum:RTM_NEWLINK", "#enum"),
    "nl_sock_diag_types": (
        ("linux/sock_diag.h", "linux/inet_diag.h"),
        r"(SOCK_DIAG_BY_FAMILY|SOCK_DESTROY|TCPDIAG_GETSOCK|DCCPDIAG_GETSOCK)",
        "#enum",
    ),
    "nl_audit_types": (("linux/audit.h",), r"AUDIT_[A-Z0-9_]+", "#enum 1000-2999"),
    "nl_selinux_types": (("linux/selinux_netlink.h",), "enum:SELNL_MSG_SETENFORCE", "#enum"),
    "nl_crypto_types": (("linux/cryptouser.h",), "enum:CRYPTO_MSG_NEWALG", "#enum"),
    "nl_netfilter_subsys_ids": (("linux/netlink.h", "linux/netfilter/nfnetlink.h"), r"NFNL_SUBSYS_[A-Z_]+", "#enum"),
    "nl_netfilter_msg_types": (("linux/netlink.h", "linux/netfilter/nfnetlink.h"), r"NFNL_MSG_BATCH_[A-Z]+", "#enum"),
    "nl_xfrm_types": (("linux/xfrm.h",), "enum:XFRM_MSG_NEWSA", "#enum"),
    "arp_hardware_types": (("linux/if_arp.h",), r"ARPHRD_[A-Z0-9_]+", "#enum"),
    "iffflags": (("linux/if.h",), "enum:IFF_UP", "#flags"),
    "rtnl_link_attrs": (("linux/if_link.h",), "enum:IFLA_MTU", "#enum"),
    "rtnl_ifla_ext_filter": (("linux/rtnetlink.h",), r"RTEXT_FILTER_[A-Z_]+", "#flags"),
    "rtnl_addr_attrs": (("linux/if_addr.h",), "enum:IFA_LOCAL", "#enum"),
    "ifaddrflags": (("linux/if_addr.h",), r"IFA_F_[A-Z_]+", "#flags"),
    "routing_scopes": (("linux/rtnetlink.h",), "enum:RT_SCOPE_HOST", "#enum"),
    "routing_table_ids": (("linux/rtnetlink.h",), "enum:RT_TABLE_MAIN", "#enum"),
    "routing_protocols": (("linux/rtnetlink.h",), r"RTPROT_[A-Z0-9_]+", "#enum"),
    "routing_types": (("linux/rtnetlink.h",), "enum:RTN_UNICAST", "#enum"),
    "routing_flags": (("linux/rtnetlink.h",), r"RTM_F_[A-Z_]+", "#flags"),
    "route_nexthop_flags": (("linux/rtnetlink.h",), r"RTNH_F_[A-Z_]+", "#flags"),
    "ip_type_of_services": (("netinet/ip.h",), r"IPTOS_(LOWDELAY|THROUGHPUT|RELIABILITY|LOWCOST|MINCOST)", "#flags"),
    "rtnl_route_attrs": (("linux/rtnetlink.h",), "enum:RTA_DST", "#enum"),
    "rtnl_rta_metrics_attrs": (("linux/rtnetlink.h",), "enum:RTAX_MTU", "#enum"),
    "rtnl_neigh_attrs": (("linux/neighbour.h",), "enum:NDA_DST", "#enum"),
    "neighbor_cache_entry_states": (("linux/neighbour.h",), r"NUD_[A-Z]+", "#flags"),
    "neighbor_cache_entry_flags": (("linux/neighbour.h",), r"NTF_[A-Z_]+", "#flags"),
    "rtnl_rule_attrs": (("linux/fib_rules.h",), "enum:FRA_DST", "#enum"),
    "fib_rule_actions": (("linux/fib_rules.h",), "enum:FR_ACT_TO_TBL", "#enum"),
    "fib_rule_flags": (("linux/fib_rules.h",), r"FIB_RULE_[A-Z_]+", "#flags"),
    "rtnl_netconf_attrs": (("linux/netconf.h",), "enum:NETCONFA_IFINDEX", "#enum"),
    "rtnl_nsid_attrs": (("linux/net_namespace.h",), "enum:NETNSA_NSID", "#enum"),
    "tcp_states": (("netinet/tcp.h",), "enum:TCP_ESTABLISHED", "#enum"),
    "inet_diag_attrs": (("linux/inet_diag.h",), "enum:INET_DIAG_MEMINFO", "#enum"),
    "inet_diag_req_attrs": (("linux/inet_diag.h",), "enum:INET_DIAG_REQ_BYTECODE", "#enum"),
    "unix_diag_attrs": (("linux/unix_diag.h",), "enum:UNIX_DIAG_NAME", "#enum"),
    "unix_diag_show": (("linux/unix_diag.h",), r"UDIAG_SHOW_[A-Z_]+", "#flags"),
    "netlink_diag_attrs": (("linux/netlink_diag.h",), "enum:NETLINK_DIAG_MEMINFO", "#enum"),
    "netlink_diag_show": (("linux/netlink_diag.h",), r"NDIAG_SHOW_[A-Z_]+", "#flags"),
    "packet_diag_attrs": (("linux/packet_diag.h",), "enum:PACKET_DIAG_INFO", "#enum"),
    "packet_diag_show": (("linux/packet_diag.h",), r"PACKET_SHOW_[A-Z_]+", "#flags"),
    "packet_diag_info_flags": (("linux/packet_diag.h",), r"PDI_[A-Z_]+", "#flags"),
    "af_packet_versions": (("linux/if_packet.h",), "enum:TPACKET_V1", "#enum"),
    "netlink_socket_flags": (("linux/netlink_diag.h",), r"NDIAG_FLAG_[A-Z_]+", "#flags"),
    "netlink_sk_meminfo_indices": (("linux/sock_diag.h",), "enum:SK_MEMINFO_RMEM_ALLOC", "#enum"),
    "rtnl_nexthop_attrs": (("linux/nexthop.h",), "enum:NHA_ID", "#enum"),
    "rtnl_tc_attrs": (("linux/rtnetlink.h",), "enum:TCA_KIND", "#enum"),
    "rtnl_tca_stats_attrs": (("linux/gen_stats.h",), "enum:TCA_STATS_BASIC", "#enum"),
    "rtnl_ifla_brport_attrs": (("linux/if_link.h",), "enum:IFLA_BRPORT_STATE", "#enum"),
    "rtnl_ifla_af_spec_inet_attrs": (("linux/if_link.h",), "enum:IFLA_INET_CONF", "#enum"),
    "rtnl_ifla_af_spec_inet6_attrs": (("linux/if_link.h",), "enum:IFLA_INET6_FLAGS", "#enum"),
    "inet6_devconf_indices": (("linux/ipv6.h",), "enum:DEVCONF_FORWARDING", "#enum"),
    "snmp_ip_stats": (("linux/snmp.h",), "enum:IPSTATS_MIB_INPKTS", "#enum"),
    "snmp_icmp6_stats": (("linux/snmp.h",), "enum:ICMP6_MIB_INMSGS", "#enum"),
    "in6_addr_gen_mode": (("linux/if_link.h",), "enum:IN6_ADDR_GEN_MODE_EUI64", "#enum"),
    "rtnl_ifla_info_attrs": (("linux/if_link.h",), "enum:IFLA_INFO_KIND", "#enum"),
    "rtnl_ifla_info_data_bridge_attrs": (("linux/if_link.h",), "enum:IFLA_BR_FORWARD_DELAY",
                                         "#enum"),
    "rtnl_ifla_info_data_tun_attrs": (("linux/if_link.h",), "enum:IFLA_TUN_OWNER", "#enum"),
    "rtnl_ifla_xdp_attrs": (("linux/if_link.h",), "enum:IFLA_XDP_FD", "#enum"),
    "rtnl_ifla_xdp_attached_mode": (("linux/if_link.h",), "enum:XDP_ATTACHED_NONE", "#enum"),
    "xdp_flags": (("linux/if_link.h",), r"XDP_FLAGS_(UPDATE_IF_NOEXIST|SKB_MODE|DRV_MODE|HW_MODE|REPLACE)",
                  "#flags"),
    "rtnl_ifla_events": (("linux/if_link.h",), "enum:IFLA_EVENT_NONE", "#enum"),
    "rtnl_ifla_proto_down_reason_attrs": (("linux/if_link.h",), "enum:IFLA_PROTO_DOWN_REASON_MASK",
                                          "#enum"),
    "rtnl_ifla_br_boolopts": (("linux/if_bridge.h",), "enum:BR_BOOLOPT_NO_LL_LEARN", "#enum"),
    "tun_device_types": (("linux/if_tun.h",), r"IFF_(TUN|TAP)", "#enum"),
}

# Tables whose order strace does not take from the values (names from src/xlat/NAME.in).
FIXED: dict[str, tuple[tuple[str, ...], tuple[str, ...], str]] = {
    "netlink_flags": (
        ("linux/netlink.h",),
        ("NLM_F_REQUEST", "NLM_F_MULTI", "NLM_F_ACK", "NLM_F_ECHO", "NLM_F_DUMP_INTR",
         "NLM_F_DUMP_FILTERED"),
        "#flags",
    ),
    "netlink_get_flags": (
        ("linux/netlink.h",),
        ("NLM_F_DUMP", "NLM_F_ROOT", "NLM_F_MATCH", "NLM_F_ATOMIC"),
        "#flags",
    ),
    "netlink_new_flags": (
        ("linux/netlink.h",),
        ("NLM_F_REPLACE", "NLM_F_EXCL", "NLM_F_CREATE", "NLM_F_APPEND"),
        "#flags",
    ),
    "netlink_delete_flags": (("linux/netlink.h",), ("NLM_F_NONREC", "NLM_F_BULK"), "#flags"),
    "netlink_ack_flags": (("linux/netlink.h",), ("NLM_F_CAPPED", "NLM_F_ACK_TLVS"), "#flags"),
}

# Tables strace names "MEMBER-1" (array indices one below the enum: IPV4_DEVCONF_FORWARDING-1).
MINUS_ONE: dict[str, tuple[tuple[str, ...], str]] = {
    "inet_devconf_indices": (("linux/ip.h",), "IPV4_DEVCONF_FORWARDING"),
}

# Real members whose names end in _MAX (not enum terminators).
KEEP_MAX = {"IFLA_BR_MCAST_HASH_MAX"}

_AVOID = {"linux/if.h": "#include <sys/socket.h>\n"}


def strace_names() -> set[str]:
    """Every name-like string in the strace binary, and every name-like tail of one: the linker
    stores "TCP_LISTEN" as the tail of "1<<TCP_LISTEN"."""
    out = subprocess.run(["strings", "-n", "3", STRACE], capture_output=True, text=True).stdout
    names: set[str] = set()
    for s in out.split():
        for m in re.finditer(r"(?=([A-Z][A-Za-z0-9_]+)$)", s):
            names.add(m.group(1))
    return names


def _preprocess(includes: tuple[str, ...], macros: bool) -> str:
    src = "".join(_AVOID.get(h, "") for h in includes)
    src += "".join(f"#include <{h}>\n" for h in includes)
    args = ["gcc", "-E", "-P", "-x", "c", "-"] + (["-dM"] if macros else [])
    return subprocess.run(args, input=src, capture_output=True, text=True, check=True).stdout


def enum_members(includes: tuple[str, ...], member: str) -> list[str]:
    """The members of the enum that contains ``member``."""
    text = _preprocess(includes, macros=False)
    for body in re.findall(r"enum\s*\w*\s*\{([^}]*)\}", text):
        names = [m.group(1) for m in re.finditer(r"(?:^|,)\s*([A-Za-z_]\w*)", body)]
        if member in names:
            return names
    raise LookupError(member)


def macro_names(includes: tuple[str, ...], pattern: str) -> list[str]:
    text = _preprocess(includes, macros=True)
    found = re.findall(r"^#define (\w+)[ \t]+\S", text, re.M)
    return [n for n in found if re.fullmatch(pattern, n)]


def table_names(known: set[str], includes: tuple[str, ...], what: str,
                lo: int | None = None, hi: int = 0) -> list[str]:
    """The names strace knows of one table, by value; ``lo``-``hi`` bounds the values."""
    if what.startswith("enum:"):
        names = enum_members(includes, what[5:])
    else:
        names = macro_names(includes, what)
    names = [n for n in names if n in known and not n.startswith("__")
             and (not n.endswith("_MAX") or n in KEEP_MAX)]
    pre = "".join(_AVOID.get(h, "") for h in includes).splitlines()
    values = c_values(pre + [f"#include <{h}>" for h in includes], names)
    if lo is not None:
        names = [n for n in names if lo <= values[n] <= hi]
    seen: set[int] = set()
    ordered: list[str] = []
    for n in sorted(names, key=lambda n: (values[n], names.index(n))):
        if values[n] in seen and not n.startswith(("NLM_F_",)):
            continue  # aliases (RTM_BASE, IFA_F_SECONDARY/TEMPORARY): strace keeps the first
        seen.add(values[n])
        ordered.append(n)
    return ordered


def write_in(name: str, includes: tuple[str, ...], names: list[str], directive: str,
             how: str) -> None:
    lines = [f"# {name}: netlink constants; {how}"]
    lines += [_AVOID[h].strip() for h in includes if h in _AVOID]
    lines += [f"#include <{h}>" for h in includes]
    lines.append(directive)
    lines += names
    (XLAT_DIR / f"{name}.in").write_text("\n".join(lines) + "\n")


def main() -> None:
    known = strace_names()
    for name, (includes, what, directive) in TABLES.items():
        directive, _, bounds = directive.partition(" ")
        lo, hi = (int(b) for b in bounds.split("-")) if bounds else (None, 0)
        try:
            names = table_names(known, includes, what, lo, hi)
        except Exception as exc:
            raise SystemExit(f"{name}: {exc}") from exc
        write_in(name, includes, names, directive,
                 "names strace 6.1 knows, by value (written by syscall_tables.gen_netlink)")
    raw = set(subprocess.run(["strings", "-n", "3", STRACE], capture_output=True,
                             text=True).stdout.split())
    for name, (includes, member) in MINUS_ONE.items():
        names = [n + "-1" for n in enum_members(includes, member) if n + "-1" in raw]
        write_in(name, includes, names, "#enum",
                 "strace 6.1's MEMBER-1 names, enum order (written by syscall_tables.gen_netlink)")
    for name, (includes, names_t, directive) in FIXED.items():
        write_in(name, includes, list(names_t), directive,
                 "strace 6.1's order (src/xlat/NAME.in) (written by syscall_tables.gen_netlink)")


if __name__ == "__main__":
    main()

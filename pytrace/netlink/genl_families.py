"""Generic netlink families decoded from the kernel's specs (ethtool, devlink, netdev,
tcp_metrics, mptcp_pm, wireguard; nlctrl for JSON): which command a genlmsghdr.cmd is and which
attribute set its payload uses, per direction.

Direction comes from the message: a request (user to kernel) carries NLM_F_REQUEST, a reply
or notification (kernel to user) does not. Directional families (ethtool, devlink) number the
two directions separately. Events: families whose multicast events are numbered apart from
their commands (mptcp_pm: MPTCP_EVENT_CLOSED and MPTCP_PM_CMD_GET_ADDR are both 3) have a third
direction, ``event``. A message is an event when it is kernel to user (no NLM_F_REQUEST) with
nlmsg_seq 0 and nlmsg_pid 0: the kernel sends exactly its multicast notifications so, while
a reply to a request carries the requester's port id (never 0 for a bound socket) and its
sequence number. The decoder sees the message, not the socket, so this is the test it can
make; it needs no knowledge of the groups the socket joined. Command names come from the UAPI headers (generated xlat lists),
else from the spec (``CMD_PREFIX`` + operation name); attribute names and types from the spec
(syscall_tables/generated/netlink_specs). strace 6.1 prints these payloads as hex."""

from __future__ import annotations

from dataclasses import dataclass

from ..printers import Xlat, xlat
from . import spec

NLM_F_REQUEST = 1
REQUEST, REPLY, EVENT = "request", "reply", "event"

# generic netlink family name -> (spec family, UAPI command list per direction or None)
FAMILIES: dict[str, tuple[str, str | None, str | None]] = {
    "ethtool": ("ethtool", "genl_ethtool_msg_user", "genl_ethtool_msg_kernel"),
    "devlink": ("devlink", "genl_devlink_cmds", "genl_devlink_cmds"),
    "mptcp_pm": ("mptcp_pm", "genl_mptcp_pm_cmds", "genl_mptcp_pm_cmds"),
    "tcp_metrics": ("tcp_metrics", "genl_tcp_metrics_cmds", "genl_tcp_metrics_cmds"),
    "wireguard": ("wireguard", "genl_wg_cmds", "genl_wg_cmds"),
    "netdev": ("netdev", None, None),  # no <linux/netdev.h> in the 6.1 headers
    "nlctrl": ("nlctrl", "genl_ctrl_cmds", "genl_ctrl_cmds"),
}
# (spec family, attribute set) -> the UAPI list naming it where the spec's names differ:
# tcp_metrics' TCP_METRICS_ATTR_VALS nest holds TCP_METRIC_* (enum tcp_metric_index + 1), as
# `ip tcp_metrics` names them; the spec calls them TCP_METRICS_A_METRICS_*
UAPI_SET_NAMES: dict[tuple[str, str], str] = {
    ("tcp_metrics", "metrics"): "tcp_metric_vals",
}

# (spec family, attribute set) -> {attribute: display-hint} where the spec gives none:
# mptcp_pm's addresses (in_addr / in6_addr, as `ip mptcp` prints them)
SPEC_HINTS: dict[tuple[str, str], dict[str, str]] = {
    ("mptcp_pm", "address"): {"MPTCP_PM_ADDR_ATTR_ADDR4": "ipv4",
                              "MPTCP_PM_ADDR_ATTR_ADDR6": "ipv6"},
    ("mptcp_pm", "event-attr"): {"MPTCP_ATTR_SADDR4": "ipv4", "MPTCP_ATTR_DADDR4": "ipv4",
                                 "MPTCP_ATTR_SADDR6": "ipv6", "MPTCP_ATTR_DADDR6": "ipv6"},
}

# families with separately numbered multicast events -> (UAPI event list, spec attribute set)
EVENTS: dict[str, tuple[str, str]] = {
    "mptcp_pm": ("genl_mptcp_pm_events", "event-attr"),
}


@dataclass(frozen=True)
class Cmd:
    """One (direction, genlmsghdr.cmd) of a family: its operation and attribute set."""

    op: str
    mode: str  # do, dump, notify, event
    aset: str | None
    attrs: tuple[str, ...] | None  # the attributes the spec lists for this direction


@dataclass(frozen=True)
class Family:
    spec: str
    prefix: str
    names: dict[str, Xlat]  # direction -> command names
    cmds: dict[tuple[str, int], Cmd]
    events: bool = False  # multicast events numbered apart from commands

    def direction(self, flags: int, seq: int | None = None, pid: int | None = None) -> str:
        if self.events and not flags & NLM_F_REQUEST and seq == 0 and pid == 0:
            return EVENT
        return REQUEST if flags & NLM_F_REQUEST else REPLY

    def lookup(self, flags: int, cmd: int, seq: int | None = None,
               pid: int | None = None) -> Cmd | None:
        return self.cmds.get((self.direction(flags, seq, pid), cmd))

    def cmd_names(self, flags: int, seq: int | None = None, pid: int | None = None) -> Xlat:
        return self.names[self.direction(flags, seq, pid)]


_CACHE: dict[str, Family | None] = {}


def direction(flags: int) -> str:
    return REQUEST if flags & NLM_F_REQUEST else REPLY


def family(name: str | None) -> Family | None:
    """The decoding tables of a generic netlink family, or None when pytrace has no spec."""
    if name is None or name not in FAMILIES:
        return None
    if name in _CACHE:
        return _CACHE[name]
    fam = _CACHE[name] = _build(name)
    return fam


def uapi_names(family: str, aset: str, attrs: list[dict]) -> list[dict]:
    """JSON: rename spec_value's attributes of the sets in UAPI_SET_NAMES (nests followed)."""
    mod = spec.module(family)
    sets = mod.ATTRS if mod else {}
    table = UAPI_SET_NAMES.get((family, aset))
    names = xlat(table) if table else None
    for item in attrs:
        t = item.get("type", -1)
        if names is not None and names.get(t):
            item["name"] = names.get(t)
        extra = sets.get(aset, {}).get(t, ("", "", {}))[2]
        if "nest" in extra and isinstance(item.get("value"), list):
            uapi_names(family, extra["nest"], item["value"])
    return attrs


def _build(name: str) -> Family | None:
    spec_name, req_list, rep_list = FAMILIES[name]
    mod = spec.module(spec_name)
    if mod is None:
        return None
    for (fam_name, aset), table in UAPI_SET_NAMES.items():
        if fam_name == spec_name:  # the text decoders name a set through spec.attr_xlat
            spec.set_names(fam_name, aset, xlat(table))
    for (fam_name, aset), hints in SPEC_HINTS.items():
        if fam_name == spec_name:
            spec.set_hints(fam_name, aset, hints)
    prefix = getattr(mod, "CMD_PREFIX", "")
    uapi = {REQUEST: xlat(req_list) if req_list else Xlat("none", ()),
            REPLY: xlat(rep_list) if rep_list else Xlat("none", ())}
    cmds: dict[tuple[str, int], Cmd] = {}
    spec_names: dict[str, dict[int, str]] = {REQUEST: {}, REPLY: {}}
    msgs = getattr(mod, "MSGS", {})
    directional = getattr(mod, "DIRECTIONAL", False)

    def add(d: str, value: int | None, cname: str, c: Cmd) -> None:
        if value is None:  # directional without numbers (ethtool): the UAPI enum has them
            value = uapi[d].value_of(cname)
        if value is None:
            return
        cmds.setdefault((d, value), c)
        spec_names[d].setdefault(value, cname)

    for op, (uvalue, aset, _hdr) in sorted(mod.OPS.items(), key=lambda kv: str(kv[1][0])):
        entry = msgs.get(op, {})
        cname = prefix + op.upper().replace("-", "_")
        for mode in ("do", "dump"):
            for d, (value, attrs) in entry.get(mode, {}).items():
                if not directional:
                    value = uvalue
                suffix = "_REPLY" if directional and d == REPLY and value is None else ""
                add(d, value, cname + suffix, Cmd(op, mode, aset, attrs))
        target = entry.get("notify")
        if target:
            t_aset = mod.OPS.get(target, (None, None, None))[1]
            t_attrs = msgs.get(target, {}).get("do", {}).get(REPLY, (None, None))[1]
            add(REPLY, None if directional else uvalue, cname,
                Cmd(op, "notify", aset or t_aset, t_attrs))
        if "event" in entry:
            add(REPLY, None if directional else uvalue, cname,
                Cmd(op, "event", aset, entry["event"]))
    names = {}
    for d in (REQUEST, REPLY):
        pairs = dict(spec_names[d])
        pairs.update(uapi[d].pairs)  # the kernel's own names win
        names[d] = Xlat(f"{name}:{d}", tuple(sorted(pairs.items())))
    ev = EVENTS.get(name)
    if ev is not None:
        ev_names, ev_set = ev
        names[EVENT] = xlat(ev_names)
        for value, ename in names[EVENT].pairs:
            if value:
                cmds[(EVENT, value)] = Cmd(ename.lower(), "event", ev_set, None)
    return Family(spec_name, prefix, names, cmds, ev is not None)

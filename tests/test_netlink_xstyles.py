"""Netlink under -X raw / -X verbose, unbound netlink sockets and signed port ids: rtnetlink
clients and the netlink_unbound probe live against strace 6.1 in a fresh network namespace
holding a veth pair with fixed MAC addresses, and the shared printers on real bytes."""

from __future__ import annotations

import os
import re
import shutil
import socket
import struct
import subprocess

import pytest

from pytrace import netorder, printers
from pytrace.config import TraceConfig
from pytrace.decoders._sockaddr import format_sockaddr
from pytrace.ifnames import ifindex
from pytrace.netlink import format_bytes, netlink_protocol
from pytrace.netlink import protocol as nlproto
from pytrace.netlink.core import Ctx, hwaddr, nlattr_header
from pytrace.netlink.rtnl_link import hwaddr_family
from pytrace.printers import xlat
from pytrace.tracee import Tracee

from .differential import compare, compile_probe, have_strace, netlink_run_values, run_both

UNSHARE = shutil.which("unshare")
STYLES = {"abbrev": printers.STYLE_ABBREV, "raw": printers.STYLE_RAW,
          "verbose": printers.STYLE_VERBOSE}

# The namespace both tracers run in: a veth pair with fixed MACs (not up: no IPv6 autoconf
# timers), an IPv4 address and a permanent neighbour; lo stays down.
_SETUP = ("ip link add v0 address 00:11:22:33:44:55 type veth peer name v1 address 00:11:22:33:44:66"
          " && ip addr add 10.1.2.3/24 dev v0"
          " && ip neigh add 10.1.2.9 lladdr 00:aa:bb:cc:dd:ee dev v0 nud permanent && exec \"$@\"")
WRAPPER = [UNSHARE or "unshare", "--net", "sh", "-c", _SETUP, "sh"]


def _netns_ok() -> bool:
    if not (have_strace() and UNSHARE):
        return False
    return subprocess.run(WRAPPER + ["true"], capture_output=True).returncode == 0


live = pytest.mark.skipif(not _netns_ok(), reason="needs strace, unshare --net (root) and veth")

OPTS = [[], ["-X", "raw"], ["-X", "verbose"], ["-v", "-X", "raw"], ["-v", "-X", "verbose"]]
OPT_IDS = ["default", "Xraw", "Xverbose", "vXraw", "vXverbose"]

# Difference classes that differ between two runs by nature, masked by name:
_RUN = [
    # neighbour cache ages (NDA_CACHEINFO): jiffies since the entry's last use, at dump time
    (re.compile(r"(ndm_(?:confirmed|used|updated)=)\d+"), r"\1AGE"),
    # IFA_CACHEINFO cstamp/tstamp: hundredths of a second since boot when each run's
    # namespace created the address
    (re.compile(r"([ct]stamp=)\d+"), r"\1T"),
]


def _mask_clients(lines: list[str]) -> list[str]:
    out = []
    for line in lines:
        line = netlink_run_values(line)  # nlmsg_seq, nlmsg_pid, reachable_time
        for pattern, repl in _RUN:
            line = pattern.sub(repl, line)
        out.append(line)
    return out


@live
@pytest.mark.parametrize("argv", [["ip", "addr"], ["ip", "neigh"], ["ip", "link", "set", "nosuch", "up"]],
                         ids=["ip-addr", "ip-neigh", "ip-link-error"])
@pytest.mark.parametrize("opts", OPTS, ids=OPT_IDS)
def test_clients_styles_identical_to_strace(argv: list[str], opts: list[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTRACE_NETLINK", "strace")
    r = run_both(argv, ["-e", "trace=sendto,recvfrom,sendmsg,recvmsg", *opts], wrapper=WRAPPER)
    m = compare(_mask_clients(r.strace), _mask_clients(r.pytrace))
    assert m.total >= 4 and m.rate == 1.0, m.report(3)
    text = "\n".join(r.strace)
    # the run printed what this test is about
    if argv[1] == "link":
        assert "error=" in text
    else:
        assert "00:11:22:33:44:55" in text or "\\x00\\x11\\x22\\x33\\x44\\x55" in text
        assert "v0" in text


# The probe's run-dependent values: its socket's autobound port id (the tracee's pid, so
# positive: the probe's own port ids are negative and stay compared), the netlink_diag inode
# and cookie (kernel-wide counters).
_PROBE_RUN = [
    (re.compile(r"nlmsg_pid=\d+"), "nlmsg_pid=P"),
    (re.compile(r"ndiag_ino=\d+"), "ndiag_ino=I"),
    (re.compile(r"ndiag_cookie=\[\d+, \d+\]"), "ndiag_cookie=[C]"),
]


def _mask_probe(lines: list[str]) -> list[str]:
    out = []
    for line in lines[1:]:  # the first execve's envp is tracer memory
        for pattern, repl in _PROBE_RUN:
            line = pattern.sub(repl, line)
        out.append(line)
    return out


@live
@pytest.mark.parametrize("opts", [*OPTS, ["-v"]], ids=[*OPT_IDS, "v"])
def test_unbound_probe_identical_to_strace(opts: list[str]) -> None:
    r = run_both([compile_probe("netlink_unbound"), "v0"], opts, wrapper=WRAPPER)
    m = compare(_mask_probe(r.strace), _mask_probe(r.pytrace))
    assert m.total >= 20 and m.rate == 1.0, m.report(3)
    text = "\n".join(r.strace)
    assert "nl_pid=-16" in text and "nlmsg_pid=-16" in text
    assert '"\\x00\\x00\\x00\\x00\\x63\\x00' in text  # the unbound socket's first send: hex
    # both sockets decode once the kernel has bound them
    assert text.count("ifr_hwaddr={") == 2
    assert "ndiag_portid=4294967280" in text


# ------------------------------------------------------------ printers on real bytes
@pytest.mark.parametrize("style", STYLES)
def test_mac_addr_styles(style: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(printers, "xlat_style", STYLES[style])
    raw = bytes.fromhex("0011223344550000")
    hexed = '"\\x00\\x11\\x22\\x33\\x44\\x55\\x00\\x00"'
    want = {"abbrev": "00:11:22:33:44:55", "raw": hexed, "verbose": hexed + " /* 00:11:22:33:44:55 */"}
    assert netorder.mac_addr(raw, 6) == want[style]
    # longer than MAX_ADDR_LEN: hex in every style
    assert netorder.mac_addr(bytes(33)) == '"' + "\\x00" * 33 + '"'
    # netlink attributes (NDA_LLADDR): the payload whole; a short buffer prints its address,
    # a payload past MAX_ADDR_LEN is hex (None)
    ctx = Ctx(addr=0x1000)
    hex6 = '"\\x00\\x11\\x22\\x33\\x44\\x55"'
    want6 = {"abbrev": "00:11:22:33:44:55", "raw": hex6, "verbose": hex6 + " /* 00:11:22:33:44:55 */"}
    assert hwaddr(ctx, raw, 0, 6) == want6[style]
    assert hwaddr(ctx, raw, 4, 6) == "0x1004"
    assert hwaddr(ctx, bytes(40), 0, 33) is None
    # print_hwaddr (IFLA_ADDRESS of an ARPHRD_ETHER link): the colon form cut at 6 bytes,
    # the hex form whole
    assert hwaddr_family(ctx, raw, 0, 8, 1) == want[style]


def test_hwaddr_size_table() -> None:
    assert netorder.hwaddr_size(1) == 6  # ARPHRD_ETHER
    assert netorder.hwaddr_size(32) == 20  # ARPHRD_INFINIBAND
    assert netorder.hwaddr_size(776) == 4  # ARPHRD_SIT
    assert netorder.hwaddr_size(0xFFFE) == 255  # ARPHRD_NONE: past strace's table


@pytest.mark.parametrize("style", STYLES)
def test_ifindex_styles(style: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(printers, "xlat_style", STYLES[style])
    lo = socket.if_nametoindex("lo")
    want = {"abbrev": 'if_nametoindex("lo")', "raw": str(lo),
            "verbose": f'{lo} /* if_nametoindex("lo") */'}
    assert ifindex(lo) == want[style]
    assert ifindex(0) == "0"
    assert ifindex(0x7FFFFFF0) == str(0x7FFFFFF0)  # no such interface
    assert ifindex(0xFFFFFFFF) == "4294967295"


def _nlmsgerr(err: int) -> bytes:
    req = struct.pack("<IHHII", 16, 18, 5, 1, 0)
    return struct.pack("<IHHII", 16 + 4 + 16, 2, 0x100, 1, 0) + struct.pack("<i", err) + req


@pytest.mark.parametrize("style", STYLES)
def test_nlmsgerr_error_styles(style: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(printers, "xlat_style", STYLES[style])
    want = {"abbrev": "{error=-ENODEV,", "raw": "{error=-19,", "verbose": "{error=-19 /* -ENODEV */,"}
    assert want[style] in format_bytes(_nlmsgerr(-19), 0)
    assert "{error=-4000," in format_bytes(_nlmsgerr(-4000), 0)  # no errno name
    assert "{error=0," in format_bytes(_nlmsgerr(0), 0)
    # truncated: the error field cut short prints hex
    assert "error=" not in format_bytes(_nlmsgerr(-19)[:18], 0)


@pytest.mark.parametrize("style", STYLES)
def test_nla_type_flag_styles(style: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(printers, "xlat_style", STYLES[style])
    x = xlat("rtnl_link_attrs")
    text = nlattr_header(12, 0xC000 | 3, x, "IFLA_???")
    want = {"abbrev": "NLA_F_NESTED|NLA_F_NET_BYTEORDER|IFLA_IFNAME",
            "raw": "0x8000|0x4000|0x3",
            "verbose": "0x8000 /* NLA_F_NESTED */|0x4000 /* NLA_F_NET_BYTEORDER */|0x3 /* IFLA_IFNAME */"}
    assert text == "{nla_len=12, nla_type=%s}" % want[style]


def test_sockaddr_nl_pid_signed() -> None:
    t = Tracee(0, TraceConfig())
    nl = struct.pack("<HHII", socket.AF_NETLINK, 0, 0xFFFFFFF0, 0)
    assert format_sockaddr(t, nl, 12) == "{sa_family=AF_NETLINK, nl_pid=-16, nl_groups=00000000}"
    nl = struct.pack("<HHII", socket.AF_NETLINK, 0, 0x7FFFFFFF, 1)
    assert "nl_pid=2147483647, nl_groups=0x000001" in format_sockaddr(t, nl, 12)


class _Self:
    """The tracer itself as the process whose descriptors are looked up."""

    pid = tgid = os.getpid()


def test_unbound_netlink_protocol_not_cached() -> None:
    """A netlink socket is in /proc/net/netlink only once bound: until then its protocol is
    unknown (-1), and it is looked up again after the bind."""
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        t = _Self()
        assert netlink_protocol(t, s.fileno()) == nlproto.UNKNOWN  # type: ignore[arg-type]
        s.bind((0, 0))
        assert netlink_protocol(t, s.fileno()) == 0  # type: ignore[arg-type]
        assert netlink_protocol(t, u.fileno()) is None  # type: ignore[arg-type]
        assert netlink_protocol(t, 10_000) is None  # type: ignore[arg-type]
    finally:
        s.close()
        u.close()


@pytest.mark.parametrize("style", STYLES)
def test_index_array_styles(style: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """print_array_ex's indices (IFLA_INET_CONF) print as printxval_d under every -X."""
    from pytrace.netlink.rtnl_link import index_array

    monkeypatch.setattr(printers, "xlat_style", STYLES[style])
    dec = index_array("i", "inet_devconf_indices", "IPV4_DEVCONF_???")
    buf = struct.pack("<3i", 0, 1, -1)
    want = {"abbrev": "[[IPV4_DEVCONF_FORWARDING-1]=0, [IPV4_DEVCONF_MC_FORWARDING-1]=1, ",
            "raw": "[[0]=0, [1]=1, [2]=-1]",
            "verbose": "[[0 /* IPV4_DEVCONF_FORWARDING-1 */]=0, [1 /* IPV4_DEVCONF_MC_FORWARDING-1 */]=1, "}
    text = dec(Ctx(), buf, 0, 12)
    assert text is not None and text.startswith(want[style])

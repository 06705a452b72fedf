"""Spec display hints (``display-hint: ipv4 / ipv6 / ipv4-or-v6 / mac / hex``, and
genl_families.SPEC_HINTS where a spec gives none): addresses print as strace prints addresses
elsewhere (inet_addr, inet_pton, hwaddr), hex-hinted integers as %#x (htonl(%#x) when
big-endian); wrong lengths and truncated buffers fall back to the hex string; JSON carries the
address string beside the raw bytes. Bytes built here; the live cases are in
test_netlink_tcp_metrics.py and test_netlink_mptcp_events.py."""

from __future__ import annotations

import socket
import struct

from hypothesis import given, settings
from hypothesis import strategies as st

from pytrace.netlink import genl_families, spec
from pytrace.netlink.core import Ctx


def nla(t: int, p: bytes) -> bytes:
    return struct.pack("<HH", 4 + len(p), t) + p + bytes(-len(p) % 4)


def text(fam: str, aset: str, data: bytes, length: int | None = None) -> str:
    n = len(data) if length is None else length
    return spec.spec_decoder(fam, aset)(Ctx(limit=64), data, 0, n, None)


V4, V6 = socket.inet_aton("192.0.2.7"), socket.inet_pton(socket.AF_INET6, "2001:db8::7")


def test_be_u32_and_binary_addresses() -> None:
    data = nla(1, V4) + nla(2, V6) + nla(11, V4) + nla(12, V6)
    assert text("tcp_metrics", "tcp-metrics", data) == (
        '[[{nla_len=8, nla_type=TCP_METRICS_ATTR_ADDR_IPV4}, inet_addr("192.0.2.7")], '
        '[{nla_len=20, nla_type=TCP_METRICS_ATTR_ADDR_IPV6}, inet_pton(AF_INET6, "2001:db8::7")], '
        '[{nla_len=8, nla_type=TCP_METRICS_ATTR_SADDR_IPV4}, inet_addr("192.0.2.7")], '
        '[{nla_len=20, nla_type=TCP_METRICS_ATTR_SADDR_IPV6}, '
        'inet_pton(AF_INET6, "2001:db8::7")]]')


def test_wrong_length_is_hex() -> None:
    out = text("tcp_metrics", "tcp-metrics", nla(1, b"\x01\x02") + nla(2, V6[:15]))
    assert 'ADDR_IPV4}, "\\x01\\x02"]' in out and "inet_" not in out


def test_truncated_buffer_never_reads_past() -> None:
    data = nla(2, V6)
    out = text("tcp_metrics", "tcp-metrics", data[:12], length=len(data))
    assert "inet_pton" not in out


def test_host_order_u32_ipv4_and_mac() -> None:
    out = text("rt-link", "linkinfo-geneve-attrs", nla(2, V4) + nla(7, V6))
    assert 'IFLA_GENEVE_REMOTE}, inet_addr("192.0.2.7")]' in out
    assert 'IFLA_GENEVE_REMOTE6}, inet_pton(AF_INET6, "2001:db8::7")]' in out
    out = text("rt-link", "linkinfo-bond-attrs", nla(26, bytes.fromhex("0211223344ff")))
    assert "IFLA_BOND_AD_ACTOR_SYSTEM}, 02:11:22:33:44:ff]" in out


def test_hex_hint() -> None:
    data = nla(10, struct.pack("<I", 0x1234)) + nla(26, struct.pack(">I", 0xABCDE)) \
        + nla(28, struct.pack("<H", 0xFF00)) + nla(16, struct.pack("<I", 0))
    out = text("rt-rule", "fib-rule-attrs", data)
    assert "FRA_FWMARK}, 0x1234]" in out
    assert "FRA_FLOWLABEL}, htonl(0xabcde)]" in out
    assert "FRA_SPORT_MASK}, 0xff00]" in out
    assert "FRA_FWMASK}, 0]" in out  # %#x of 0


def test_indexed_array_of_addresses() -> None:
    arr = nla(0, socket.inet_aton("10.0.0.1")) + nla(1, socket.inet_aton("10.0.0.2")) + nla(2, b"\1")
    out = text("rt-link", "linkinfo-bond-attrs", nla(8, arr) + nla(31, nla(0, V6)))
    assert ('IFLA_BOND_ARP_IP_TARGET}, [[{nla_len=8, nla_type=0}, inet_addr("10.0.0.1")], '
            '[{nla_len=8, nla_type=0x1}, inet_addr("10.0.0.2")], [{nla_len=5, nla_type=0x2}, '
            '"\\x01"]]]') in out
    # one element: strace's single-attribute form (no outer brackets)
    assert 'IFLA_BOND_NS_IP6_TARGET}, [{nla_len=20, nla_type=0}, ' \
        'inet_pton(AF_INET6, "2001:db8::7")]]' in out
    val = spec.spec_value("rt-link", "linkinfo-bond-attrs", nla(8, arr), 0, 4 + len(arr))
    assert [(i["index"], i["value"], i["raw"]) for i in val[0]["value"]] == [
        (0, "10.0.0.1", "0a000001"), (1, "10.0.0.2", "0a000002"), (2, None, "01")]


def test_mptcp_spec_hints() -> None:
    genl_families.family("mptcp_pm")  # applies genl_families.SPEC_HINTS
    out = text("mptcp_pm", "address", nla(3, V4) + nla(4, V6) + nla(5, struct.pack("<H", 80)))
    assert ('[[{nla_len=8, nla_type=MPTCP_PM_ADDR_ATTR_ADDR4}, inet_addr("192.0.2.7")], '
            '[{nla_len=20, nla_type=MPTCP_PM_ADDR_ATTR_ADDR6}, inet_pton(AF_INET6, "2001:db8::7")], '
            '[{nla_len=6, nla_type=MPTCP_PM_ADDR_ATTR_PORT}, 80]]') == out
    ev = nla(5, V4) + nla(8, V6)
    out = text("mptcp_pm", "event-attr", ev)
    assert 'SADDR4}, inet_addr("192.0.2.7")]' in out and 'DADDR6}, inet_pton(' in out
    vals = spec.spec_value("mptcp_pm", "event-attr", ev, 0, len(ev))
    assert [(v["name"], v["value"], v["raw"]) for v in vals] == [
        ("MPTCP_ATTR_SADDR4", "192.0.2.7", V4.hex()), ("MPTCP_ATTR_DADDR6", "2001:db8::7", V6.hex())]


def test_json_addresses_beside_raw() -> None:
    data = nla(1, V4) + nla(2, V6) + nla(1, b"\1\2")
    vals = spec.spec_value("tcp_metrics", "tcp-metrics", data, 0, len(data))
    assert [(v["value"], v["raw"]) for v in vals[:2]] == [("192.0.2.7", V4.hex()),
                                                          ("2001:db8::7", V6.hex())]
    assert "value" not in vals[2] and vals[2]["raw"] == "0102"
    mac = nla(26, bytes.fromhex("0211223344ff"))
    assert spec.spec_value("rt-link", "linkinfo-bond-attrs", mac, 0, len(mac))[0]["value"] \
        == "02:11:22:33:44:ff"


SETS = [("tcp_metrics", "tcp-metrics"), ("rt-link", "linkinfo-bond-attrs"),
        ("rt-rule", "fib-rule-attrs"), ("mptcp_pm", "event-attr"), ("conntrack", "tuple-ip-attrs")]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(SETS), st.binary(max_size=96), st.integers(0, 128))
def test_hostile_never_raises(which: tuple[str, str], data: bytes, length: int) -> None:
    fam, aset = which
    assert isinstance(text(fam, aset, data, length), str)
    assert isinstance(spec.spec_value(fam, aset, data, 0, length), list)

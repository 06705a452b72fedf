"""Netlink tables generated from the kernel's specs: regeneration is stable, real clients print
as strace 6.1 prints them (PYTRACE_NETLINK=strace), spec-driven decoding and netlink_value
agree with pyroute2, and hostile buffers never raise."""

from __future__ import annotations

import socket
import struct
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pytrace.netlink import format_bytes, netlink_value
from syscall_tables import gen_netlink_specs as gen

from .differential import compare, have_strace, netlink_run_values, run_both


def test_generated_tables_are_current() -> None:
    if not gen.SPEC_DIR.exists():
        pytest.skip("no netlink specs")
    for path in sorted(gen.SPEC_DIR.glob("*.yaml")):
        name, body, _info = gen.module_text(path)
        assert (gen.OUT_DIR / (name.replace("-", "_") + ".py")).read_text() == body, name


# Each pair of runs gets a fresh, quiet network namespace (unshare --net): in the host's, live
# interface counters (tc qdisc and ip -s link dump them) move between the two runs.
@pytest.mark.parametrize("argv", [["ip", "addr"], ["ip", "route"],
                                  # listening sockets only: connections come and go between the two runs
                                  ["ip", "rule"], ["ss", "-tln"], ["ss", "-xln"], ["tc", "qdisc"],
                                  ["ip", "nexthop"]])
def test_clients_identical_to_strace(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """nlmsg_seq (ip seeds it with time()) and the kernel's random port ids differ per run."""
    if not have_strace():
        pytest.skip("no strace")
    monkeypatch.setenv("PYTRACE_NETLINK", "strace")
    r = run_both(argv, ["-e", "trace=sendto,recvfrom,sendmsg,recvmsg"], wrapper=["unshare", "--net"])
    r = compare([netlink_run_values(x) for x in r.strace], [netlink_run_values(x) for x in r.pytrace])
    assert r.total >= 3 and r.rate >= 0.98, r.report(3)


def _dump(typ: int, body: bytes) -> bytes:
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
    try:
        s.sendto(struct.pack("<IHHII", 16 + len(body), typ, 0x301, 1, 0) + body, (0, 0))
        return s.recv(65536)
    finally:
        s.close()


def test_netlink_value_agrees_with_pyroute2() -> None:
    ifinfmsg = pytest.importorskip("pyroute2.netlink.rtnl.ifinfmsg").ifinfmsg
    data = _dump(18, bytes(16))
    ln = struct.unpack_from("<I", data)[0]
    msg = ifinfmsg(data[:ln])
    msg.decode()
    v = netlink_value(data[:ln], 0)
    attrs = {a["name"]: a.get("value") for a in v["messages"][0]["attrs"] if "name" in a}
    assert attrs["IFLA_IFNAME"] == msg.get_attr("IFLA_IFNAME")
    assert attrs["IFLA_MTU"] == msg.get_attr("IFLA_MTU")
    assert attrs["IFLA_TXQLEN"] == msg.get_attr("IFLA_TXQLEN")
    assert v["messages"][0]["raw"] == data[16:ln].hex()


def _attr(t: int, payload: bytes) -> bytes:
    n = 4 + len(payload)
    return struct.pack("<HH", n, t) + payload + bytes((-n) % 4)


def test_tc_options_from_spec(monkeypatch: pytest.MonkeyPatch) -> None:
    """TCA_OPTIONS of an htb qdisc: strace prints hex; the tc spec gives its attributes."""
    opts = _attr(5, struct.pack("<I", 1000))  # direct-qlen
    body = struct.pack("<BxxxiIII", 0, 1, 0x10000, 0xFFFFFFFF, 0) + _attr(1, b"htb\0") + \
        _attr(2 | 0x8000, opts)
    msg = struct.pack("<IHHII", 16 + len(body), 36, 2, 1, 0) + body
    text = format_bytes(msg, 0)
    assert '[{nla_len=8, nla_type=TCA_KIND}, "htb"]' in text
    assert "DIRECT_QLEN}, 1000]" in text
    from pytrace.netlink import spec

    monkeypatch.setattr(spec, "STRICT", True)
    assert '"\\x08\\x00\\x05\\x00\\xe8\\x03\\x00\\x00"' in format_bytes(msg, 0)


def test_truncated_tc_and_nexthop() -> None:
    for typ, size, field in ((36, 20, "tcm_family"), (104, 8, "nh_family")):
        hdr = struct.pack("<IHHII", 16 + size + 8, typ, 2, 1, 0)
        text = format_bytes(hdr + bytes(size) + struct.pack("<HH", 40, 1), 0)
        # an attribute longer than its message: the header, as strace prints it
        assert text.startswith("[{nlmsg_len=") and field in text and text.endswith("=40, "
                                                                                     "nla_type="
                                                                                     + ("TCA_KIND}]" if typ == 36 else "NHA_ID}]"))
        # the fixed header runs past the readable bytes: its address (umoven_or_printaddr)
        assert format_bytes(hdr + bytes(size - 4), 0, 16 + size + 8,
                            addr=0x1000).endswith(", 0x1011}]")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 200), st.integers(0, 255)), max_size=8),
       st.sampled_from([16, 24, 36, 40, 44, 104, 2, 3]), st.sampled_from([0, 12, 16]))
def test_mutated_never_raise(muts: list[tuple[int, int]], typ: int, proto: int) -> None:
    body = struct.pack("<BxxxiIII", 0, 1, 0, 0, 0) + _attr(1, b"htb\0") + \
        _attr(2, _attr(5, b"\1\0\0\0") + _attr(1, bytes(20))) + _attr(9, _attr(1, bytes(12)))
    base = bytearray(struct.pack("<IHHII", 16 + len(body), typ, 2, 1, 0) + body)
    for pos, val in muts:
        if pos < len(base):
            base[pos] = val
    assert isinstance(format_bytes(bytes(base), proto), str)
    assert isinstance(netlink_value(bytes(base), proto), dict)


def test_spec_dir_documented() -> None:
    assert Path(gen.__file__).read_text().count("Usage:") == 1

"""nfnetlink subsystems without a kernel spec (pytrace/netlink/nfnl_sets.py): the
tests/probes/netlink_nfnl.py probe (real conntrack stats, cttimeout, nfacct, nfqueue and nflog
config, an nflog packet, ipset; crafted cthelper/queue/log/expect messages and malformed ones)
under strace 6.1 and pytrace, each in a fresh network namespace; the captured buffers through
format_bytes and netlink_value; pyroute2's ipset and conntrack-stats parsers as an oracle."""

from __future__ import annotations

import re
import struct
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pytrace.netlink import format_bytes, netlink_value
from pytrace.netlink import spec as nlspec

from .differential import Result
from .netlink_oracle import buffer_text
from .test_netlink_netfilter import _netns_ok, capture, run_both_netns

PROBE = Path(__file__).parent / "probes" / "netlink_nfnl.py"
NETLINK_NETFILTER = 12
NAMES = r"(?:CTA|NFTA|NFACCT|NFCTH|NFQA|NFULA|IPSET_ATTR)_"

pytestmark = pytest.mark.skipif(not _netns_ok(), reason="needs strace and unshare -n (root)")


@pytest.fixture(scope="module")
def captured() -> list[tuple[bytes, str]]:
    return capture(PROBE)


@pytest.fixture(scope="module", params=[True, False], ids=["strict", "default"])
def run(request: pytest.FixtureRequest) -> tuple[bool, Result]:
    return request.param, run_both_netns(strict=request.param, probe_path=PROBE)


def test_against_strace(run: tuple[bool, Result]) -> None:
    """--netlink=strace: strace 6.1's lines (>= 98%); default: the lines differ only where an
    attribute list of these subsystems is named and typed."""
    strict, r = run
    assert r.total > 80
    if strict:
        assert r.rate >= 0.98, r.report(5)
        return
    assert r.rate >= 0.3, r.report(3)
    for theirs, mine in r.diffs:
        assert theirs and mine, (theirs, mine)
        assert re.search(r"nla_type=(?:NLA_F_\w+\|)*0x", theirs), theirs[:300]
        assert re.search(r"nla_type=(?:NLA_F_\w+\|)*" + NAMES, mine), mine[:300]


def test_buffers_strict(captured: list[tuple[bytes, str]], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nlspec, "STRICT", True)
    bad = [(line[:300], mine[:300]) for data, line in captured
           if not buffer_text(line).startswith((mine := format_bytes(data, NETLINK_NETFILTER)) + ", ")]
    assert len(captured) > 80
    assert not bad, bad[:3]


def _types(captured: list[tuple[bytes, str]], t: int) -> list[bytes]:
    out = []
    for data, _line in captured:
        off = 0
        while off + 16 <= len(data):
            ln, typ = struct.unpack_from("<IH", data, off)
            if ln < 16 or off + ln > len(data):
                break
            if typ == t:
                out.append(data[off : off + ln])
            off += (ln + 3) & ~3
    return out


def _flat(attrs: list[dict]) -> list[str]:
    out = []
    for a in attrs:
        out.append(a.get("name", "?"))
        if isinstance(a.get("value"), list):
            out += _flat(a["value"])
    return out


def test_default_text_and_json_agree(captured: list[tuple[bytes, str]]) -> None:
    """Every attribute name the text prints is the JSON's, in the same order; the kernel's
    replies of each subsystem are decoded (no hex-only attribute lists)."""
    seen: set[int] = set()
    for data, _line in captured:
        text = format_bytes(data, NETLINK_NETFILTER, verbose=True, limit=4096)
        names = re.findall(r"nla_type=(?:NLA_F_\w+\|)*(\w+)\}", text)
        js = [n for m in netlink_value(data, NETLINK_NETFILTER)["messages"]
              for n in _flat(m.get("attrs", [])) if n != "?"]  # unknown: 0x.. in the text
        if js:
            seen.add(netlink_value(data, NETLINK_NETFILTER)["messages"][0]["type"] >> 8)
            assert [n for n in names if not n.startswith("0x")][: len(js)] == js[: len(names)], \
                (text[:400], js)
    assert {1, 2, 3, 4, 6, 7, 8, 9} <= seen, seen


def test_live_values(captured: list[tuple[bytes, str]]) -> None:
    """Values the probe set come back decoded: the cttimeout policy, the nfacct quota, the
    ipset element, the nflog packet's prefix and header."""
    texts = [format_bytes(d, NETLINK_NETFILTER, limit=256) for d, _l in captured]
    joined = "\n".join(texts)
    assert "[{nla_len=8, nla_type=CTA_TIMEOUT_TCP_SYN_SENT}, htonl(120)]" in joined
    assert "[{nla_len=12, nla_type=NFACCT_QUOTA}, 10]" in joined
    assert "[{nla_len=8, nla_type=NFACCT_FLAGS}, NFACCT_F_QUOTA_PKTS]" in joined
    assert 'nla_type=NLA_F_NET_BYTEORDER|IPSET_ATTR_IPADDR_IPV4}, inet_addr("10.0.0.1")]' in joined
    assert ("[{nla_len=8, nla_type=NFULA_PACKET_HDR}, {hw_protocol=htons(ETH_P_IP), "
            "hook=NF_INET_LOCAL_OUT}]") in joined
    assert '[{nla_len=10, nla_type=NFULA_PREFIX}, "probe"]' in joined
    assert "nla_type=CTA_STATS_GLOBAL_MAX_ENTRIES}, htonl(" in joined


def test_pyroute2_ipset_and_stats(captured: list[tuple[bytes, str]]) -> None:
    """pyroute2 parses the ipset replies and the global conntrack stats; our JSON agrees."""
    ipset = pytest.importorskip("pyroute2.netlink.nfnetlink.ipset")
    nfct = pytest.importorskip("pyroute2.netlink.nfnetlink.nfctsocket")
    checked = 0
    for t, cls in ((0x601, ipset.ipset_msg), (0x607, ipset.ipset_msg), (0x60D, ipset.ipset_msg),
                   (0x105, nfct.nfct_stats)):
        for raw in _types(captured, t):
            if not struct.unpack_from("<I", raw, 12)[0]:
                continue  # sent by the probe, not the kernel
            msg = cls(raw)
            msg.decode()
            ours = {a["name"]: a.get("value")
                    for a in netlink_value(raw, NETLINK_NETFILTER)["messages"][0].get("attrs", [])}
            for name, val in msg["attrs"]:
                mine = ours.get(name)
                if isinstance(mine, dict):
                    mine = mine.get("value")
                if isinstance(val, str | int) and not isinstance(mine, list):
                    assert mine == val, (hex(t), name, mine, val)
                    checked += 1
                elif name == "IPSET_ATTR_DATA":  # nested: compare the inner scalars
                    inner = {n: v for n, v in val["attrs"] if isinstance(v, int | str)}
                    got = {a["name"]: a.get("value") for a in mine}
                    for n, v in inner.items():
                        gv = got.get(n)
                        assert (gv.get("value") if isinstance(gv, dict) else gv) == v, (n, gv, v)
                        checked += 1
    assert checked >= 12, checked


def _msg(t: int, payload: bytes, flags: int = 1) -> bytes:
    return struct.pack("<IHHII", 16 + len(payload), t, flags, 7, 0) + payload


def test_short_structs_and_unknown_attrs_print_hex() -> None:
    nfg = bytes([0, 0, 0, 3])
    text = format_bytes(_msg(0x302, nfg + struct.pack("<HH", 5, 1) + b"\1\0\0\0"
                             + struct.pack("<HH", 8, 30) + b"abcd"), 12)
    assert '[{nla_len=5, nla_type=NFQA_CFG_CMD}, "\\x01"]' in text
    assert '[{nla_len=8, nla_type=0x1e /* NFQA_CFG_??? */}, "\\x61\\x62\\x63\\x64"]' in text \
        or '[{nla_len=8, nla_type=0x1e}, "\\x61\\x62\\x63\\x64"]' in text
    # the selector (CTA_TIMEOUT_L4PROTO) missing: CTA_TIMEOUT_DATA stays hex
    data = _msg(0x800, nfg + struct.pack("<HH", 12, 0x8004) + struct.pack("<HHI", 8, 1, 5))
    assert 'nla_type=NLA_F_NESTED|CTA_TIMEOUT_DATA}, "\\x08' in format_bytes(data, 12)
    # unreadable payload: the address where the bytes ran out
    full = _msg(0x401, nfg + struct.pack("<HH", 5, 1) + b"\1\0\0\0")
    assert format_bytes(full[:20], 12, len(full), addr=0x7000).endswith("0x7014]")


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([0x105, 0x200, 0x203, 0x300, 0x301, 0x302, 0x303, 0x400, 0x401, 0x601,
                        0x602, 0x607, 0x609, 0x700, 0x704, 0x800, 0x804, 0x900]),
       st.binary(max_size=200), st.booleans(), st.integers(0, 300))
def test_hostile_buffers_never_raise(t: int, body: bytes, strict: bool, cut: int) -> None:
    data = _msg(t, b"\2\0\0\0" + body)
    old = nlspec.STRICT
    nlspec.STRICT = strict
    try:
        assert isinstance(format_bytes(data[:cut], 12, len(data), addr=0x4000), str)
        assert isinstance(format_bytes(data, 12, verbose=True), str)
        assert isinstance(netlink_value(data[:cut], 12), dict)
        assert isinstance(netlink_value(data, 12), dict)
    finally:
        nlspec.STRICT = old

"""NETLINK_NETFILTER: the probe (tests/probes/netlink_netfilter.py) under strace 6.1 and pytrace,
each tracer in a fresh network namespace (strace finds a socket's protocol in its own namespace;
nf_tables generation ids and handles would differ in a shared one); the captured buffers through
format_bytes; pyroute2's nfnetlink classes as an independent parser; hostile buffers."""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pytrace.netlink import format_bytes, netlink_value
from pytrace.netlink import spec as nlspec

from .differential import SETARCH, STRACE, Result, compare, have_strace, normalise
from .netlink_oracle import buffer_text

PROBE = Path(__file__).parent / "probes" / "netlink_netfilter.py"
NETLINK_NETFILTER = 12
UNSHARE = shutil.which("unshare")
TRACE = ["-e", "trace=sendto,recvfrom"]
# NFT_MSG_NEWGEN carries the tracee's pid (NFTA_GEN_PROC_PID): it differs by nature
_GEN_PID = re.compile(r"(NFT_MSG_NEWGEN.*?nla_type=(?:0x2|NFTA_GEN_PROC_PID)\}, )(?:\"[^\"]*\"|htonl\(\d+\)|\d+)")


def _netns_ok() -> bool:
    if not (UNSHARE and have_strace()):
        return False
    return subprocess.run([UNSHARE, "-n", "true"], capture_output=True).returncode == 0


pytestmark = pytest.mark.skipif(not _netns_ok(), reason="needs strace and unshare -n (root)")


def _in_netns(cmd: list[str], env: dict[str, str]) -> None:
    argv = [UNSHARE, "-n", *([SETARCH, "-R"] if SETARCH else []), *cmd]
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                   timeout=60, check=False)


def run_both_netns(strict: bool, probe_path: Path = PROBE) -> Result:
    """tests.differential.run_both, with each tracer in a network namespace of its own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "COV_"))}
    env["LC_ALL"] = "C"
    # the same environment for both tracees (it shifts their stack addresses)
    env["PYTRACE_NETLINK"] = "strace" if strict else "default"
    with tempfile.TemporaryDirectory() as d:
        a, b = os.path.join(d, "a"), os.path.join(d, "b")
        probe = [sys.executable, str(probe_path)]
        _in_netns([STRACE, "-f", "-o", a, *TRACE, *probe], env)
        _in_netns([sys.executable, "-m", "pytrace", "-f", "-o", b, *TRACE, *probe], env)
        sa = Path(a).read_text(errors="surrogateescape").splitlines()
        pb = Path(b).read_text(errors="surrogateescape").splitlines()
    return compare([_GEN_PID.sub(r"\1PID", x) for x in normalise(sa)],
                   [_GEN_PID.sub(r"\1PID", x) for x in normalise(pb)])


@pytest.fixture(scope="module")
def strict_run() -> Result:
    return run_both_netns(strict=True)


def test_identical_to_strace(strict_run: Result) -> None:
    """With PYTRACE_NETLINK=strace, the probe's lines are strace 6.1's (>= 98%)."""
    assert strict_run.total > 200
    assert strict_run.rate >= 0.98, strict_run.report(5)


def test_default_differs_only_in_spec_attributes(strict_run: Result) -> None:
    """By default, only attribute lists differ from strace (named, typed): ctnetlink and nf_tables
    from the specs, the other subsystems from nfnl_sets."""
    r = run_both_netns(strict=False)
    assert r.rate >= 0.5, r.report(3)
    for theirs, mine in r.diffs:
        if not theirs or not mine:
            continue
        assert re.search(r"nla_type=(?:NLA_F_\w+\|)*0x", theirs), theirs[:300]
        assert re.search(r"nla_type=(?:NLA_F_\w+\|)*(?:CTA|NFTA|NFACCT|NFCTH|NFQA|NFULA|IPSET_ATTR)_", mine), mine[:300]


def capture(probe_path: Path = PROBE) -> list[tuple[bytes, str]]:
    """(bytes, strace's line) for every buffer the probe sent or received under strace."""
    with tempfile.TemporaryDirectory() as d:
        hexf, log = Path(d) / "bufs", Path(d) / "strace"
        _in_netns([STRACE, "-qq", *TRACE, "-o", str(log), sys.executable, str(probe_path),
                   str(hexf)], dict(os.environ))
        bufs = [ln.split() for ln in hexf.read_text().splitlines()]
        lines = [ln for ln in log.read_text().splitlines()
                 if ln.startswith(("sendto(", "recvfrom(")) and "AF_NETLINK" in ln]
    assert len(bufs) == len(lines)
    return [(bytes.fromhex(hx), line) for (_p, _fd, _n, hx), line in zip(bufs, lines, strict=True)]


@pytest.fixture(scope="module")
def captured() -> list[tuple[bytes, str]]:
    return capture()


def test_buffers_identical_to_strace(captured: list[tuple[bytes, str]],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nlspec, "STRICT", True)
    bad = [(line[:300], mine[:300]) for data, line in captured
           if not buffer_text(line).startswith((mine := format_bytes(data, NETLINK_NETFILTER)) + ", ")]
    assert len(captured) > 200
    assert len(bad) / len(captured) <= 0.02, bad[:3]


def _nft_messages(captured: list[tuple[bytes, str]], subsys: int, mtype: int) -> list[bytes]:
    """The kernel's dump replies of one message type."""
    out = []
    for data, _line in captured:
        off = 0
        while off + 16 <= len(data):
            ln, t = struct.unpack_from("<IH", data, off)
            if ln < 16 or off + ln > len(data):
                break
            if t == (subsys << 8) | mtype and ln > 20 and data[off + 6] & 2:  # NLM_F_MULTI
                out.append(data[off : off + ln])
            off += (ln + 3) & ~3
    return out


def test_pyroute2_agrees_on_nftables(captured: list[tuple[bytes, str]]) -> None:
    """pyroute2 parses the nf_tables dump replies; names and values match our JSON and text."""
    nft = pytest.importorskip("pyroute2.netlink.nfnetlink.nftsocket")
    pairs = [(0, nft.nft_table_msg), (3, nft.nft_chain_msg), (6, nft.nft_rule_msg)]
    checked = 0
    for mtype, cls in pairs:
        for raw in _nft_messages(captured, 10, mtype):
            msg = cls(raw)
            msg.decode()
            ours = {a["name"]: a.get("value") for a in netlink_value(raw, 12)["messages"][0]["attrs"]}
            text = format_bytes(raw, NETLINK_NETFILTER, verbose=True)
            for name, val in msg["attrs"]:
                mine = ours.get(name)
                if isinstance(mine, dict):  # an enum or flag set: {"value": N, ...}
                    mine = mine.get("value")
                if isinstance(val, str | int) and mine is not None:
                    assert mine == val, (name, mine, val)
                    checked += 1
                if isinstance(val, str):
                    assert f"nla_type={name}}}, \"{val}\"" in text
    assert checked >= 6


def test_pyroute2_agrees_on_conntrack_stats(captured: list[tuple[bytes, str]]) -> None:
    nfct = pytest.importorskip("pyroute2.netlink.nfnetlink.nfctsocket")
    raws = _nft_messages(captured, 1, 4)  # IPCTNL_MSG_CT_GET_STATS_CPU replies
    assert raws
    for raw in raws:
        msg = nfct.nfct_stats_cpu(raw)
        msg.decode()
        ours = {a["name"]: a.get("value") for a in netlink_value(raw, 12)["messages"][0]["attrs"]}
        for name, val in msg["attrs"]:
            assert ours.get(name) == val, (name, ours.get(name), val)


def _msg(t: int, payload: bytes, flags: int = 1) -> bytes:
    return struct.pack("<IHHII", 16 + len(payload), t, flags, 7, 0) + payload


def test_malformed_and_unreadable() -> None:
    nfg = bytes([2, 0, 0, 0])
    # nfgenmsg cut short: hex
    assert format_bytes(_msg(0x101, b"\2\0"), 12).endswith(', "\\x02\\x00"]')
    # the nfgenmsg is beyond the readable bytes: its address
    data = _msg(0x101, nfg)
    assert format_bytes(data[:16], 12, len(data), addr=0x1000).endswith(", 0x1010]")
    # nla_len past the end of the message: decoded up to what is there
    text = format_bytes(_msg(0x101, nfg + struct.pack("<HH", 40, 3) + b"\0\0\0\x08"), 12)
    assert "[{nla_len=40, nla_type=" in text and text.endswith("]]")
    # nf_tables res_id in both byte orders, batch payload as hex
    assert "res_id=htons(NFNL_SUBSYS_NFTABLES)" in format_bytes(_msg(0xA01, b"\0\0\0\x0a"), 12)
    assert "res_id=NFNL_SUBSYS_NFTABLES}" in format_bytes(_msg(0xA01, b"\0\0\x0a\0"), 12)
    assert format_bytes(_msg(0x10, b"\0\0\0\x0a\1\2"), 12).endswith('htons(10)}, "\\x01\\x02"]')
    # an unknown subsystem
    assert "nlmsg_type=0x20 /* NFNL_SUBSYS_??? */<<8|0x1," in format_bytes(_msg(0x2001, nfg), 12)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([0x100, 0x101, 0x104, 0xA00, 0xA03, 0xA06, 0xA09, 0xA0C, 0x10, 0x601]),
       st.binary(max_size=200), st.booleans(), st.integers(0, 300))
def test_hostile_buffers_never_raise(t: int, body: bytes, strict: bool, cut: int) -> None:
    data = _msg(t, body)
    old = nlspec.STRICT
    nlspec.STRICT = strict
    try:
        assert isinstance(format_bytes(data[:cut], 12, len(data), addr=0x4000), str)
        assert isinstance(format_bytes(data, 12, verbose=True), str)
        assert isinstance(netlink_value(data[:cut], 12), dict)
    finally:
        nlspec.STRICT = old


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 200), st.integers(0, 255)), max_size=10))
def test_mutated_nested_attributes_never_raise(muts: list[tuple[int, int]]) -> None:
    def nla(typ: int, p: bytes) -> bytes:
        return struct.pack("<HH", 4 + len(p), typ) + p + b"\0" * (-len(p) % 4)

    tup = nla(0x8001, nla(1, b"\x0a\0\0\1") + nla(2, b"\x0a\0\0\2")) + nla(0x8002, nla(1, b"\6"))
    base = bytearray(_msg(0x100, b"\2\0\0\0" + nla(0x8001, tup) + nla(3, b"\0\0\0\x08")))
    for pos, val in muts:
        if pos < len(base):
            base[pos] = val
    assert isinstance(format_bytes(bytes(base), 12), str)
    assert isinstance(netlink_value(bytes(base), 12), dict)

"""mptcp_pm events vs commands (genl_families.EVENTS): tests/probes/netlink_mptcp_events.py under
strace 6.1 in a fresh network namespace; strict mode prints strace's text for every buffer, the
default names multicast events (seq 0, pid 0, no NLM_F_REQUEST) MPTCP_EVENT_* with MPTCP_ATTR_*
attributes and replies (GET_LIMITS is 6, as MPTCP_EVENT_ANNOUNCED) as commands; JSON agrees."""

from __future__ import annotations

import os
import socket
import struct
import sys
import tempfile
from pathlib import Path

import pytest

from pytrace.netlink import format_bytes, generic, netlink_value
from pytrace.netlink import spec as nlspec

from .differential import STRACE
from .netlink_oracle import buffer_text
from .test_netlink_netfilter import TRACE, _in_netns, _netns_ok

PROBE = Path(__file__).parent / "probes" / "netlink_mptcp_events.py"
GENERIC = 16

pytestmark = pytest.mark.skipif(not _netns_ok(), reason="needs strace and unshare -n (root)")


@pytest.fixture(scope="module")
def captured() -> list[tuple[bytes, str]]:
    with tempfile.TemporaryDirectory() as d:
        hexf, log = Path(d) / "bufs", Path(d) / "strace"
        _in_netns([STRACE, "-qq", *TRACE, "-o", str(log), sys.executable, str(PROBE), str(hexf)],
                  dict(os.environ))
        bufs = [ln.split() for ln in hexf.read_text().splitlines()]
        lines = [ln for ln in log.read_text().splitlines()
                 if ln.startswith(("sendto(", "recvfrom(")) and "AF_NETLINK" in ln]
    assert len(bufs) == len(lines)
    out = [(bytes.fromhex(hx), line) for (_p, _fd, _n, hx), line in zip(bufs, lines, strict=True)]
    for data, _line in out:
        generic._parse_families(data)
    return out


def _events(captured: list[tuple[bytes, str]]) -> list[bytes]:
    ids = [i for i, n in generic._FAMILIES.items() if n == "mptcp_pm"]
    return [d for d, _l in captured if len(d) >= 20 and struct.unpack_from("<H", d, 4)[0] in ids
            and struct.unpack_from("<II", d, 8) == (0, 0)]


def test_strict_identical(captured: list[tuple[bytes, str]],
                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nlspec, "STRICT", True)
    assert len(captured) >= 12
    for data, line in captured:
        assert buffer_text(line).startswith(format_bytes(data, GENERIC) + ", "), line[:300]


def test_events_and_replies(captured: list[tuple[bytes, str]]) -> None:
    texts = [format_bytes(d, GENERIC, limit=256) for d, _l in captured]
    joined = "\n".join(texts)
    for name in ("CREATED", "ESTABLISHED", "CLOSED"):
        assert "{cmd=MPTCP_EVENT_%s, version=1}" % name in joined
    assert "nla_type=MPTCP_ATTR_TOKEN}" in joined
    assert "nla_type=MPTCP_ATTR_SPORT}, htons(40100)]" in joined
    # addresses the spec gives no display-hint (genl_families.SPEC_HINTS)
    assert 'nla_type=MPTCP_ATTR_SADDR4}, inet_addr("127.0.0.1")]' in joined
    assert 'nla_type=MPTCP_PM_ADDR_ATTR_ADDR4}, inet_addr("127.0.0.2")]' in joined
    # a reply numbered 6 (GET_LIMITS) is no MPTCP_EVENT_ANNOUNCED: it carries a seq and a pid
    reply = [t for t in texts if "MPTCP_PM_ATTR_SUBFLOWS" in t]
    assert reply and "{cmd=MPTCP_PM_CMD_GET_LIMITS, version=1}" in reply[0]
    assert "MPTCP_EVENT" not in reply[0]
    # the same event bytes with a sequence number: a reply, decoded as the command
    ev = next(d for d in _events(captured) if d[16] == 3)  # MPTCP_EVENT_CLOSED
    as_reply = ev[:8] + struct.pack("<II", 9, 1234) + ev[16:]
    assert "{cmd=MPTCP_PM_CMD_GET_ADDR, version=1}" in format_bytes(as_reply, GENERIC)


def test_json_direction(captured: list[tuple[bytes, str]]) -> None:
    evs = _events(captured)
    assert len(evs) >= 6
    for d in evs:
        m = netlink_value(d, GENERIC)["messages"][0]
        assert m["header"]["direction"] == "event", m["header"]
        assert m["header"]["cmd_name"].startswith("MPTCP_EVENT_")
        assert all(a["name"].startswith("MPTCP_ATTR_") for a in m.get("attrs", [])), m
        for a in m.get("attrs", []):
            if a["name"] in ("MPTCP_ATTR_SADDR4", "MPTCP_ATTR_DADDR4"):
                assert a["value"] in ("127.0.0.1", "127.0.0.2"), a
                assert bytes.fromhex(a["raw"]) == socket.inet_aton(a["value"]), a

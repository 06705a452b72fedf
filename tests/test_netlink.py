"""Netlink decoding: strace 6.1 as the oracle on live buffers, pyroute2 as an independent
parser of the same bytes, and hypothesis for hostile buffers."""

from __future__ import annotations

import struct

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pytrace.netlink import format_bytes

from .differential import have_strace
from .netlink_oracle import buffer_text, capture

NETLINK_ROUTE = 0


@pytest.fixture(scope="module")
def captured() -> list[tuple[int, bytes, str]]:
    if not have_strace():
        pytest.skip("no strace")
    return capture()


def test_identical_to_strace(captured: list[tuple[int, bytes, str]],
                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Every buffer the probe sent or received prints as strace printed it in the same run
    (in strace mode: nlctrl payloads, hex in strace 6.1, are decoded deeper by default)."""
    monkeypatch.setattr("pytrace.netlink.spec.STRICT", True)
    bad = []
    for proto, data, line in captured:
        mine = format_bytes(data, proto)
        if not buffer_text(line).startswith(mine + ", "):
            bad.append((line[:300], mine[:300]))
    assert len(captured) > 30
    assert len(bad) / len(captured) <= 0.02, bad[:3]


def test_pyroute2_agrees(captured: list[tuple[int, bytes, str]]) -> None:
    """pyroute2 parses the RTM_NEWLINK replies; names and MTUs it finds appear in our text."""
    ifinfmsg = pytest.importorskip("pyroute2.netlink.rtnl.ifinfmsg").ifinfmsg
    checked = 0
    for proto, data, _line in captured:
        if proto != NETLINK_ROUTE or len(data) < 20 or struct.unpack_from("<HH", data, 4) != (16, 2):
            continue  # RTM_NEWLINK with NLM_F_MULTI: dump replies
        ln = struct.unpack_from("<I", data)[0]
        msg = ifinfmsg(data[:ln])
        msg.decode()
        text = format_bytes(data[:ln], proto, verbose=True)
        assert f'nla_type=IFLA_IFNAME}}, "{msg.get_attr("IFLA_IFNAME")}"' in text
        assert f"nla_type=IFLA_MTU}}, {msg.get_attr('IFLA_MTU')}]" in text
        checked += 1
    assert checked


def _hdr(length: int, typ: int, flags: int = 1) -> bytes:
    return struct.pack("<IHHII", length, typ, flags, 1, 0)


def test_truncated_and_overflowing() -> None:
    # nlmsg_len past the buffer: decoded up to what is there
    ifi = struct.pack("<BxHiII", 0, 1, 1, 1, 0)
    text = format_bytes(_hdr(64, 16) + ifi + struct.pack("<HH", 40, 3) + b"lo\0\0", NETLINK_ROUTE)
    assert text.startswith("[{nlmsg_len=64, nlmsg_type=RTM_NEWLINK")
    assert "[{nla_len=40, nla_type=IFLA_IFNAME}, " in text and text.endswith("]]")
    # shorter than a header: hex
    assert format_bytes(b"\1\2\3", NETLINK_ROUTE) == '"\\x01\\x02\\x03"'
    # empty buffer
    assert format_bytes(b"", NETLINK_ROUTE) == '""'
    # unreadable tail (fewer bytes than the length): the address
    assert format_bytes(b"", NETLINK_ROUTE, 40, addr=0x1000) == "0x1000"


def test_limit_cuts_messages() -> None:
    one = _hdr(16, 3, 2)
    text = format_bytes(one * 40, NETLINK_ROUTE, limit=4)
    assert text.count("NLMSG_DONE") == 4 and text.endswith(", ...]")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=512), st.sampled_from([0, 4, 9, 12, 15, 16, 21, 99]),
       st.integers(0, 600))
def test_random_buffers_never_raise(data: bytes, proto: int, total: int) -> None:
    assert isinstance(format_bytes(data, proto, total), str)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 300), st.integers(0, 255)), max_size=8),
       st.sampled_from([16, 18, 20, 24, 28, 32, 2, 3, 88, 80]))
def test_mutated_messages_never_raise(muts: list[tuple[int, int]], typ: int) -> None:
    base = bytearray(_hdr(120, typ) + bytes(16) + (struct.pack("<HH", 8, 4) + b"\0\0\5\0") * 12)
    for pos, val in muts:
        if pos < len(base):
            base[pos] = val
    for proto in (0, 4, 16):
        assert isinstance(format_bytes(bytes(base), proto), str)

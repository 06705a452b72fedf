"""JSON Lines for netlink: every message of a captured multi-family trace (the buffers of
tests/probes/netlink_more.py, netlink_dump.py and netlink_genl.py under strace 6.1: route,
generic incl. spec families, audit, SELinux, crypto, sock_diag ...) yields an object with its raw
bytes, and every message whose payload the text decodes (not hex) carries a typed payload
(``header`` / ``attrs`` / ``error``) in ``netlink_value``."""

from __future__ import annotations

import re
import struct
from collections import Counter
from pathlib import Path

import pytest

from pytrace.netlink import format_bytes, generic, netlink_value

from . import test_netlink_more as more
from .differential import have_strace

UEVENT = 15
_HEAD = re.compile(r"^\[?\{nlmsg_len=\d+, nlmsg_type=[^,]+, nlmsg_flags=[^,]+, nlmsg_seq=\d+, "
                   r"nlmsg_pid=\d+\}(?:, )?")


@pytest.fixture(scope="module")
def captured() -> list[tuple[int, bytes]]:
    if not have_strace():
        pytest.skip("no strace")
    out = []
    old = more.PROBE
    try:
        for name in ("netlink_more", "netlink_dump", "netlink_genl"):
            more.PROBE = Path(__file__).parent / "probes" / f"{name}.py"
            out += [(p, d) for p, d, _l in more.capture([])]
    finally:
        more.PROBE = old
    for _p, data in out:
        generic._parse_families(data)
    return out


def _messages(data: bytes) -> list[bytes]:
    msgs, off = [], 0
    while off + 16 <= len(data):
        ln = struct.unpack_from("<I", data, off)[0]
        msgs.append(data[off : off + max(ln, 16)])
        if ln < 16:
            break
        off += (ln + 3) & ~3
    return msgs


def test_every_message_raw_and_typed(captured: list[tuple[int, bytes]]) -> None:
    protocols, typed = Counter(), Counter()
    for proto, data in captured:
        if proto == UEVENT:
            continue
        value = netlink_value(data, proto)
        assert value["raw"] == data.hex()
        msgs = _messages(data)
        assert len(value["messages"]) == len(msgs)
        for m, raw in zip(value["messages"], msgs, strict=True):
            protocols[proto] += 1
            assert m["raw"] == raw[16 : max(16, min(m["len"], len(raw)))].hex()
            text = format_bytes(raw, proto, limit=4096)
            head = _HEAD.match(text)
            assert head, text[:200]
            decoded = len(raw) > 16 and m["type"] != 3 and not text[head.end():].startswith('"')
            if decoded:
                assert {"header", "attrs", "error"} & set(m), (proto, text[:300], sorted(m))
                typed[proto] += 1
    # route, audit, SELinux, generic, sock_diag, crypto all seen and typed
    for proto in (0, 4, 7, 9, 16):
        assert typed[proto] >= 1, (proto, protocols, typed)


def test_unknown_route_type_keeps_family() -> None:
    body = bytes([1, 2, 3, 4])
    data = struct.pack("<IHHII", 16 + len(body), 0x7FF, 1, 5, 0) + body
    m = netlink_value(data, 0)["messages"][0]
    assert m["header"] == {"struct": "family", "family": 1, "family_name": "AF_UNIX",
                           "data": "020304"}
    assert "{family=AF_UNIX, data=" in format_bytes(data, 0)

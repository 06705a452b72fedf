"""netlink_diag/packet_diag payloads built from real layouts: short, truncated (readable bytes
end early) and mutated messages print up to the fault and never raise."""

from __future__ import annotations

import struct

from hypothesis import given, settings
from hypothesis import strategies as st

from pytrace.netlink import format_bytes


def _msg(t: int, f: int, body: bytes) -> bytes:
    return struct.pack("<IHHII", 16 + len(body), t, f, 1, 0) + body


NL_REQ = _msg(20, 0x301, struct.pack("<BBxxII2I", 16, 0xFF, 0, 3, 0, 0))
PK_REQ = _msg(20, 0x301, struct.pack("<BBxxII2I", 17, 0, 0, 0x3D, 0, 0))
COMPAT = _msg(19, 0x301, struct.pack("<BBBB48xII", 2, 0, 0, 0, 0xFFF, 0))


def test_requests() -> None:
    assert "sdiag_protocol=NDIAG_PROTO_ALL, ndiag_ino=0, ndiag_show=NDIAG_SHOW_MEMINFO|" \
        "NDIAG_SHOW_GROUPS" in format_bytes(NL_REQ, 4)
    assert "sdiag_protocol=0, pdiag_ino=0, pdiag_show=PACKET_SHOW_INFO|" in format_bytes(PK_REQ, 4)
    assert "idiag_src_len=0, idiag_dst_len=0, idiag_ext=0, id={" in format_bytes(COMPAT, 4)
    assert "1<<TCP_CLOSING|0x1, idiag_dbs=0}" in format_bytes(COMPAT, 4)


def test_short_and_truncated() -> None:
    short = _msg(20, 1, struct.pack("<BB", 16, 0))
    assert "{sdiag_family=AF_NETLINK, ...}" in format_bytes(short, 4)
    out = format_bytes(NL_REQ[:20], 4, len(NL_REQ), addr=0x1000)
    assert "0x1011" in out


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([NL_REQ, PK_REQ, COMPAT]), st.booleans(),
       st.lists(st.tuples(st.integers(0, 80), st.integers(0, 255)), max_size=6),
       st.integers(0, 80))
def test_mutated_never_raise(base: bytes, reply: bool, muts: list[tuple[int, int]],
                             cut: int) -> None:
    data = bytearray(base)
    if reply:
        data[6] = 2  # NLM_F_MULTI: a reply
        data += struct.pack("<HH", 12, 0) + bytes(8)
        struct.pack_into("<I", data, 0, len(data))
    for pos, val in muts:
        if pos < len(data):
            data[pos] = val
    assert isinstance(format_bytes(bytes(data), 4), str)
    assert isinstance(format_bytes(bytes(data[:cut]), 4, len(data), addr=0x1000), str)

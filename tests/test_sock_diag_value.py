"""NETLINK_SOCK_DIAG in JSON: ``ss`` traced with --json; every request and reply header that
``netlink_value`` gives as a dict must say what the strace text of the same call (args_text,
same run) says, field by field, and every attribute name must be the one the text names.
Hostile bytes: the JSON side never raises."""

from __future__ import annotations

import json
import shutil
import socket
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pytrace.netlink import netlink_value

SOCK_DIAG = 4
# fields printed as flag sets (checked through their own tests), not as numbers
_FLAG_FIELDS = {"idiag_states", "idiag_ext", "udiag_states", "udiag_show", "ndiag_show", "pdiag_show"}
_SS = shutil.which("ss")


def _events(tmp_path: Path, args: list[str]) -> list[dict]:
    out = tmp_path / "ss.jsonl"
    subprocess.run([sys.executable, "-m", "pytrace", "--json", "-o", str(out), "-v", "-s", "4096",
                    "-e", "trace=sendmsg,recvmsg", _SS or "ss", *args], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)
    return [json.loads(line) for line in out.read_text().splitlines()]


def _expected(h: dict) -> list[str]:
    """The text strace prints for each field of the header dict."""
    want = []
    for k, v in h.items():
        if k in ("struct", "id") or k.endswith("_name") or k in _FLAG_FIELDS:
            continue
        if isinstance(v, list):
            want.append(f"{k}=[{v[0]}, {v[1]}]")
        elif k + "_name" in h:  # printed by name (an unnamed value prints as hex: not checked)
            if h[k + "_name"] is not None:
                want.append(f"{k}={h[k + '_name']}")
        elif k != "sdiag_protocol":  # NDIAG_PROTO_ALL, hex for packet: printed per family
            want.append(f"{k}={v}")
    sid = h.get("id")
    if sid is not None:
        want += [f"idiag_sport=htons({sid['idiag_sport']})", f"idiag_dport=htons({sid['idiag_dport']})",
                 f"idiag_cookie=[{sid['idiag_cookie'][0]}, {sid['idiag_cookie'][1]}]"]
        fam = h.get("sdiag_family", h.get("idiag_family"))
        for k in ("idiag_src", "idiag_dst"):
            want.append(f'inet_addr("{sid[k]}")' if fam == socket.AF_INET
                        else f'inet_pton(AF_INET6, "{sid[k]}", &{k})')
    return want


@pytest.mark.skipif(_SS is None, reason="iproute2's ss is not installed")
@pytest.mark.parametrize("args", [["-tan"], ["-xan"], ["-uan"], ["-an", "-A", "netlink"]],
                         ids=["tcp", "unix", "udp", "netlink"])
def test_json_headers_say_what_the_text_says(tmp_path: Path, args: list[str]) -> None:
    checked = attrs = 0
    for e in _events(tmp_path, args):
        for nl in e.get("netlink") or []:
            if nl["protocol"] != SOCK_DIAG:
                continue
            text = " ".join(e["args_text"])
            segments = text.split("{nlmsg_len=")[1:]
            for msg, seg in zip(nl["messages"], segments, strict=False):
                assert seg.startswith(f"{msg['len']}, "), (msg["len"], seg[:40])
                h = msg.get("header")
                if h is None:
                    assert msg["type"] < 16 or len(bytes.fromhex(msg["raw"])) < 16
                    continue
                for frag in _expected(h):
                    assert frag in seg, (frag, seg[:600])
                for a in msg.get("attrs", []):
                    assert f"nla_type={a['name']}}}" in seg, (a, seg[:600])
                    attrs += 1
                checked += 1
    assert checked >= 2
    if args == ["-tan"]:
        assert attrs >= 1


def _msg(flags: int, payload: bytes, typ: int = 20) -> bytes:
    return struct.pack("<IHHII", 16 + len(payload), typ, flags, 1, 0) + payload


def test_requests_and_replies_by_family() -> None:
    """Each family's request and reply layout, chosen as the text decoder chooses it."""
    cases = {(socket.AF_UNIX, 1): ("unix_diag_req", 24), (socket.AF_UNIX, 2): ("unix_diag_msg", 16),
             (socket.AF_NETLINK, 1): ("netlink_diag_req", 20), (socket.AF_NETLINK, 2): ("netlink_diag_msg", 28),
             (socket.AF_PACKET, 1): ("packet_diag_req", 20), (socket.AF_PACKET, 2): ("packet_diag_msg", 16),
             (socket.AF_INET6, 1): ("inet_diag_req_v2", 56), (socket.AF_INET6, 2): ("inet_diag_msg", 72)}
    for (fam, flags), (name, size) in cases.items():
        payload = bytes([fam]) + bytes(size - 1)
        h = netlink_value(_msg(flags, payload), SOCK_DIAG)["messages"][0]["header"]
        assert h["struct"] == name
        short = netlink_value(_msg(flags, payload[:-1]), SOCK_DIAG)["messages"][0]
        assert "header" not in short and "attrs" not in short
    compat = netlink_value(_msg(1, bytes([2]) + bytes(59), typ=18), SOCK_DIAG)  # TCPDIAG_GETSOCK
    assert compat["messages"][0]["header"]["struct"] == "inet_diag_req"


@settings(max_examples=300, deadline=None)
@given(fam=st.sampled_from([1, 2, 10, 16, 17, 99]), flags=st.sampled_from([0, 1, 2, 0x300]),
       typ=st.sampled_from([18, 19, 20, 3, 2]), body=st.binary(max_size=200), cut=st.integers(0, 240))
def test_hostile_never_raises(fam: int, flags: int, typ: int, body: bytes, cut: int) -> None:
    data = _msg(flags, bytes([fam]) + body, typ)
    netlink_value(data[: 16 + cut], SOCK_DIAG)
    json.dumps(netlink_value(data, SOCK_DIAG))

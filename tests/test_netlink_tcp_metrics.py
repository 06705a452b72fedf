"""tcp_metrics: the TCP_METRICS_ATTR_VALS nest names its members TCP_METRIC_* (enum
tcp_metric_index + 1, generated list tcp_metric_vals), as `ip tcp_metrics` does, in text and
JSON; a live dump after a loopback TCP connection in a fresh network namespace."""

from __future__ import annotations

import shutil
import struct
import subprocess
import sys

import pytest

from pytrace.netlink import format_bytes, generic, netlink_value
from pytrace.printers import xlat

UNSHARE = shutil.which("unshare")
GENERIC = 16

# a loopback connection, then TCP_METRICS_CMD_GET dump: prints each reply as hex
_LIVE = r"""
import fcntl, socket, struct, time
lo = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
fcntl.ioctl(lo, 0x8914, struct.pack("16sH22x", b"lo", 1))
srv = socket.socket(); srv.bind(("127.0.0.1", 0)); srv.listen(1)
c = socket.create_connection(srv.getsockname()); a, _ = srv.accept()
c.send(b"x" * 1000); a.recv(1000); c.close(); a.close(); time.sleep(0.1)
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 16); s.bind((0, 0))
def attr(t, p): return struct.pack("<HH", 4 + len(p), t) + p + bytes(-len(p) % 4)
q = bytes([3, 1, 0, 0]) + attr(2, b"tcp_metrics\0")
s.send(struct.pack("<IHHII", 16 + len(q), 16, 1, 1, 0) + q); r = s.recv(65536); print(r.hex())
off = 20
while struct.unpack_from("<H", r, off + 2)[0] != 1: off += (struct.unpack_from("<H", r, off)[0] + 3) & ~3
fid = struct.unpack_from("<H", r, off + 4)[0]
s.send(struct.pack("<IHHII", 20, fid, 0x301, 2, 0) + bytes([1, 1, 0, 0]))
print(s.recv(65536).hex())
"""


def _nla(t: int, p: bytes) -> bytes:
    return struct.pack("<HH", 4 + len(p), t) + p + b"\0" * (-len(p) % 4)


def _msg(fid: int, vals: bytes) -> bytes:
    body = bytes([1, 1, 0, 0]) + _nla(1, bytes([127, 0, 0, 1])) + _nla(0x8006, vals)
    return struct.pack("<IHHII", 16 + len(body), fid, 2, 5, 77) + body


def test_vals_named_from_header(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(generic._FAMILIES, 0x7F0, "tcp_metrics")
    names = xlat("tcp_metric_vals")
    vals = b"".join(_nla(v, struct.pack("<I", 10 * v)) for v, _n in names.pairs) + _nla(9, b"\1\0\0\0")
    data = _msg(0x7F0, vals)
    text = format_bytes(data, GENERIC, limit=64)
    for v, n in names.pairs:
        assert "[{nla_len=8, nla_type=%s}, %d]" % (n, 10 * v) in text
    assert "nla_type=0x9}" in text  # beyond the enum: the number, as strace prints unknowns
    attrs = netlink_value(data, GENERIC)["messages"][0]["attrs"]
    inner = next(a for a in attrs if a["name"] == "TCP_METRICS_ATTR_VALS")["value"]
    assert [a.get("name") for a in inner] == [n for _v, n in names.pairs] + [None]
    assert names.value_of("TCP_METRIC_RTT") == 1 and names.value_of("TCP_METRIC_RTTVAR_US") == 7


@pytest.mark.skipif(not UNSHARE, reason="needs unshare -n")
def test_live_dump() -> None:
    run = subprocess.run([UNSHARE, "-n", sys.executable, "-c", _LIVE], capture_output=True,
                         text=True, timeout=30)
    if run.returncode != 0:
        pytest.skip("no netns: " + run.stderr[-200:])
    ctrl, dump = (bytes.fromhex(x) for x in run.stdout.split())
    generic._parse_families(ctrl)
    text = format_bytes(dump, GENERIC, limit=64)
    assert "nla_type=TCP_METRICS_ATTR_VALS}" in text, text[:400]  # nla_nest_start_noflag
    assert "nla_type=TCP_METRIC_RTT_US}" in text and "TCP_METRICS_A_METRICS" not in text
    # display-hint ipv4 on a big-endian u32: the address, not htonl(N)
    assert 'nla_type=TCP_METRICS_ATTR_ADDR_IPV4}, inet_addr("127.0.0.1")]' in text
    assert "htonl(" not in text
    attrs = netlink_value(dump, GENERIC)["messages"][0]["attrs"]
    addr = next(a for a in attrs if a["name"] == "TCP_METRICS_ATTR_ADDR_IPV4")
    assert addr["value"] == "127.0.0.1" and addr["raw"] == "7f000001"

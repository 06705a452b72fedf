"""mptcp_pm events probe (run it in a network namespace of its own): resolves the mptcp_pm
family and its "mptcp_pm_events" multicast group, joins the group, adds an endpoint, asks
GET_LIMITS (a reply numbered 6, as MPTCP_EVENT_ANNOUNCED is) and dumps GET_ADDR, then opens and closes an MPTCP connection over loopback
and receives the events the kernel multicasts (CREATED, ESTABLISHED, CLOSED ...). Writes every
buffer sent or received as ``PROTO FD LEN HEX`` lines to argv[1] (when given)."""

import fcntl
import os
import socket
import struct
import sys

NETLINK_GENERIC = 16
out = open(sys.argv[1], "w") if len(sys.argv) > 1 else None
REQ, ACK, DUMP = 1, 4, 0x300


def record(fd, data):
    if out:
        out.write(f"{NETLINK_GENERIC} {fd} {len(data)} {data.hex()}\n")


def attr(t, payload):
    n = 4 + len(payload)
    return struct.pack("<HH", n, t) + payload + bytes((-n) % 4)


def attrs(data, off, end):
    while off + 4 <= end:
        ln, t = struct.unpack_from("<HH", data, off)
        if ln < 4:
            return
        yield t & 0x3FFF, data[off + 4 : off + ln]
        off += (ln + 3) & ~3


lo = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
fcntl.ioctl(lo, 0x8914, struct.pack("16sH22x", b"lo", 1))  # SIOCSIFFLAGS: lo up
lo.close()

s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
s.bind((0, 0))
s.settimeout(1)
req = struct.pack("<IHHII", 0, 16, REQ, 1, 0) + bytes([3, 1, 0, 0]) + attr(2, b"mptcp_pm\0")
req = struct.pack("<I", len(req)) + req[4:]
record(s.fileno(), req)
s.sendto(req, (0, 0))
data, _ = s.recvfrom(65536)
record(s.fileno(), data)
fam, group = None, None
for t, p in attrs(data, 20, len(data)):
    if t == 1:
        fam = struct.unpack_from("<H", p)[0]
    if t == 7:  # CTRL_ATTR_MCAST_GROUPS
        for _i, g in attrs(p, 0, len(p)):
            kv = dict(attrs(g, 0, len(g)))
            if kv.get(1, b"").rstrip(b"\0") == b"mptcp_pm_events":
                group = struct.unpack_from("<I", kv[2])[0]
if fam is None or group is None:
    os._exit(0)
s.setsockopt(270, 1, group)  # SOL_NETLINK, NETLINK_ADD_MEMBERSHIP

addr = attr(1, attr(1, struct.pack("<H", 2)) + attr(2, b"\x01")
            + attr(3, socket.inet_aton("127.0.0.2")) + attr(6, struct.pack("<I", 1)))
for n, (cmd, flags, body) in enumerate(((1, REQ | ACK, addr), (6, REQ, b""))):  # ADD_ADDR, GET_LIMITS
    req = struct.pack("<IHHII", 20 + len(body), fam, flags, 3 + n, 0) + bytes([cmd, 1, 0, 0]) + body
    record(s.fileno(), req)
    s.sendto(req, (0, 0))
    data, _ = s.recvfrom(65536)
    record(s.fileno(), data)
req = struct.pack("<IHHII", 20, fam, REQ | DUMP, 2, 0) + bytes([3, 1, 0, 0])  # GET_ADDR dump
record(s.fileno(), req)
s.sendto(req, (0, 0))
for _ in range(8):
    data, _ = s.recvfrom(65536)
    record(s.fileno(), data)
    if struct.unpack_from("<H", data, 4)[0] in (2, 3):
        break

srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 262)  # IPPROTO_MPTCP
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 40100))
srv.listen(1)
cli = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 262)
cli.bind(("127.0.0.1", 40101))
cli.connect(("127.0.0.1", 40100))
conn, _ = srv.accept()
cli.send(b"x")
conn.recv(1)
cli.close()
conn.close()
srv.close()
for _ in range(12):
    try:
        data, _ = s.recvfrom(65536)
    except OSError:
        break
    record(s.fileno(), data)
s.close()
if out:
    out.close()
os._exit(0)

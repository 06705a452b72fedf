"""Netlink probe: sends dump requests (rtnetlink, sock_diag, generic) and crafted malformed
messages, receives the replies with recvfrom, and writes every buffer it sent or received as
``PROTO FD LEN HEX`` lines to argv[1]. Run under strace, the buffers and strace's text of them
come from the same run."""

import os
import socket
import struct
import sys

NETLINK_ROUTE, NETLINK_SOCK_DIAG, NETLINK_GENERIC = 0, 4, 16
out = open(sys.argv[1], "w")
seq = 100


def hdr(length, typ, flags, s):
    return struct.pack("<IHHII", length, typ, flags, s, 0)


def msg(typ, flags, payload):
    global seq
    seq += 1
    return hdr(16 + len(payload), typ, flags, seq) + payload


def record(proto, fd, data):
    out.write(f"{proto} {fd} {len(data)} {data.hex()}\n")


def exchange(proto, req, dump=True):
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, proto)
    s.bind((0, 0))
    record(proto, s.fileno(), req)
    s.sendto(req, (0, 0))
    while True:
        data, _ = s.recvfrom(65536)
        record(proto, s.fileno(), data)
        if not dump or not data:
            break
        typ = struct.unpack_from("<H", data, 4)[0] if len(data) >= 16 else 3
        # walk to the last message
        off = 0
        last = typ
        while off + 16 <= len(data):
            ln, last = struct.unpack_from("<IH", data, off)
            if ln < 16:
                break
            off += (ln + 3) & ~3
        if last in (2, 3):
            break
    s.close()


DUMP = 0x301
REQ = 1
rt = [
    (18, struct.pack("<BxHiII", 17, 0, 0, 0, 0) + struct.pack("<HHI", 8, 29, 1)),  # GETLINK
    (22, struct.pack("<BBBBI", 0, 0, 0, 0, 0)),  # GETADDR
    (26, struct.pack("<BBBBBBBBI", 2, 0, 0, 0, 0, 0, 0, 0, 0)),  # GETROUTE v4
    (26, struct.pack("<BBBBBBBBI", 10, 0, 0, 0, 0, 0, 0, 0, 0)),  # GETROUTE v6
    (30, struct.pack("<BxxxiHBB", 0, 0, 0, 0, 0)),  # GETNEIGH
    (34, struct.pack("<BBBBBBBBI", 2, 0, 0, 0, 0, 0, 0, 0, 0)),  # GETRULE
    (34, struct.pack("<BBBBBBBBI", 10, 0, 0, 0, 0, 0, 0, 0, 0)),  # GETRULE v6
    (82, struct.pack("<Bxxx", 0)),  # GETNETCONF
    (90, struct.pack("<Bxxx", 0)),  # GETNSID
]
for typ, payload in rt:
    exchange(NETLINK_ROUTE, msg(typ, DUMP | REQ, payload))
# a request the kernel rejects: NLMSG_ERROR with the echoed header
exchange(NETLINK_ROUTE, msg(16, REQ | 4, struct.pack("<BxHiII", 0, 0, 999999, 0, 0)), dump=False)

# sock_diag: inet (tcp v4/v6, udp), unix
for fam, proto in ((2, 6), (10, 6), (2, 17)):
    req = struct.pack("<BBBxI", fam, proto, 0, 0xFFF) + bytes(48)
    exchange(NETLINK_SOCK_DIAG, msg(20, DUMP | REQ, req))
exchange(NETLINK_SOCK_DIAG, msg(20, DUMP | REQ, struct.pack("<BBxxIIIII", 1, 0, 0xFFF, 0, 0x1F, 0, 0)))

# generic: CTRL_CMD_GETFAMILY dump
exchange(NETLINK_GENERIC, msg(16, DUMP | REQ, struct.pack("<BBxx", 3, 1)))

# malformed buffers, sent to the kernel as-is (each answered by an error or ignored)
bad = [
    hdr(40, 18, DUMP | REQ, 1) + struct.pack("<BxHiII", 0, 0, 0, 0, 0),  # length past the end
    hdr(36, 18, REQ, 2) + struct.pack("<BxHiII", 0, 0, 0, 0, 0) + struct.pack("<HH", 40, 3),
    hdr(32, 18, REQ, 3) + struct.pack("<BxHiII", 0, 0, 0, 0, 0)[:8] + struct.pack("<HH", 8, 3) + b"ab\0\0",
    hdr(8, 18, REQ, 4)[:12],  # shorter than a header
    hdr(20, 0x7FF, REQ, 5) + b"\1\2\3\4",  # unknown type
]
for b in bad:
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_ROUTE)
    s.bind((0, 0))
    record(NETLINK_ROUTE, s.fileno(), b)
    try:
        s.sendto(b, (0, 0))
    except OSError:
        pass
    s.close()
out.close()
os._exit(0)

"""Crafted netlink messages for the fields the real-client report found printed unlike strace 6.1
(tests/netlink_report.py): fib rule port and uid ranges, FRA_TUN_ID, INET_DIAG_SOCKOPT bit
patterns (unused bits included). Each is sent to the kernel, which may reject it: strace prints
the buffer anyway. Writes ``PROTO FD LEN HEX`` lines to argv[1]."""

import socket
import struct
import sys

out = open(sys.argv[1], "w")
ROUTE, SOCK_DIAG = 0, 4


def attr(t, payload):
    n = 4 + len(payload)
    return struct.pack("<HH", n, t) + payload + bytes((-n) % 4)


def send(proto, mtype, flags, body):
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, proto)
    s.bind((0, 0))
    msg = struct.pack("<IHHII", 16 + len(body), mtype, flags, 1, 0) + body
    out.write(f"{proto} {s.fileno()} {len(msg)} {msg.hex()}\n")
    try:
        s.sendto(msg, (0, 0))
    except OSError:
        pass
    s.close()


# RTM_NEWRULE (32) with NLM_F_REQUEST|NLM_F_ACK|NLM_F_CREATE: struct fib_rule_hdr + attributes
rule = struct.pack("<BBBBBBBBI", 2, 0, 0, 0, 200, 0, 0, 1, 0)
ranges = (attr(23, struct.pack("<HH", 1000, 2000)) + attr(24, struct.pack("<HH", 80, 8080))
          + attr(20, struct.pack("<II", 1000, 2000)) + attr(12, struct.pack(">Q", 0x1234)))
send(ROUTE, 32, 0x405, rule + ranges)
# short and long payloads of the same attributes
send(ROUTE, 32, 0x405, rule + attr(23, b"\x50\x00") + attr(24, struct.pack("<HHI", 1, 2, 3))
     + attr(20, struct.pack("<I", 7)) + attr(20, struct.pack("<III", 1, 2, 3))
     + attr(12, b"\1\2\3"))

# SOCK_DIAG_BY_FAMILY (20) without NLM_F_REQUEST: decoded as a reply, struct inet_diag_msg
diag = struct.pack("<BBBB", 2, 10, 0, 0) + struct.pack(">HH", 80, 0) + bytes(40) \
    + struct.pack("<IIIIII", 0, 0, 0, 0, 0, 12345)
for bits in (0x0000, 0x0052, 0x0001, 0x0100, 0x0400, 0x0800, 0xF800, 0xFFFF, 0x07FF):
    send(SOCK_DIAG, 20, 2, diag + attr(22, struct.pack("<H", bits)))
send(SOCK_DIAG, 20, 2, diag + attr(22, b"\x52") + attr(22, struct.pack("<HH", 0x52, 0)))

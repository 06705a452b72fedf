"""Netlink probe for nlctrl, NETLINK_AUDIT, NETLINK_SELINUX and NETLINK_CRYPTO: real requests
the kernel answers (family lookups, dumps, policy dumps, AUDIT_GET, CRYPTO_MSG_GETALG) and
crafted messages (short, truncated, unknown types). Every buffer sent or received is written
as ``PROTO FD LEN HEX`` to argv[1]; run under strace, both come from the same run. Protocols
the kernel lacks (crypto_user not loaded) are skipped."""

import socket
import struct
import sys

NETLINK_SELINUX, NETLINK_AUDIT, NETLINK_GENERIC, NETLINK_CRYPTO = 7, 9, 16, 21
REQ, ACK, DUMP = 1, 4, 0x300
out = open(sys.argv[1], "w")
seq = 500


def attr(t, payload):
    n = 4 + len(payload)
    return struct.pack("<HH", n, t) + payload + bytes((-n) % 4)


def msg(typ, flags, payload, length=None):
    global seq
    seq += 1
    n = 16 + len(payload) if length is None else length
    return struct.pack("<IHHII", n, typ, flags, seq, 0) + payload


def record(proto, fd, data):
    out.write(f"{proto} {fd} {len(data)} {data.hex()}\n")
    out.flush()


def exchange(proto, req, replies=8):
    try:
        s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, proto)
    except OSError:
        return
    s.bind((0, 0))
    s.settimeout(0.5)
    record(proto, s.fileno(), req)
    try:
        s.sendto(req, (0, 0))
    except OSError:
        s.close()
        return
    for _ in range(replies):
        try:
            data, _ = s.recvfrom(65536)
        except OSError:
            break
        record(proto, s.fileno(), data)
        if stop(proto, data):
            break
    s.close()


def stop(proto, data):
    """Done after NLMSG_DONE or an error; audit acks come before the reply, so an audit
    exchange ends at its reply (or at a failure)."""
    last, off, err = 0, 0, 0
    while off + 16 <= len(data):
        ln, last = struct.unpack_from("<IH", data, off)
        if last == 2 and off + 20 <= len(data):
            err = struct.unpack_from("<i", data, off + 16)[0]
        if ln < 16:
            break
        off += (ln + 3) & ~3
    if proto == NETLINK_AUDIT:
        return last >= 16 or err != 0
    return last in (2, 3)


def genl(cmd, flags, attrs=b"", version=1):
    return msg(0x10, flags, bytes([cmd, version, 0, 0]) + attrs)


# nlctrl: lookups by name and id, an unknown name (extended ack), dumps, policy dumps
exchange(NETLINK_GENERIC, genl(3, REQ | ACK, attr(2, b"nlctrl\0")))
exchange(NETLINK_GENERIC, genl(3, REQ, attr(1, struct.pack("<H", 0x10))))
exchange(NETLINK_GENERIC, genl(3, REQ | ACK, attr(2, b"no-such-family\0")))
exchange(NETLINK_GENERIC, genl(3, REQ | DUMP), 64)
exchange(NETLINK_GENERIC, genl(10, REQ | DUMP, attr(2, b"nlctrl\0")), 64)
exchange(NETLINK_GENERIC, genl(10, REQ | DUMP, attr(1, struct.pack("<H", 0x10)) +
                                attr(10, struct.pack("<I", 3))), 64)
# crafted: short genlmsghdr, attribute overflowing the message, unknown command and attribute
exchange(NETLINK_GENERIC, msg(0x10, REQ | ACK, b"\x03\x01"))
exchange(NETLINK_GENERIC, genl(3, REQ | ACK, struct.pack("<HH", 40, 2) + b"nlctrl\0\0"))
exchange(NETLINK_GENERIC, genl(77, REQ | ACK, attr(99, b"\1\2\3\4") + attr(0x8006, attr(1, b""))))

# audit: status, features, tty status, a user message, a short AUDIT_SET
exchange(NETLINK_AUDIT, msg(1000, REQ | ACK, b""), 3)
exchange(NETLINK_AUDIT, msg(1019, REQ | ACK, b""), 3)
exchange(NETLINK_AUDIT, msg(1016, REQ | ACK, b""), 3)
exchange(NETLINK_AUDIT, msg(1001, REQ | ACK, bytes(40)), 1)  # mask 0: changes nothing
exchange(NETLINK_AUDIT, msg(1001, REQ | ACK, b"\0\0"), 1)
exchange(NETLINK_AUDIT, msg(1107, REQ | ACK, b"pytrace probe: user avc\0"), 1)

# selinux: both messages, short ones, an unknown type (the kernel only multicasts: the
# buffers are crafted here and the send may fail)
for typ, payload in ((0x10, struct.pack("<i", 1)), (0x10, struct.pack("<i", -7)),
                     (0x11, struct.pack("<I", 42)), (0x11, struct.pack("<IIII", 1, 2, 3, 4)),
                     (0x10, b"\1\2"), (0x11, b""), (0x30, b"abcd")):
    exchange(NETLINK_SELINUX, msg(typ, REQ, payload), 1)

# crypto: look up algorithms
for name in (b"sha256", b"cbc(aes)", b"no-such-alg"):
    alg = name.ljust(192, b"\0") + struct.pack("<IIII", 0, 0, 0, 0)
    exchange(NETLINK_CRYPTO, msg(0x13, REQ | ACK, alg), 3)

"""Generic netlink probe for the families pytrace decodes from the kernel's specs: resolves
each family id with CTRL_CMD_GETFAMILY, then sends requests the kernel answers (ethtool
LINKINFO/LINKMODES/STRSET/... do and dump, netdev DEV_GET dump, tcp_metrics GET dump,
mptcp_pm GET_LIMITS, devlink GET dump) and crafted ones (unknown command, short payload,
truncated attribute, wireguard when the module is not loaded). Every buffer sent or received
is written as ``PROTO FD LEN HEX`` to argv[1]."""

import socket
import struct
import sys

NETLINK_GENERIC = 16
REQ, ACK, DUMP = 1, 4, 0x300
out = open(sys.argv[1], "w")
seq = 700


def attr(t, payload):
    n = 4 + len(payload)
    return struct.pack("<HH", n, t) + payload + bytes((-n) % 4)


def msg(typ, flags, payload):
    global seq
    seq += 1
    return struct.pack("<IHHII", 16 + len(payload), typ, flags, seq, 0) + payload


def genl(typ, cmd, flags, attrs=b"", version=1):
    return msg(typ, flags, bytes([cmd, version, 0, 0]) + attrs)


def record(fd, data):
    out.write(f"{NETLINK_GENERIC} {fd} {len(data)} {data.hex()}\n")
    out.flush()


def done(data):
    last, off = 0, 0
    while off + 16 <= len(data):
        ln, last = struct.unpack_from("<IH", data, off)
        if ln < 16:
            break
        off += (ln + 3) & ~3
    return last in (2, 3)


def exchange(req, replies=16):
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
    s.bind((0, 0))
    s.settimeout(0.5)
    record(s.fileno(), req)
    got = []
    try:
        s.sendto(req, (0, 0))
        for _ in range(replies):
            data, _ = s.recvfrom(65536)
            record(s.fileno(), data)
            got.append(data)
            flags = struct.unpack_from("<H", req, 6)[0]
            if done(data) or not flags & (DUMP | ACK):
                break
    except OSError:
        pass
    s.close()
    return got


def family_id(name):
    """CTRL_CMD_GETFAMILY by name -> the family id, or None when the kernel lacks it."""
    for data in exchange(genl(0x10, 3, REQ, attr(2, name.encode() + b"\0")), 1):
        if struct.unpack_from("<H", data, 4)[0] == 0x10:
            off = 20
            while off + 4 <= len(data):
                ln, t = struct.unpack_from("<HH", data, off)
                if ln < 4:
                    break
                if t == 1:
                    return struct.unpack_from("<H", data, off + 4)[0]
                off += (ln + 3) & ~3
    return None


LO = attr(1 | 0x8000, attr(2, b"lo\0"))  # ETHTOOL_A_HEADER_DEV_NAME in a nested header
LO_FLAGS = attr(1 | 0x8000, attr(2, b"lo\0") + attr(3, struct.pack("<I", 1)))  # COMPACT
ethtool = family_id("ethtool")
if ethtool is not None:
    # user commands: STRSET 1, LINKINFO 2, LINKMODES 4, LINKSTATE 6, DEBUG 7, WOL 9,
    # FEATURES 11, PRIVFLAGS 13, RINGS 15, CHANNELS 17, COALESCE 19, PAUSE 21, EEE 23, TSINFO 25
    for cmd in (2, 4, 6, 7, 11, 15, 17, 19, 21, 25):
        exchange(genl(ethtool, cmd, REQ | ACK, LO))
        exchange(genl(ethtool, cmd, REQ | DUMP, attr(1 | 0x8000, b"")), 8)
    exchange(genl(ethtool, 4, REQ | ACK, LO_FLAGS))
    exchange(genl(ethtool, 11, REQ, LO_FLAGS))
    # STRSET: counts only, then one set (ETH_SS_LINK_MODES 4) with its strings
    exchange(genl(ethtool, 1, REQ, LO + attr(3, b"")))
    exchange(genl(ethtool, 1, REQ, LO + attr(2 | 0x8000, attr(1 | 0x8000, attr(1, struct.pack(
        "<I", 6))))))
    # crafted: unknown command, short genlmsghdr, no such device, attribute cut short
    exchange(genl(ethtool, 200, REQ | ACK, LO))
    exchange(msg(ethtool, REQ | ACK, b"\x02"))
    exchange(genl(ethtool, 2, REQ | ACK, attr(1 | 0x8000, attr(2, b"nosuchdev0\0"))))
    exchange(genl(ethtool, 2, REQ | ACK, struct.pack("<HH", 60, 0x8001) + attr(2, b"lo\0")))
netdev = family_id("netdev")
if netdev is not None:
    exchange(genl(netdev, 1, REQ | DUMP))
    exchange(genl(netdev, 1, REQ | ACK, attr(1, struct.pack("<I", 1))))
    exchange(genl(netdev, 10, REQ | DUMP, attr(2, struct.pack("<I", 1))))
tcpm = family_id("tcp_metrics")
if tcpm is not None:
    # make the kernel remember a peer: a TCP connection over loopback
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    c = socket.create_connection(srv.getsockname())
    a, _ = srv.accept()
    c.sendall(b"x")
    a.recv(1)
    c.close()
    a.close()
    srv.close()
    exchange(genl(tcpm, 1, REQ | DUMP))
    exchange(genl(tcpm, 1, REQ | ACK, attr(1, socket.inet_aton("127.0.0.1"))))
mptcp = family_id("mptcp_pm")
if mptcp is not None:
    exchange(genl(mptcp, 6, REQ | ACK))  # GET_LIMITS
    exchange(genl(mptcp, 3, REQ | DUMP))  # GET_ADDR dump
devlink = family_id("devlink")
if devlink is not None:
    exchange(genl(devlink, 1, REQ | DUMP))
    exchange(genl(devlink, 5, REQ | DUMP))
    exchange(genl(devlink, 1, REQ | ACK, attr(1, b"pci\0") + attr(2, b"0000:00:00.0\0")))
wg = family_id("wireguard")
if wg is not None:
    exchange(genl(wg, 0, REQ | DUMP, attr(2, b"wg0\0")))

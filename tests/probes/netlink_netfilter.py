"""NETLINK_NETFILTER probe (run it in a network namespace of its own, tracer included: strace
finds a socket's protocol in its own namespace; the requests then touch no host state): sends
crafted messages for every nfnetlink subsystem (good, nested, malformed) and real requests the
kernel answers (conntrack/expect dumps and stats, nftables dumps, ipset protocol, acct, cttimeout,
cthelper, nft_compat), receives the replies, and writes every buffer it sent or received as
``PROTO FD LEN HEX`` lines to argv[1] (when given)."""

import os
import socket
import struct
import sys

NETLINK_NETFILTER = 12
out = open(sys.argv[1], "w") if len(sys.argv) > 1 else None
seq = 200



def record(fd, data):
    if out:
        out.write(f"{NETLINK_NETFILTER} {fd} {len(data)} {data.hex()}\n")


def hdr(length, typ, flags, s):
    return struct.pack("<IHHII", length, typ, flags, s, 0)


def nfgen(family=2, version=0, res_id=0, raw_res=False):
    return struct.pack("<BB", family, version) + (struct.pack("<H", res_id) if raw_res
                                                  else struct.pack(">H", res_id))


def nla(typ, payload):
    pad = (-len(payload)) % 4
    return struct.pack("<HH", 4 + len(payload), typ) + payload + b"\0" * pad


def expr(name, data):
    return nla(0x8001, nla(1, name + b"\0") + nla(0x8002, data))


def msg(subsys, mtype, flags, payload):
    global seq
    seq += 1
    return hdr(16 + len(payload), (subsys << 8) | mtype, flags, seq) + payload


def last_type(data):
    off, last = 0, 3
    while off + 16 <= len(data):
        ln, last = struct.unpack_from("<IH", data, off)
        if ln < 16:
            break
        off += (ln + 3) & ~3
    return last


def exchange(s, req, dump=False):
    record(s.fileno(), req)
    try:
        s.sendto(req, (0, 0))
    except OSError:
        return
    for _ in range(64):
        try:
            data, _ = s.recvfrom(65536)
        except OSError:
            return
        record(s.fileno(), data)
        if not data or not dump or last_type(data) in (2, 3):
            return


def sock():
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_NETFILTER)
    s.bind((0, 0))
    s.setblocking(False)  # nfnetlink answers within sendto: a reply is queued or none comes
    return s


REQ, ACK, DUMP = 1, 4, 0x300
s = sock()

# real requests the kernel answers (dumps, stats, errors for missing modules)
for subsys, mtype, fam in ((1, 1, 2), (1, 1, 10), (1, 5, 0), (1, 4, 0), (1, 6, 2), (2, 1, 2),
                           (2, 3, 0), (10, 1, 0), (10, 4, 2), (10, 7, 0), (10, 16, 0),
                           (7, 1, 0), (8, 1, 0), (9, 1, 0), (12, 0, 2)):
    exchange(s, msg(subsys, mtype, REQ | DUMP, nfgen(fam)), dump=True)
# nftables: res_id as NFNL_SUBSYS_NFTABLES in both byte orders
exchange(s, msg(10, 1, REQ | DUMP, nfgen(0, 0, 10)), dump=True)
exchange(s, msg(10, 1, REQ | DUMP, nfgen(0, 0, 10, raw_res=True)), dump=True)
# ipset: IPSET_CMD_PROTOCOL with IPSET_ATTR_PROTOCOL
exchange(s, msg(6, 1, REQ, nfgen(2) + nla(1, b"\x07")))
# nft_compat: NFNL_MSG_COMPAT_GET for a match by name, revision, type
exchange(s, msg(11, 0, REQ, nfgen(2) + nla(1, b"tcp\0") + nla(2, struct.pack(">I", 0))
                + nla(3, struct.pack(">I", 1))))
# conntrack get by tuple (answered ENOENT): nested attributes
ip = nla(1, socket.inet_aton("10.0.0.1")) + nla(2, socket.inet_aton("10.0.0.2"))
proto = nla(1, b"\x06") + nla(2, struct.pack(">H", 1234)) + nla(3, struct.pack(">H", 80))
tup = nla(0x8001, ip) + nla(0x8002, proto)
exchange(s, msg(1, 1, REQ | ACK, nfgen(2) + nla(0x8001, tup) + nla(3, struct.pack(">I", 8))))
exchange(s, msg(1, 2, REQ | ACK, nfgen(2) + nla(0x8001, tup)))  # delete one (ENOENT)
# acct new (namespace-local), get it, delete it
exchange(s, msg(7, 0, REQ | ACK | 0x400, nfgen(0) + nla(1, b"probe\0")
                + nla(2, struct.pack(">Q", 1)) + nla(3, struct.pack(">Q", 2))))
exchange(s, msg(7, 1, REQ | DUMP, nfgen(0)), dump=True)
exchange(s, msg(7, 3, REQ | ACK, nfgen(0) + nla(1, b"probe\0")))
# nftables batch: begin, newtable, gettable, end (then a dump shows it)
batch = (msg(0, 0x10, REQ, nfgen(0, 0, 10))
         + msg(10, 0, REQ | ACK | 0x400, nfgen(2) + nla(1, b"probe\0") + nla(2, struct.pack(">I", 0)))
         + msg(10, 3, REQ | ACK | 0x400, nfgen(2) + nla(1, b"probe\0") + nla(3, b"input\0")
               + nla(0x8004, nla(1, struct.pack(">I", 1)) + nla(2, struct.pack(">I", 0)))
               + nla(7, b"filter\0"))
         + msg(10, 6, REQ | ACK | 0x400 | 0x800, nfgen(2) + nla(1, b"probe\0") + nla(2, b"input\0")
               + nla(0x8004, expr(b"counter", b"") + expr(b"immediate", nla(1, b"\0\0\0\0") + nla(
                   0x8002, nla(0x8002, nla(1, struct.pack(">I", 1))))))
               + nla(7, b"\x01\x02\x03"))
         + msg(0, 0x11, REQ, nfgen(0, 0, 10)))
exchange(s, batch, dump=True)
exchange(s, msg(10, 1, REQ | DUMP, nfgen(0)), dump=True)
exchange(s, msg(10, 4, REQ | DUMP, nfgen(0)), dump=True)
exchange(s, msg(10, 7, REQ | DUMP, nfgen(0)), dump=True)
# clean up (the next tracer's run starts from the same state)
exchange(s, msg(0, 0x10, REQ, nfgen(0, 0, 10)) + msg(10, 2, REQ | ACK, nfgen(2) + nla(1, b"probe\0"))
         + msg(0, 0x11, REQ, nfgen(0, 0, 10)), dump=True)

# crafted messages the kernel rejects or ignores: every subsystem, every message type strace names
crafted = []
for subsys, n in ((0, 2), (1, 9), (2, 5), (3, 5), (4, 3), (5, 3), (6, 16), (7, 6), (8, 7),
                  (9, 4), (10, 27), (11, 2), (12, 2), (13, 1), (0xFF, 1)):
    for mtype in range(n):
        crafted.append(msg(subsys, mtype, REQ, nfgen(mtype % 12, mtype % 3, mtype * 7)
                           + nla(mtype + 1, struct.pack("<I", mtype))))
crafted += [
    msg(1, 1, REQ, b"\x02\x00"),  # shorter than nfgenmsg
    msg(1, 1, REQ, nfgen(2)),  # nfgenmsg only
    msg(1, 1, REQ, nfgen(2) + b"\x01\x02"),  # attribute shorter than its header
    msg(1, 1, REQ, nfgen(2) + struct.pack("<HH", 40, 1) + b"abcd"),  # nla_len past the end
    msg(1, 1, REQ, nfgen(2) + struct.pack("<HH", 2, 1) + b"abcd"),  # nla_len < 4
    msg(10, 0, REQ, nfgen(2) + nla(1, b"t" * 40 + b"\0") + nla(2, b"")),  # long, empty
    msg(10, 0, REQ, nfgen(2) + nla(0x4001, b"x\0") + nla(0xC002, nla(1, b"y"))),
    msg(1, 0, REQ, nfgen(2) + nla(0x8001, nla(0x8001, nla(0x8001, nla(1, b"deep"))))),
    msg(0, 0x10, REQ, nfgen(0, 0, 10) + b"\x01\x02\x03\x04"),  # batch begin with a payload
    msg(0, 0x11, REQ, nfgen(0, 0, 10) + b"\x05\x06"),
    msg(0, 0x12, REQ, nfgen(0) + nla(1, b"abcd")),
    msg(3, 1, REQ, nfgen(2) + b"".join(nla(i, bytes([i]) * i) for i in range(1, 40))),
    hdr(16 + 4 + 8, 0x101, REQ, 9) + nfgen(2) + nla(1, b"abcdefgh")[:6],  # message cut short
    hdr(20, 3, 2, 10) + struct.pack("<i", 0),  # NLMSG_DONE
    hdr(24, 3, 2, 11) + nfgen(2) + b"\0\0\0\0",
    hdr(20, 1, 0, 12) + nfgen(2),  # NLMSG_NOOP with a payload
]
for b in crafted:
    exchange(s, b)
s.close()
if out:
    out.close()
os._exit(0)

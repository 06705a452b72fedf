"""NETLINK_NETFILTER probe for the subsystems no netlink spec describes (run it in a network
namespace of its own, tracer included): real requests the kernel answers (conntrack global and
expectation stats, cttimeout new/get/default/delete, nfacct new/get/reset/delete, nfqueue and
nflog config bind/unbind, a packet logged by an nf_tables ``log`` rule to nflog group 1, ipset
protocol/type/create/add/test/list/del/destroy), then crafted good and malformed messages.
Writes every buffer it sent or received as ``PROTO FD LEN HEX`` lines to argv[1] (when given)."""

import fcntl
import os
import socket
import struct
import sys

NETLINK_NETFILTER = 12
out = open(sys.argv[1], "w") if len(sys.argv) > 1 else None
seq = 500
REQ, ACK, DUMP, CREATE, EXCL = 1, 4, 0x300, 0x400, 0x200
NBO = 0x4000  # NLA_F_NET_BYTEORDER
NEST = 0x8000


def record(fd, data):
    if out:
        out.write(f"{NETLINK_NETFILTER} {fd} {len(data)} {data.hex()}\n")


def nfgen(family=2, res_id=0):
    return struct.pack("<BB", family, 0) + struct.pack(">H", res_id)


def nla(typ, payload):
    return struct.pack("<HH", 4 + len(payload), typ) + payload + b"\0" * ((-len(payload)) % 4)


def be16(v):
    return struct.pack(">H", v)


def be32(v):
    return struct.pack(">I", v)


def be64(v):
    return struct.pack(">Q", v)


def msg(subsys, mtype, flags, payload):
    global seq
    seq += 1
    return struct.pack("<IHHII", 16 + len(payload), (subsys << 8) | mtype, flags, seq, 0) + payload


def last_type(data):
    off, last = 0, 3
    while off + 16 <= len(data):
        ln, last = struct.unpack_from("<IH", data, off)
        if ln < 16:
            break
        off += (ln + 3) & ~3
    return last


def exchange(s, req, dump=False, replies=1):
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
            replies -= 1
            if replies <= 0:
                return


def sock(port=0, blocking=False):
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_NETFILTER)
    s.bind((port, 0))
    s.setblocking(blocking)  # nfnetlink answers within sendto: a reply is queued or none comes
    return s


s = sock()
# conntrack: global stats (one reply), expectation stats per cpu, expectation dump
exchange(s, msg(1, 5, REQ, nfgen(0)))
exchange(s, msg(2, 3, REQ | DUMP, nfgen(0)), dump=True)
exchange(s, msg(2, 1, REQ | DUMP, nfgen(2)), dump=True)

# cttimeout: a tcp policy, dump, default tcp/udp/unknown-l4 timeouts, delete
tcp = nla(1, be32(120)) + nla(3, be32(300)) + nla(7, be32(60))
exchange(s, msg(8, 0, REQ | ACK | CREATE, nfgen(2) + nla(1, b"probe\0") + nla(2, be16(2))
                + nla(3, b"\x06") + nla(NEST | 4, tcp)))
exchange(s, msg(8, 1, REQ | DUMP, nfgen(0)), dump=True)
for l4 in (6, 17, 1, 132, 99):
    exchange(s, msg(8, 4, REQ, nfgen(2) + nla(2, be16(2)) + nla(3, bytes([l4]))))
exchange(s, msg(8, 2, REQ | ACK, nfgen(2) + nla(1, b"probe\0")))

# nfacct: with a packet quota, dump, get-and-reset, delete
exchange(s, msg(7, 0, REQ | ACK | CREATE, nfgen(0) + nla(1, b"quota\0") + nla(2, be64(3))
                + nla(3, be64(4)) + nla(5, be32(1)) + nla(6, be64(10))))
exchange(s, msg(7, 1, REQ | DUMP, nfgen(0)), dump=True)
exchange(s, msg(7, 2, REQ, nfgen(0) + nla(1, b"quota\0")))
exchange(s, msg(7, 1, REQ | DUMP, nfgen(0) + nla(NEST | 7, nla(1, be32(1)) + nla(2, be32(1)))),
         dump=True)
exchange(s, msg(7, 3, REQ | ACK, nfgen(0) + nla(1, b"quota\0")))

# nfqueue: bind queue 3, parameters, flags, a verdict for no packet, unbind
q = sock(4242)  # fixed port ids: an autobound one is random, and printed
exchange(q, msg(3, 2, REQ | ACK, nfgen(0, 3) + nla(1, struct.pack(">BxH", 1, 0))))
exchange(q, msg(3, 2, REQ | ACK, nfgen(0, 3) + nla(2, struct.pack(">IB", 0xFFFF, 2))
                + nla(3, be32(64)) + nla(4, be32(3)) + nla(5, be32(1))))
exchange(q, msg(3, 1, REQ | ACK, nfgen(0, 3) + nla(2, struct.pack(">II", 1, 42))))
exchange(q, msg(3, 2, REQ | ACK, nfgen(0, 3) + nla(1, struct.pack(">BxH", 2, 0))))
q.close()

# nflog: bind group 1, copy packets, flush at once; an nf_tables rule logs our own UDP packet
lg = sock(4243)
exchange(lg, msg(4, 1, REQ | ACK, nfgen(0, 1) + nla(1, b"\x01")))
exchange(lg, msg(4, 1, REQ | ACK, nfgen(0, 1) + nla(2, struct.pack(">IBx", 96, 2))
                 + nla(4, be32(0)) + nla(5, be32(1)) + nla(6, be16(0))))
lo = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
fcntl.ioctl(lo, 0x8914, struct.pack("16sH22x", b"lo", 1))  # SIOCSIFFLAGS: lo up
lo.close()
hook = nla(NEST | 4, nla(1, be32(3)) + nla(2, be32(0)))  # NF_INET_LOCAL_OUT, priority 0
log = nla(NEST | 1, nla(1, b"log\0") + nla(NEST | 2, nla(1, be16(1)) + nla(2, b"probe\0")))
batch = (msg(0, 0x10, REQ, nfgen(0, 10))
         + msg(10, 0, REQ | ACK | CREATE, nfgen(2) + nla(1, b"nflog\0"))
         + msg(10, 3, REQ | ACK | CREATE, nfgen(2) + nla(1, b"nflog\0") + nla(3, b"out\0")
               + hook + nla(7, b"filter\0"))
         + msg(10, 6, REQ | ACK | CREATE | 0x800, nfgen(2) + nla(1, b"nflog\0") + nla(2, b"out\0")
               + nla(NEST | 4, log))
         + msg(0, 0x11, REQ, nfgen(0, 10)))
exchange(s, batch, dump=True, replies=3)
sink = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)  # no ICMP port unreachable to log
sink.bind(("127.0.0.1", 40001))
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.setsockopt(socket.IPPROTO_IP, 10, 2)  # IP_MTU_DISCOVER = IP_PMTUDISC_DO: DF, IP id 0
u.bind(("127.0.0.1", 40000))
u.sendto(b"pytrace nflog probe", ("127.0.0.1", 40001))
u.close()
sink.close()
lg.settimeout(2)
try:
    data, _ = lg.recvfrom(65536)
    record(lg.fileno(), data)
except OSError:
    pass
lg.setblocking(False)
exchange(lg, msg(4, 1, REQ | ACK, nfgen(0, 1) + nla(1, b"\x02")))
lg.close()
exchange(s, msg(0, 0x10, REQ, nfgen(0, 10)) + msg(10, 2, REQ | ACK, nfgen(2) + nla(1, b"nflog\0"))
         + msg(0, 0x11, REQ, nfgen(0, 10)), dump=True)

# ipset: protocol, type, create hash:ip, add/test/list/del, destroy
P = nla(1, b"\x07")
ip = nla(NEST | 1, nla(NBO | 1, socket.inet_aton("10.0.0.1")))
exchange(s, msg(6, 1, REQ, nfgen(2) + P))
exchange(s, msg(6, 13, REQ, nfgen(2) + P + nla(3, b"hash:ip\0") + nla(5, b"\x02")))
exchange(s, msg(6, 2, REQ | ACK, nfgen(2) + P + nla(2, b"probe\0") + nla(3, b"hash:ip\0")
                + nla(4, b"\x00") + nla(5, b"\x02")
                + nla(NEST | 7, nla(NBO | 18, be32(64)) + nla(NBO | 19, be32(1024)))))
exchange(s, msg(6, 9, REQ | ACK, nfgen(2) + P + nla(2, b"probe\0") + nla(NEST | 7, ip)))
exchange(s, msg(6, 11, REQ | ACK, nfgen(2) + P + nla(2, b"probe\0") + nla(NEST | 7, ip)))
exchange(s, msg(6, 7, REQ | DUMP, nfgen(2) + P + nla(2, b"probe\0")), dump=True)
exchange(s, msg(6, 10, REQ | ACK, nfgen(2) + P + nla(2, b"probe\0") + nla(NEST | 7, ip)))
exchange(s, msg(6, 3, REQ | ACK, nfgen(2) + P + nla(2, b"probe\0")))

# crafted: cthelper (not built in this kernel), queue/log packets, expectations, malformed
crafted = [
    msg(9, 0, REQ, nfgen(2) + nla(1, b"ftp\0") + nla(NEST | 2, nla(1, be16(2)) + nla(2, b"\x06"))
        + nla(NEST | 4, nla(1, be32(1)) + nla(NEST | 2, nla(1, b"ftp\0") + nla(2, be32(1))
                                                  + nla(3, be32(300))))
        + nla(3, be32(0)) + nla(5, be32(0)) + nla(6, be32(1))),
    msg(3, 0, 0, nfgen(2, 3) + nla(1, struct.pack(">IHB", 7, 0x800, 3))
        + nla(9, struct.pack(">H2x8s", 6, b"\x02\0\0\0\0\x01\0\0")) + nla(4, be64(2) + be64(3))
        + nla(6, be32(1)) + nla(10, b"\x45\0\0\x1c" + b"\0" * 24) + nla(13, be32(28))
        + nla(14, be32(2)) + nla(16, be32(0)) + nla(17, be32(0))
        + nla(NEST | 19, nla(1, be16(0x8100)) + nla(2, be16(5))) + nla(21, be32(6))),
    msg(3, 3, REQ, nfgen(0, 3) + nla(2, struct.pack(">II", 0x10003, 9)) + nla(3, be32(7))),
    msg(4, 0, 0, nfgen(2, 1) + nla(1, struct.pack(">HBx", 0x86DD, 4)) + nla(2, be32(5))
        + nla(10, b"pre\0") + nla(11, be32(0)) + nla(12, be32(1)) + nla(13, be32(2))
        + nla(15, be16(1)) + nla(16, b"\1\2\3\4\5\6\7\x08\x09\x0a\x0b\x0c\x86\xdd")
        + nla(17, be16(14)) + nla(19, be32(3))),
    msg(2, 0, REQ, nfgen(2) + nla(NEST | 1, nla(NEST | 1, nla(1, socket.inet_aton("1.2.3.4"))))
        + nla(4, be32(60)) + nla(6, b"ftp\0") + nla(7, be16(0)) + nla(8, be32(5))
        + nla(NEST | 10, nla(1, be32(1)) + nla(NEST | 2, nla(NEST | 1, nla(
            1, socket.inet_aton("5.6.7.8"))))) + nla(11, b"fn\0")),
    msg(1, 5, 0, nfgen(0) + nla(1, be32(3)) + nla(2, be32(1024))),
    msg(6, 7, 0, nfgen(2) + P + nla(2, b"x\0") + nla(3, b"hash:ip,port\0")
        + nla(NEST | 7, nla(22, b"\x01") + nla(NBO | 26, be32(9)))
        + nla(NEST | 8, nla(NEST | 7, ip + nla(NBO | 4, be16(80)) + nla(7, b"\x11")
                             + nla(NBO | 6, be32(30)) + nla(26, b"hi\0")
                             + nla(NEST | 20, nla(NBO | 2, b"\0" * 15 + b"\1"))))),
    # malformed: short structs, an unknown attribute, a truncated nest, nla_len past the end
    msg(3, 2, REQ, nfgen(0, 3) + nla(1, b"\x01") + nla(2, b"\0\0") + nla(9, b"zz")),
    msg(4, 0, 0, nfgen(2, 1) + nla(1, b"\x08") + nla(8, b"\0\x06") + nla(30, b"?")),
    msg(8, 0, REQ, nfgen(2) + nla(3, b"\x06") + nla(NEST | 4, struct.pack("<HH", 40, 1) + b"ab")),
    msg(7, 0, REQ, nfgen(0) + nla(1, b"noterm") + nla(2, b"\1\2\3")),
    msg(6, 9, REQ, nfgen(2) + P + nla(NEST | 7, nla(NEST | 1, nla(NBO | 1, b"\1\2")))),
    msg(6, 2, REQ, nfgen(2) + struct.pack("<HH", 200, 2) + b"abcd"),
]
for b in crafted:
    exchange(s, b)
s.close()
if out:
    out.close()
os._exit(0)

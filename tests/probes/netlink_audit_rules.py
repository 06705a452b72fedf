"""NETLINK_AUDIT rule probe: AUDIT_ADD_RULE of a harmless rule (AUDIT_NEVER on the exit filter
for a pid that cannot exist, unique to this run), AUDIT_LIST_RULES (the kernel's answer holds
every rule loaded), AUDIT_DEL_RULE of it, a watch rule with strings in buf added and removed,
AUDIT_SIGNAL_INFO, and crafted rule payloads the kernel rejects (short, buflen past the end,
field_count past AUDIT_MAX_FIELDS, unknown ids). Every buffer sent or received is written as
``PROTO FD LEN HEX`` to argv[1]; run under strace, both come from the same run. The rules
added are removed before the probe ends."""

import os
import socket
import struct
import sys

NETLINK_AUDIT = 9
AUDIT_SIGNAL_INFO, AUDIT_ADD_RULE, AUDIT_DEL_RULE, AUDIT_LIST_RULES = 1010, 1011, 1012, 1013
REQ, ACK, DUMP = 1, 4, 0x300
EXIT, NEVER, EQUAL, NOT_EQUAL = 4, 0, 0x40000000, 0x30000000
F_PID, F_ARCH, F_WATCH, F_PERM, F_FILTERKEY, F_EXIT = 0, 11, 105, 106, 210, 103
out = open(sys.argv[1], "w")
seq = 700


def msg(typ, flags, payload):
    global seq
    seq += 1
    return struct.pack("<IHHII", 16 + len(payload), typ, flags, seq, 0) + payload


def rule(flags, action, fields, bits=(), buf=b"", count=None, buflen=None):
    mask, f, v, ff = [0] * 64, [0] * 64, [0] * 64, [0] * 64
    for b in bits:
        mask[b // 32] |= 1 << (b % 32)
    for i, (fid, op, val) in enumerate(fields):
        f[i], ff[i], v[i] = fid, op, val
    n = len(fields) if count is None else count
    blen = len(buf) if buflen is None else buflen
    return struct.pack("<III64I64I64I64II", flags, action, n, *mask, *f, *v, *ff, blen) + buf


def record(fd, data):
    out.write(f"{NETLINK_AUDIT} {fd} {len(data)} {data.hex()}\n")
    out.flush()


def exchange(req, replies=4):
    """Send ``req``, record it and the replies; the replies' messages as (type, payload)."""
    got = []
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_AUDIT)
    s.bind((0, 0))
    s.settimeout(0.5)
    record(s.fileno(), req)
    try:
        s.sendto(req, (0, 0))
    except OSError:
        s.close()
        return got
    for _ in range(replies):
        try:
            data, _ = s.recvfrom(65536)
        except OSError:
            break
        record(s.fileno(), data)
        off = 0
        while off + 16 <= len(data):
            ln, typ = struct.unpack_from("<IH", data, off)
            got.append((typ, data[off + 16 : off + ln]))
            if ln < 16:
                break
            off += (ln + 3) & ~3
        t = struct.unpack_from("<H", data, 4)[0]
        if t == 3 or (t == 2 and struct.unpack_from("<i", data, 16)[0] != 0):
            break
        if t >= 1000 and t != AUDIT_LIST_RULES:
            break
    s.close()
    return got


# A pid that cannot exist and a key, unique per run so that concurrent runs do not collide;
# argv[2] (a number) fixes both, for two runs (strace's, pytrace's) that must send the same bytes.
token = int(sys.argv[2]) if len(sys.argv) > 2 else os.getpid()
pid = 0x7FF00000 + token % 0xFFFFF
never = rule(EXIT, NEVER, [(F_PID, EQUAL, pid)], (39, 110))
key = b"pytrace-%d" % token
watch = rule(EXIT | 0x10, 2, [(F_WATCH, EQUAL, 8), (F_PERM, EQUAL, 2), (F_FILTERKEY, EQUAL, len(key))],
             range(2048), b"/nonexis" + key)
listed = []
try:
    exchange(msg(AUDIT_ADD_RULE, REQ | ACK, never))
    exchange(msg(AUDIT_ADD_RULE, REQ | ACK, watch))
    listed = exchange(msg(AUDIT_LIST_RULES, REQ | DUMP, b""), 64)
    # the kernel stores a watch rule changed (no PREPEND, class bits expanded): deleting it
    # as sent fails (ENOENT); as listed, it goes
    exchange(msg(AUDIT_DEL_RULE, REQ | ACK, watch))
finally:
    for typ, payload in listed:
        if typ == AUDIT_LIST_RULES and payload.endswith(key):
            exchange(msg(AUDIT_DEL_RULE, REQ | ACK, payload))
    exchange(msg(AUDIT_DEL_RULE, REQ | ACK, never))
exchange(msg(AUDIT_DEL_RULE, REQ | ACK, never))  # gone: ENOENT
exchange(msg(AUDIT_SIGNAL_INFO, REQ | ACK, b""), 3)

# crafted: short, buflen past the message, too many fields, unknown filter/action/field/op,
# an arch and a negative exit value
exchange(msg(AUDIT_ADD_RULE, REQ | ACK, never[:100]))
exchange(msg(AUDIT_ADD_RULE, REQ | ACK, rule(EXIT, NEVER, [(F_WATCH, EQUAL, 40)], buf=b"/x", buflen=40)))
exchange(msg(AUDIT_ADD_RULE, REQ | ACK, rule(EXIT, NEVER, [(F_PID, EQUAL, pid)] * 3, count=99)))
exchange(msg(AUDIT_DEL_RULE, REQ | ACK, rule(9 | 0x10, 7, [(77, 0x1234, 5), (F_ARCH, EQUAL, 0xC000003E),
                                                         (F_EXIT, NOT_EQUAL, 0xFFFFFFF3)], (0, 2047))))

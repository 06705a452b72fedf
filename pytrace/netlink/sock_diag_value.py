"""NETLINK_SOCK_DIAG messages for JSON (``netlink_value``): the request or reply header as a
dict of fields (inet_diag_req_v2, the old inet_diag_req, inet_diag_msg, unix_diag_req/msg,
netlink_diag_req/msg, packet_diag_req/msg) and the names of the attributes that follow. The
layouts are the text decoders' (sock_diag.py, sock_diag_nl.py); a header is chosen as they
choose it: by the family byte and NLM_F_REQUEST."""

from __future__ import annotations

import socket
import struct

from ..printers import xlat
from . import sock_diag as D
from . import sock_diag_nl as N

_NLA = struct.Struct("<HH")
_FLAGS = struct.Struct("<H")  # nlmsg_flags, 10 bytes before the payload
_INET = (socket.AF_INET, socket.AF_INET6)


def _addr(family: int, raw: bytes) -> str | None:
    try:
        return socket.inet_ntop(family, raw[:4] if family == socket.AF_INET else raw)
    except (OSError, ValueError):
        return None


def _sockid(buf: bytes, off: int, family: int) -> dict:
    sport, dport, src, dst, ifi, c0, c1 = D.SOCKID.unpack_from(buf, off)
    return {"idiag_sport": socket.ntohs(sport), "idiag_dport": socket.ntohs(dport),
            "idiag_src": _addr(family, src), "idiag_dst": _addr(family, dst), "idiag_if": ifi,
            "idiag_cookie": [c0, c1]}


def _named(out: dict, field: str, table: str) -> None:
    out[field + "_name"] = xlat(table).get(out[field])


def _inet_req(buf: bytes, off: int) -> dict:
    fam, proto, ext, states = D.INET_REQ.unpack_from(buf, off)
    out = {"struct": "inet_diag_req_v2", "sdiag_family": fam, "sdiag_protocol": proto,
           "idiag_ext": ext, "idiag_states": states, "id": _sockid(buf, off + 8, fam)}
    _named(out, "sdiag_protocol", "inet_protocols")
    return out


def _inet_req_compat(buf: bytes, off: int) -> dict:
    fam, src_len, dst_len, ext, states, dbs = D.INET_REQ_COMPAT.unpack_from(buf, off)
    return {"struct": "inet_diag_req", "idiag_family": fam, "idiag_src_len": src_len,
            "idiag_dst_len": dst_len, "idiag_ext": ext, "id": _sockid(buf, off + 4, fam),
            "idiag_states": states, "idiag_dbs": dbs}


def _inet_msg(buf: bytes, off: int) -> dict:
    fam, state, timer, retrans = D.INET_MSG.unpack_from(buf, off)
    expires, rq, wq, uid, inode = D.INET_MSG_TAIL.unpack_from(buf, off + 52)
    out = {"struct": "inet_diag_msg", "idiag_family": fam, "idiag_state": state,
           "idiag_timer": timer, "idiag_retrans": retrans, "id": _sockid(buf, off + 4, fam),
           "idiag_expires": expires, "idiag_rqueue": rq, "idiag_wqueue": wq, "idiag_uid": uid,
           "idiag_inode": inode}
    _named(out, "idiag_state", "tcp_states")
    return out


def _unix_req(buf: bytes, off: int) -> dict:
    fam, proto, states, ino, show, c0, c1 = D.UNIX_REQ.unpack_from(buf, off)
    return {"struct": "unix_diag_req", "sdiag_family": fam, "sdiag_protocol": proto,
            "udiag_states": states, "udiag_ino": ino, "udiag_show": show, "udiag_cookie": [c0, c1]}


def _unix_msg(buf: bytes, off: int) -> dict:
    fam, typ, state, ino, c0, c1 = D.UNIX_MSG.unpack_from(buf, off)
    out = {"struct": "unix_diag_msg", "udiag_family": fam, "udiag_type": typ, "udiag_state": state,
           "udiag_ino": ino, "udiag_cookie": [c0, c1]}
    _named(out, "udiag_type", "socktypes")
    _named(out, "udiag_state", "tcp_states")
    return out


def _netlink_req(buf: bytes, off: int) -> dict:
    fam, proto, ino, show, c0, c1 = N.NL_REQ.unpack_from(buf, off)
    return {"struct": "netlink_diag_req", "sdiag_family": fam, "sdiag_protocol": proto,
            "ndiag_ino": ino, "ndiag_show": show, "ndiag_cookie": [c0, c1]}


def _netlink_msg(buf: bytes, off: int) -> dict:
    fam, typ, proto, state, portid, dportid, dgroup, ino, c0, c1 = N.NL_MSG.unpack_from(buf, off)
    out = {"struct": "netlink_diag_msg", "ndiag_family": fam, "ndiag_type": typ,
           "ndiag_protocol": proto, "ndiag_state": state, "ndiag_portid": portid,
           "ndiag_dst_portid": dportid, "ndiag_dst_group": dgroup, "ndiag_ino": ino,
           "ndiag_cookie": [c0, c1]}
    _named(out, "ndiag_type", "socktypes")
    _named(out, "ndiag_protocol", "netlink_protocols")
    _named(out, "ndiag_state", "netlink_states")
    return out


def _packet_req(buf: bytes, off: int) -> dict:
    fam, proto, ino, show, c0, c1 = N.PK_REQ.unpack_from(buf, off)
    return {"struct": "packet_diag_req", "sdiag_family": fam, "sdiag_protocol": proto,
            "pdiag_ino": ino, "pdiag_show": show, "pdiag_cookie": [c0, c1]}


def _packet_msg(buf: bytes, off: int) -> dict:
    fam, typ, num, ino, c0, c1 = N.PK_MSG.unpack_from(buf, off)
    out = {"struct": "packet_diag_msg", "pdiag_family": fam, "pdiag_type": typ, "pdiag_num": num,
           "pdiag_ino": ino, "pdiag_cookie": [c0, c1]}
    _named(out, "pdiag_type", "socktypes")
    _named(out, "pdiag_num", "ethernet_protocols")
    return out


# (family, is request) -> (header size, decoder, attribute table or None)
_LAYOUTS = {
    (socket.AF_INET, True): (56, _inet_req, "inet_diag_req_attrs"),
    (socket.AF_INET6, True): (56, _inet_req, "inet_diag_req_attrs"),
    (socket.AF_INET, False): (72, _inet_msg, "inet_diag_attrs"),
    (socket.AF_INET6, False): (72, _inet_msg, "inet_diag_attrs"),
    (socket.AF_UNIX, True): (24, _unix_req, None),
    (socket.AF_UNIX, False): (16, _unix_msg, "unix_diag_attrs"),
    (socket.AF_NETLINK, True): (20, _netlink_req, None),
    (socket.AF_NETLINK, False): (28, _netlink_msg, "netlink_diag_attrs"),
    (socket.AF_PACKET, True): (20, _packet_req, None),
    (socket.AF_PACKET, False): (16, _packet_msg, "packet_diag_attrs"),
}
_COMPAT = (60, _inet_req_compat, "inet_diag_req_attrs")


def _layout(t: int, data: bytes, off: int, length: int) -> tuple | None:
    """The layout the text decoder uses for this payload, when the payload holds it."""
    if off < 16 or length < 1 or off >= len(data):
        return None
    fam = data[off]
    req = bool(_FLAGS.unpack_from(data, off - 10)[0] & D.NLM_F_REQUEST)
    entry = _LAYOUTS.get((fam, req))
    if entry is not None and req and fam in _INET and t in D._compat_types():
        entry = _COMPAT
    if entry is None or length < entry[0] or off + entry[0] > len(data):
        return None
    return entry


def header(t: int, data: bytes, off: int, length: int) -> dict | None:
    """The request or reply header as ``{"struct": NAME, field: value, ...}`` (the family
    named in ``*_family_name``); None for other families and short payloads."""
    entry = _layout(t, data, off, length)
    if entry is None:
        return None
    out = entry[1](data, off)
    fam_field = next(k for k in out if k.endswith("family"))
    out[fam_field + "_name"] = xlat("addrfams").get(out[fam_field])
    return out


def attrs(t: int, data: bytes, off: int, length: int) -> dict:
    """``{"attrs": [{type, name, len, raw}, ...]}`` after the header, or nothing."""
    entry = _layout(t, data, off, length)
    if entry is None or entry[2] is None or length <= entry[0]:
        return {}
    names = xlat(entry[2])
    out: list[dict] = []
    p, end = off + entry[0], min(off + length, len(data))
    while p + 4 <= end and len(out) < 4096:
        nla_len, nla_type = _NLA.unpack_from(data, p)
        if nla_len < 4:
            break
        typ = nla_type & 0x3FFF
        out.append({"type": typ, "name": names.get(typ), "len": nla_len,
                    "raw": data[p + 4 : min(p + nla_len, end)].hex()})
        p += (nla_len + 3) & ~3
    return {"attrs": out}

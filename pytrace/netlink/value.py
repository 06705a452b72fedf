"""Netlink buffers as nested typed objects for the JSON writer, from the spec tables:
``netlink_value(data, protocol)``. Every message and attribute keeps its raw bytes (hex)
beside the decoded value; nothing raises on hostile bytes. Each message names its type and
flags (``type_name``, ``flags_names``) and gives its fixed family header (ifinfomsg, rtmsg,
genlmsghdr, nfgenmsg, audit_status ...) as ``header``, a dict of fields."""

from __future__ import annotations

import struct
from collections.abc import Callable

from ..printers import xlat
from . import generic, genl_families, message, spec
from .core import Ctx

_HDR = struct.Struct("<IHHII")
_SIZES = {"u8": 1, "u16": 2, "u32": 4, "u64": 8, "s8": 1, "s16": 2, "s32": 4, "s64": 8}
_OPS: dict[int, dict[int, tuple[str, str | None, int]]] = {}
# protocol -> fn(type, data, payload offset, payload length) -> fields to add or replace
PROTOCOL_HOOKS: dict[int, Callable[[int, bytes, int, int], dict]] = {}


def _struct_size(mod: object, name: str | None) -> int:
    if not name:
        return 0
    members = getattr(mod, "STRUCTS", {}).get(name, ())
    return sum(_SIZES.get(t, n) for _m, t, n in members)


def _ops(protocol: int) -> dict[int, tuple[str, str | None, int]]:
    """nlmsg_type -> (spec family, attribute set, fixed header size) of a raw protocol."""
    table = _OPS.get(protocol)
    if table is None:
        from syscall_tables.generated.netlink_specs import FAMILIES

        table = _OPS[protocol] = {}
        for fam, (_mod, _kind, num) in sorted(FAMILIES.items()):
            if num != protocol:
                continue
            mod = spec.module(fam)
            for value, aset, hdr in (mod.OPS.values() if mod else ()):
                if isinstance(value, int) and aset and value not in table:
                    table[value] = (fam, aset, _struct_size(mod, hdr))
    return table


def _genl(t: int, f: int, cmd: int | None, seq: int | None = None,
          pid: int | None = None) -> tuple[str, str | None, int] | None:
    """(spec family, attribute set of the message's command and direction, genlmsghdr size)."""
    name = generic._FAMILIES.get(t) or ("nlctrl" if t == generic.GENL_ID_CTRL else None)
    fam = genl_families.family(name)
    c = fam.lookup(f, cmd, seq, pid) if fam is not None and cmd is not None else None
    return (fam.spec, c.aset, 4) if fam is not None and c is not None and c.aset else None


# NETLINK_ROUTE fixed headers: (first type, last type) -> (struct name, layout, fields)
_ROUTE_HEADERS: tuple[tuple[int, int, str, struct.Struct, tuple[str, ...]], ...] = (
    (16, 19, "ifinfomsg", struct.Struct("<BxHiII"),
     ("ifi_family", "ifi_type", "ifi_index", "ifi_flags", "ifi_change")),
    (20, 23, "ifaddrmsg", struct.Struct("<BBBBI"),
     ("ifa_family", "ifa_prefixlen", "ifa_flags", "ifa_scope", "ifa_index")),
    (24, 27, "rtmsg", struct.Struct("<BBBBBBBBI"),
     ("rtm_family", "rtm_dst_len", "rtm_src_len", "rtm_tos", "rtm_table", "rtm_protocol",
      "rtm_scope", "rtm_type", "rtm_flags")),
    (28, 31, "ndmsg", struct.Struct("<BxxxiHBB"),
     ("ndm_family", "ndm_ifindex", "ndm_state", "ndm_flags", "ndm_type")),
    (32, 35, "fib_rule_hdr", struct.Struct("<BBBBBBBBI"),
     ("family", "dst_len", "src_len", "tos", "table", "res1", "res2", "action", "flags")),
    (36, 47, "tcmsg", struct.Struct("<BxxxiIII"),
     ("tcm_family", "tcm_ifindex", "tcm_handle", "tcm_parent", "tcm_info")),
    (80, 83, "netconfmsg", struct.Struct("<B"), ("ncm_family",)),
    (88, 91, "rtgenmsg", struct.Struct("<B"), ("rtgen_family",)),
    (104, 107, "nhmsg", struct.Struct("<BBBBI"),
     ("nh_family", "nh_scope", "nh_protocol", "resvd", "nh_flags")),
)


def header_fields(name: str, st: struct.Struct, fields: tuple[str, ...], data: bytes, off: int,
                  length: int) -> dict | None:
    """A fixed header as ``{"struct": name, field: value, ...}`` (address families named in
    ``*_family_name``); None when the payload is shorter than the header."""
    if length < st.size or off + st.size > len(data):
        return None
    out: dict = {"struct": name}
    for field, v in zip(fields, st.unpack_from(data, off), strict=True):
        out[field] = v
        if field.endswith("family"):
            out[field + "_name"] = xlat("addrfams").get(v)
    return out


def _route_header(t: int, data: bytes, off: int, length: int) -> dict | None:
    for lo, hi, name, st, fields in _ROUTE_HEADERS:
        if lo <= t <= hi:
            return header_fields(name, st, fields, data, off, length)
    # a type strace does not know: it prints the family byte and the rest as data
    out = header_fields("family", _FAMILY, ("family",), data, off, length)
    if out is not None:
        out["data"] = data[off + 1 : off + length].hex()
    return out


_FAMILY = struct.Struct("<B")


def _genl_header(t: int, data: bytes, off: int, length: int) -> dict | None:
    if length < 4 or off + 4 > len(data):
        return None
    cmd, version, reserved = generic.GENLMSGHDR.unpack_from(data, off)
    out: dict = {"struct": "genlmsghdr", "cmd": cmd, "version": version, "reserved": reserved}
    name = generic._FAMILIES.get(t) or ("nlctrl" if t == generic.GENL_ID_CTRL else None)
    fam = genl_families.family(name)
    if fam is not None:
        f, seq, pid = struct.unpack_from("<HII", data, off - 10) if off >= 10 else (0, None, None)
        out["cmd_name"] = fam.cmd_names(f, seq, pid).get(cmd)
        c = fam.lookup(f, cmd, seq, pid)
        out["direction"] = fam.direction(f, seq, pid)
        if c is not None:
            out["op"] = c.op
    elif t == generic.GENL_ID_CTRL:
        out["cmd_name"] = xlat("genl_ctrl_cmds").get(cmd)
    return out


# protocol -> fn(type, data, payload offset, payload length) -> the fixed header, or None
HEADERS: dict[int, Callable[[int, bytes, int, int], dict | None]] = {
    message.NETLINK_ROUTE: _route_header,
    message.NETLINK_GENERIC: _genl_header,
}


def _register_sock_diag() -> None:
    """NETLINK_SOCK_DIAG: request/reply headers and attribute names (sock_diag_value.py)."""
    from . import sock_diag_value

    HEADERS[message.NETLINK_SOCK_DIAG] = sock_diag_value.header
    PROTOCOL_HOOKS[message.NETLINK_SOCK_DIAG] = sock_diag_value.attrs


_register_sock_diag()


def _names(protocol: int, t: int, f: int) -> dict:
    """``type_name`` (None when unknown) and ``flags_names`` as strace names them."""
    text = message.msg_type(Ctx(protocol=protocol), t)
    names = message.flag_names(protocol, t, f)
    return {"type_name": None if "/*" in text or text.startswith("0x") else text,
            "flags_names": names}


def netlink_value(data: bytes, protocol: int) -> dict:
    """``{"protocol", "raw", "messages": [{len, type, type_name, flags, flags_names, seq, pid,
    raw, header?, error?, cmd?, family?, attrs?}]}``."""
    out: list[dict] = []
    off = 0
    while off + 16 <= len(data) and len(out) < 4096:
        ln, t, f, seq, pid = _HDR.unpack_from(data, off)
        end = min(off + ln, len(data)) if ln >= 16 else len(data)
        msg: dict = {"len": ln, "type": t, "flags": f, "seq": seq, "pid": pid,
                     "raw": data[off + 16 : end].hex()}
        msg.update(_names(protocol, t, f))
        if t == 2 and end - off >= 20:
            msg["error"] = struct.unpack_from("<i", data, off + 16)[0]
        elif t >= 16:
            hdr_of = HEADERS.get(protocol)
            header = hdr_of(t, data, off + 16, end - off - 16) if hdr_of is not None else None
            if header is not None:
                msg["header"] = header
            where = (_genl(t, f, data[off + 16] if end - off >= 20 else None, seq, pid)
                     if protocol == 16 else _ops(protocol).get(t))
            if protocol == 16 and end - off >= 20:
                msg["cmd"] = data[off + 16]
            if where is not None and where[1]:
                fam, aset, hdr = where
                msg["family"] = fam
                msg["attrs"] = spec.spec_value(fam, aset, data, off + 16 + hdr,
                                               end - off - 16 - hdr)
                if protocol == 16:
                    genl_families.uapi_names(fam, aset, msg["attrs"])
            hook = PROTOCOL_HOOKS.get(protocol)
            if hook is not None:
                msg.update(hook(t, data, off + 16, end - off - 16))
        out.append(msg)
        if ln < 16:
            break
        off += (ln + 3) & ~3
    return {"protocol": protocol, "raw": data.hex(), "messages": out}

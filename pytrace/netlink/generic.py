"""NETLINK_GENERIC: nlmsg_type is a family id, printed as the family's name. strace 6.1 asks
the kernel for the families (CTRL_CMD_GETFAMILY dump); pytrace does the same once, and also
learns ids from CTRL_CMD_NEWFAMILY replies seen in the trace.

strace 6.1 prints every generic payload as hex. pytrace goes deeper for nlctrl (the controller
family itself): the genlmsghdr, then the CTRL_ATTR_* list with its nested op, multicast-group
and policy lists; attribute types come from the kernel's nlctrl.yaml (generated spec tables),
names and values from the generated xlat tables. Families with a kernel spec (ethtool, devlink,
netdev, tcp_metrics, mptcp_pm, wireguard: genl_families) print their genlmsghdr and the
attribute set of the message's command and direction. ``PYTRACE_NETLINK=strace`` prints hex."""

from __future__ import annotations

import os
import socket
import struct

from ..printers import Xlat, xlat, xval
from . import genl_families, message, spec
from .core import (
    NLA,
    Ctx,
    NlaDecoder,
    hexstr,
    nla_flags,
    nla_s8,
    nla_s16,
    nla_s32,
    nla_s64,
    nla_str,
    nla_u8,
    nla_u16,
    nla_u32,
    nla_u64,
    nla_x32,
    nla_x64,
    nla_xval,
    nlattrs,
)

GENL_ID_CTRL = 0x10
_FAMILIES: dict[int, str] = {}
_asked = False


def _parse_families(data: bytes) -> None:
    """Record (id, name) from every CTRL_CMD_NEWFAMILY message in ``data``."""
    off = 0
    while off + 20 <= len(data):
        ln, typ = struct.unpack_from("<IH", data, off)
        if ln < 16 or off + ln > len(data):
            break
        if typ == GENL_ID_CTRL and data[off + 16] == 1:  # CTRL_CMD_NEWFAMILY
            fid, name = None, None
            a = off + 20
            while a + 4 <= off + ln:
                alen, atype = NLA.unpack_from(data, a)
                if alen < 4:
                    break
                body = data[a + 4 : a + alen]
                if atype & 0x3FFF == 1 and len(body) >= 2:
                    fid = struct.unpack_from("<H", body)[0]
                elif atype & 0x3FFF == 2:
                    name = body.split(b"\0", 1)[0].decode("ascii", "replace")
                a += (alen + 3) & ~3
            if fid is not None and name:
                _FAMILIES[fid] = name
        off += (ln + 3) & ~3


def ask_kernel() -> None:
    """Dump the generic netlink families of pytrace's network namespace (as strace does)."""
    global _asked
    _asked = True
    try:
        s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW | socket.SOCK_CLOEXEC, 16)
    except OSError:
        return
    try:
        s.settimeout(1.0)
        s.sendto(struct.pack("<IHHII", 20, GENL_ID_CTRL, 0x301, 1, 0) + bytes([3, 1, 0, 0]),
                 (0, 0))
        for _ in range(64):
            data = s.recv(65536)
            _parse_families(data)
            if not data or struct.unpack_from("<H", data, 4)[0] in (2, 3) or _done(data):
                break
    except OSError:
        pass
    finally:
        s.close()


def _done(data: bytes) -> bool:
    off = 0
    last = 0
    while off + 16 <= len(data):
        ln, last = struct.unpack_from("<IH", data, off)
        if ln < 16:
            break
        off += (ln + 3) & ~3
    return last in (2, 3)


def family_type(ctx: Ctx, t: int) -> str:
    if t not in _FAMILIES and not _asked and os.environ.get("PYTRACE_NO_GENL_QUERY") is None:
        ask_kernel()
    pairs = tuple(sorted(_FAMILIES.items()))
    return xval(t, Xlat("genl_families", tuple((v, n) for v, n in pairs)), "GENERIC_FAMILY_???")


# --- nlctrl payloads -------------------------------------------------------------------------

GENLMSGHDR = struct.Struct("<BBH")  # cmd, version, reserved

# spec attribute set -> (xlat of its names, default for unknown ones)
_SETS = {
    "ctrl-attrs": ("genl_ctrl_attrs", "CTRL_ATTR_???"),
    "op-attrs": ("genl_ctrl_op_attrs", "CTRL_ATTR_OP_???"),
    "mcast-group-attrs": ("genl_ctrl_mcast_grp_attrs", "CTRL_ATTR_MCAST_GRP_???"),
    "policy-attrs": ("nl_policy_type_attrs", "NL_POLICY_TYPE_ATTR_???"),
    "op-policy-attrs": ("genl_ctrl_policy_attrs", "CTRL_ATTR_POLICY_???"),
}
# spec enum -> the kernel's constants (the spec's own names are not C identifiers)
_ENUMS = {"attr-type": nla_xval("nl_attr_types", "NL_ATTR_TYPE_???", 4),
          "op-flags": nla_flags("genl_op_flags", "GENL_???", 4)}
_INTS: dict[str, NlaDecoder] = {
    "u8": nla_u8, "u16": nla_u16, "u32": nla_u32, "u64": nla_u64, "s8": nla_s8, "s16": nla_s16,
    "s32": nla_s32, "s64": nla_s64,
}
# masks print in hex (they are bit sets, not counts)
_HEX = {"NL_POLICY_TYPE_ATTR_BITFIELD32_MASK": nla_x32, "NL_POLICY_TYPE_ATTR_MASK": nla_x64}
_TABLES: dict[str, dict[int, NlaDecoder]] = {}
_INDEX = Xlat("index", ())


def _indexed(inner: NlaDecoder, depth: int) -> NlaDecoder:
    """An array of nests keyed by index (``depth`` levels of index before ``inner``)."""
    def dec(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str:
        table = _Every(inner if depth == 1 else _indexed(inner, depth - 1))
        return nlattrs(ctx, buf, off, length, _INDEX, None, table)

    return dec


class _Every(dict):
    """A decoder table that answers every attribute type with one decoder."""

    def __init__(self, dec: NlaDecoder) -> None:
        super().__init__()
        self.dec = dec

    def get(self, key: object, default: object = None) -> NlaDecoder:  # type: ignore[override]
        return self.dec


def _set_decoder(aset: str) -> NlaDecoder:
    names, dflt = _SETS[aset]

    def dec(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str:
        return nlattrs(ctx, buf, off, length, names, dflt, _table(aset))

    return dec


def _table(aset: str) -> dict[int, NlaDecoder]:
    """Attribute number -> decoder for one nlctrl attribute set, typed by the spec."""
    table = _TABLES.get(aset)
    if table is not None:
        return table
    table = _TABLES[aset] = {}
    mod = spec.module("nlctrl")
    x = xlat(_SETS[aset][0])
    for cname, typ, extra in (mod.ATTRS.get(aset, {}) if mod else {}).values():
        v = x.value_of(cname)
        if v is None:
            continue
        dec: NlaDecoder | None = _HEX.get(cname) or _ENUMS.get(extra.get("enum", "")) \
            or _INTS.get(typ)
        if typ == "string":
            dec = nla_str
        elif typ == "array-nest" and extra.get("nest") in _SETS:
            dec = _indexed(_set_decoder(extra["nest"]), 1)
        elif typ == "nest-type-value" and extra.get("nest") in _SETS:
            # CTRL_ATTR_POLICY: policy index -> attribute number -> policy attributes;
            # CTRL_ATTR_OP_POLICY: command -> CTRL_ATTR_POLICY_DO/DUMP
            levels = 2 if extra["nest"] == "policy-attrs" else 1
            dec = _indexed(_set_decoder(extra["nest"]), levels)
        if dec is not None:
            table[v] = dec
    return table


def genlmsghdr(buf: bytes, off: int, cmds: str | Xlat | None,
               dflt: str = "CTRL_CMD_???") -> str:
    cmd, version, reserved = GENLMSGHDR.unpack_from(buf, off)
    names = xlat(cmds) if isinstance(cmds, str) else cmds
    text = "{cmd=%s, version=%u" % (xval(cmd, names, dflt) if names else cmd, version)
    return text + (", reserved=%#x}" % reserved if reserved else "}")


def nlctrl(ctx: Ctx, buf: bytes, off: int, length: int) -> str | None:
    """genlmsghdr and CTRL_ATTR_* of a controller message; None (hex) when too short."""
    if length < GENLMSGHDR.size or off + GENLMSGHDR.size > len(buf):
        return None
    text = genlmsghdr(buf, off, "genl_ctrl_cmds")
    if length > GENLMSGHDR.size:
        text += ", " + _set_decoder("ctrl-attrs")(ctx, buf, off + 4, length - 4, None)
    return text


_SEQ_PID = struct.Struct("<II")  # nlmsg_seq, nlmsg_pid: an mptcp_pm event is seq 0, pid 0


def spec_family(ctx: Ctx, t: int, f: int, buf: bytes, off: int, length: int) -> str | None:
    """genlmsghdr and attributes of a family pytrace has a spec for (genl_families); None
    (hex) for other families and payloads shorter than the genlmsghdr."""
    fam = genl_families.family(_FAMILIES.get(t))
    if fam is None or length < GENLMSGHDR.size or off + GENLMSGHDR.size > len(buf):
        return None
    seq, pid = _SEQ_PID.unpack_from(buf, off - 8) if off >= 8 else (None, None)
    text = genlmsghdr(buf, off, fam.cmd_names(f, seq, pid), fam.prefix + "???")
    if length > GENLMSGHDR.size:
        c = fam.lookup(f, buf[off], seq, pid)
        rest = length - GENLMSGHDR.size
        if c is not None and c.aset:
            text += ", " + spec.spec_decoder(fam.spec, c.aset)(ctx, buf, off + 4, rest, None)
        else:
            text += ", " + hexstr(ctx, buf, off + 4, rest)
    return text


def generic(ctx: Ctx, t: int, f: int, buf: bytes, off: int, length: int) -> str | None:
    if t == GENL_ID_CTRL:
        _parse_families(buf[off - 16 : off + length])
        if not spec.STRICT:
            return nlctrl(ctx, buf, off, length)
    elif not spec.STRICT:
        return spec_family(ctx, t, f, buf, off, length)
    return None


message.TYPE_PRINTERS[message.NETLINK_GENERIC] = family_type
message.PAYLOADS[message.NETLINK_GENERIC] = generic
